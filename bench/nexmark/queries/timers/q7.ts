// q7 without the window API: the highest bid per tumbling window, from a keyed co-process function and timers.

import {
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  type ListState,
  ListStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../../host/index.js";
import type { Bid } from "../../../../host/connectors/nexmark/index.js";
import type { Q7Row } from "../../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "../source.js";
import { windowStartOf } from "./window-start.js";

/** q7's tumbling window, 10 s. */
const SIZE_MS = 10_000;

function row(b: Bid): Q7Row {
  return { auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra };
}

/** The bids of one window priced at its running maximum. */
interface Top {
  max: number;
  bids: Bid[];
}

/**
 * Per window (keyed by its start `s`): input 1 are the window's own bids (`s <= dateTime < s + 10 s`), which
 * decide `MAX(price)`; input 2 are the bids at exactly `s + 10 s`, which belong to the next window but also
 * satisfy the reference's join condition `dateTime BETWEEN window_end - 10 s AND window_end`. A timer at
 * `end - 1` (the window firing, as `TUMBLE ... GROUP BY`) emits the bids of both kinds priced at the maximum;
 * the maximum stays until the watermark passes `end`, for boundary bids that arrive after the window fired.
 * A window with only boundary bids never fires (it has no maximum).
 */
class HighestBid extends KeyedCoProcessFunction<number, Bid, Bid, Q7Row> {
  private top!: ValueState<Top>;
  private boundary!: ListState<Bid>;
  private fired!: ValueState<number>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.top = ctx.getState(new ValueStateDescriptor<Top>("top"));
    this.boundary = ctx.getListState(new ListStateDescriptor<Bid>("boundary-bids"));
    this.fired = ctx.getState(new ValueStateDescriptor<number>("fired-max"));
  }

  processElement1(b: Bid, ctx: KeyedProcessContext<number>, out: Collector<Q7Row>): void {
    const fired = this.fired.value();
    if (fired !== null) {
      if (b.price === fired) out.collect(row(b)); // late: the regular join still matches it
      return;
    }
    const top = this.top.value();
    if (top === null) {
      this.top.update({ max: b.price, bids: [b] });
      ctx.timerService().registerEventTimeTimer(ctx.getCurrentKey() + SIZE_MS - 1);
    } else if (b.price > top.max) {
      top.max = b.price;
      top.bids = [b];
      this.top.update(top);
    } else if (b.price === top.max) {
      top.bids.push(b);
      this.top.update(top);
    }
  }

  processElement2(b: Bid, ctx: KeyedProcessContext<number>, out: Collector<Q7Row>): void {
    const fired = this.fired.value();
    if (fired !== null) {
      if (b.price === fired) out.collect(row(b));
      return;
    }
    this.boundary.add(b);
    ctx.timerService().registerEventTimeTimer(ctx.getCurrentKey() + SIZE_MS);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<Q7Row>): void {
    const end = ctx.getCurrentKey() + SIZE_MS;
    if (timestamp === end - 1) {
      const top = this.top.value();
      if (top === null) return;
      for (const b of top.bids) out.collect(row(b));
      for (const b of this.boundary.get()) if (b.price === top.max) out.collect(row(b));
      this.top.clear();
      this.boundary.clear();
      this.fired.update(top.max);
      ctx.timerService().registerEventTimeTimer(end);
    } else {
      // The watermark passed the window's end: no boundary bid can come any more.
      this.top.clear();
      this.boundary.clear();
      this.fired.clear();
    }
  }
}

/**
 * q7, highest bid: `MAX(price)` per `TUMBLE(dateTime, 10 s)` window joined with the bids of
 * `[window_end - 10 s, window_end]` priced at it. Written with a keyed co-process function per window and
 * event-time timers.
 */
export const q7Timers: NexmarkJob<Q7Row> = nexmarkJob((events) => {
  const all = bidsOf(events);
  const boundary = all.filter((b: Bid) => b.dateTime % SIZE_MS === 0).name("q7 Window Boundary Bids");
  return all
    .keyBy((b: Bid) => windowStartOf(b.dateTime, SIZE_MS))
    .connect(boundary.keyBy((b: Bid) => b.dateTime - SIZE_MS))
    .process(new HighestBid())
    .name("q7 Highest Bid");
});
