// q12 without the window API: bids per user per processing-time window, from a keyed process function.

import {
  type Collector,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  KeyedProcessFunction,
  type MapState,
  MapStateDescriptor,
  TimeDomain,
} from "../../../../host/index.js";
import type { Bid } from "../../../../host/connectors/nexmark/index.js";
import type { Q12Row } from "../../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "../source.js";
import { windowStartOf } from "./window-start.js";

/** q12's processing-time tumbling window, 10 s. */
const SIZE_MS = 10_000;
/** An event-time timer that only the end of input (`Watermark.MAX`) reaches. */
const END_OF_INPUT = Number.MAX_SAFE_INTEGER;

/**
 * Per bidder `count(*)` per `TUMBLE(PROCTIME(), 10 s)` window: a bid counts in the window of the processing
 * time at which it is processed; a processing-time timer at the window's `end - 1` emits the count. At the
 * end of a bounded input the open windows are emitted too, through an event-time timer only `Watermark.MAX`
 * reaches (Flink 1.13 would drop them; the hand-written query makes the same choice as this job).
 */
class ProcessingTimeCount extends KeyedProcessFunction<number, Bid, Q12Row> {
  private counts!: MapState<number, number>;

  override open(): void {
    this.counts = this.getRuntimeContext().getMapState(new MapStateDescriptor<number, number>("window-counts"));
  }

  processElement(_b: Bid, ctx: KeyedProcessContext<number>): void {
    const timers = ctx.timerService();
    const start = windowStartOf(timers.currentProcessingTime(), SIZE_MS);
    const count = this.counts.get(start);
    if (count === null) {
      timers.registerProcessingTimeTimer(start + SIZE_MS - 1);
      timers.registerEventTimeTimer(END_OF_INPUT);
    }
    this.counts.put(start, (count ?? 0) + 1);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<Q12Row>): void {
    const bidder = ctx.getCurrentKey();
    if (ctx.timeDomain() === TimeDomain.PROCESSING_TIME) {
      const start = timestamp + 1 - SIZE_MS;
      const count = this.counts.get(start);
      if (count === null) return;
      out.collect({ bidder, bid_count: count, starttime: start, endtime: start + SIZE_MS });
      this.counts.remove(start);
      return;
    }
    for (const [start, count] of this.counts.entries()) out.collect({ bidder, bid_count: count, starttime: start, endtime: start + SIZE_MS });
    this.counts.clear();
  }
}

/**
 * q12, processing-time windows: `count(*)` per bidder per `TUMBLE(PROCTIME(), 10 s)`. Processing time is the
 * environment's clock (inject a `ManualClock` through the environment options to make it deterministic).
 */
export const q12Timers: NexmarkJob<Q12Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.bidder)
    .process(new ProcessingTimeCount())
    .name("q12 Processing Time Windows"));
