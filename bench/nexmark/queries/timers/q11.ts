// q11 without the window API: bids per user session, from a keyed process function and event-time timers.

import {
  type Collector,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  KeyedProcessFunction,
  type ValueState,
  ValueStateDescriptor,
} from "../../../../host/index.js";
import type { Bid } from "../../../../host/connectors/nexmark/index.js";
import type { Q11Row } from "../../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "../source.js";

/** q11's session gap, 10 s. */
const GAP_MS = 10_000;

/** An open session `[start, end)` with its bid count. */
interface Session {
  start: number;
  end: number;
  count: number;
}

/**
 * Per bidder, session windows merged as Flink's `MergingWindowSet`: each bid opens `[ts, ts + gap)`, merged
 * with every open session it intersects (touching included: `start <= other.end && end >= other.start`).
 * Each session has an event-time timer at `end - 1`; merging moves it (timers at other ends are deleted). A bid
 * whose own session the watermark has passed, and which merges with nothing, is dropped as late.
 */
class Sessions extends KeyedProcessFunction<number, Bid, Q11Row> {
  private sessions!: ValueState<Session[]>;

  override open(): void {
    this.sessions = this.getRuntimeContext().getState(new ValueStateDescriptor<Session[]>("sessions"));
  }

  processElement(b: Bid, ctx: KeyedProcessContext<number>): void {
    const timers = ctx.timerService();
    const start = b.dateTime;
    const end = start + GAP_MS;
    const open = this.sessions.value() ?? [];
    const merged: Session = { start, end, count: 1 };
    const rest: Session[] = [];
    const absorbed: Session[] = [];
    for (const s of open) {
      if (s.start <= merged.end && s.end >= merged.start) {
        absorbed.push(s);
        merged.start = Math.min(merged.start, s.start);
        merged.end = Math.max(merged.end, s.end);
        merged.count += s.count;
      } else {
        rest.push(s);
      }
    }
    if (absorbed.length === 0 && end - 1 <= timers.currentWatermark()) return; // late
    // Move the timers: keep the one already at the merged end, delete the others.
    let timerKept = false;
    for (const s of absorbed) {
      if (s.end === merged.end && !timerKept) timerKept = true;
      else if (s.end !== merged.end) timers.deleteEventTimeTimer(s.end - 1);
    }
    if (!timerKept) timers.registerEventTimeTimer(merged.end - 1);
    rest.push(merged);
    this.sessions.update(rest);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<Q11Row>): void {
    const open = this.sessions.value();
    if (open === null) return;
    const rest: Session[] = [];
    for (const s of open) {
      if (s.end - 1 <= timestamp) out.collect({ bidder: ctx.getCurrentKey(), bid_count: s.count, starttime: s.start, endtime: s.end });
      else rest.push(s);
    }
    if (rest.length === 0) this.sessions.clear();
    else this.sessions.update(rest);
  }
}

/**
 * q11, user sessions: per bidder `SESSION(dateTime, 10 s)` windows with `count(*)`, start and end. Written
 * with a keyed process function and event-time timers.
 */
export const q11Timers: NexmarkJob<Q11Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.bidder)
    .process(new Sessions())
    .name("q11 Sessions"));
