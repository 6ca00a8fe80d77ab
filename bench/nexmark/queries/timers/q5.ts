// q5 without the window API: hot items per sliding window, from keyed process functions and event-time timers.

import {
  type Collector,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  KeyedProcessFunction,
  type MapState,
  MapStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../../host/index.js";
import type { Bid } from "../../../../host/connectors/nexmark/index.js";
import type { Q5Row } from "../../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "../source.js";
import { windowStartOf } from "./window-start.js";

/** q5's HOP window: 10 s long, every 2 s. */
const SIZE_MS = 10_000;
const SLIDE_MS = 2_000;

/** `count(*)` of one auction in one window, tagged with the window's end. */
export interface AuctionCount {
  readonly auction: number;
  readonly num: number;
  readonly windowEnd: number;
}

/**
 * `count(*) GROUP BY auction, HOP(dateTime, 2 s, 10 s)` written as Flink's window operator works: per auction
 * one counter per window (map state keyed by window end) and an event-time timer at each window's
 * `end - 1`, registered with the window's first bid; a bid is counted in each of its five windows the watermark has not passed (allowed lateness 0).
 * The timer emits the count (timestamped `end - 1`) and drops the window.
 */
class SlidingCount extends KeyedProcessFunction<number, Bid, AuctionCount> {
  private counts!: MapState<number, number>;

  override open(): void {
    this.counts = this.getRuntimeContext().getMapState(new MapStateDescriptor<number, number>("window-counts"));
  }

  processElement(b: Bid, ctx: KeyedProcessContext<number>): void {
    const timers = ctx.timerService();
    const watermark = timers.currentWatermark();
    const last = windowStartOf(b.dateTime, SLIDE_MS);
    for (let start = last; start > b.dateTime - SIZE_MS; start -= SLIDE_MS) {
      const end = start + SIZE_MS;
      if (end - 1 <= watermark) continue; // late for this window
      const count = this.counts.get(end);
      if (count === null) timers.registerEventTimeTimer(end - 1); // the window's first bid
      this.counts.put(end, (count ?? 0) + 1);
    }
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<AuctionCount>): void {
    const end = timestamp + 1;
    const num = this.counts.get(end);
    if (num === null) return;
    this.counts.remove(end);
    out.collect({ auction: ctx.getCurrentKey(), num, windowEnd: end });
  }
}

/** The auctions of one window with the highest count so far. */
interface Leaders {
  max: number;
  auctions: number[];
}

/**
 * Per window (keyed by its end): the auctions whose count is the window's maximum, ties kept (the reference
 * joins the counts with their per-window `max` on `num >= maxn`). The counts of a window arrive before the
 * watermark passes its `end - 1` (they are emitted by timers at that time), so a timer there emits the result.
 */
class HotItems extends KeyedProcessFunction<number, AuctionCount, Q5Row> {
  private leaders!: ValueState<Leaders>;

  override open(): void {
    this.leaders = this.getRuntimeContext().getState(new ValueStateDescriptor<Leaders>("leaders"));
  }

  processElement(c: AuctionCount, ctx: KeyedProcessContext<number>): void {
    const leaders = this.leaders.value();
    if (leaders === null) {
      this.leaders.update({ max: c.num, auctions: [c.auction] });
      ctx.timerService().registerEventTimeTimer(c.windowEnd - 1);
    } else if (c.num > leaders.max) {
      leaders.max = c.num;
      leaders.auctions = [c.auction];
      this.leaders.update(leaders);
    } else if (c.num === leaders.max) {
      leaders.auctions.push(c.auction);
      this.leaders.update(leaders);
    }
  }

  override onTimer(_timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<Q5Row>): void {
    const leaders = this.leaders.value();
    if (leaders === null) return;
    for (const auction of leaders.auctions) out.collect({ auction, num: leaders.max });
    this.leaders.clear();
  }
}

/**
 * q5, hot items: per `HOP(dateTime, 2 s, 10 s)` window the auctions with the most bids. Written with keyed
 * process functions and event-time timers (the window operator's own technique).
 */
export const q5Timers: NexmarkJob<Q5Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.auction)
    .process(new SlidingCount())
    .name("q5 Sliding Count")
    .keyBy((c: AuctionCount) => c.windowEnd)
    .process(new HotItems())
    .name("q5 Hot Items"));
