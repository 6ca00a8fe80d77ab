// q12 as a DataStream job: bids per user in 10 s processing-time windows (reference q12.sql).

import {
  type Collector,
  type TimeWindow,
  type TriggerContext,
  TriggerResult,
  type TriggerObject,
  TumblingProcessingTimeWindows,
  WindowAggregates,
} from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q12Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q12's processing-time tumbling window, 10 s. */
const SIZE_MS = 10_000;
/** An event-time timer that only the end of input (`Watermark.MAX`) reaches. */
const END_OF_INPUT = Number.MAX_SAFE_INTEGER;

/**
 * Flink's `ProcessingTimeTrigger`, plus: fire at the end of a bounded input. Flink 1.13 drops processing-time
 * windows still open when the input ends; the hand-written q12 emits them, and so does this trigger, through an
 * event-time timer only `Watermark.MAX` reaches.
 */
const PROCESSING_TIME_OR_END_OF_INPUT: TriggerObject<Bid, TimeWindow> = {
  onElement(_bid: Bid, _timestamp: number, window: TimeWindow, ctx: TriggerContext) {
    ctx.registerProcessingTimeTimer(window.maxTimestamp());
    ctx.registerEventTimeTimer(END_OF_INPUT);
    return TriggerResult.CONTINUE;
  },
  onProcessingTime: () => TriggerResult.FIRE,
  onEventTime: () => TriggerResult.FIRE,
  clear(window: TimeWindow, ctx: TriggerContext) {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp());
    ctx.deleteEventTimeTimer(END_OF_INPUT);
  },
};

/**
 * q12, processing-time windows: `count(*)` per bidder per `TUMBLE(PROCTIME(), 10 s)`. Processing time is the
 * environment's clock (inject a `ManualClock` through the environment options to make it deterministic).
 */
export const q12: NexmarkJob<Q12Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.bidder)
    .window(TumblingProcessingTimeWindows.of(SIZE_MS))
    .trigger(PROCESSING_TIME_OR_END_OF_INPUT)
    .aggregate(WindowAggregates.count<Bid>(), (bidder: number, window: TimeWindow, counts: Iterable<number>, out: Collector<Q12Row>) => {
      for (const bid_count of counts) out.collect({ bidder, bid_count, starttime: window.start, endtime: window.end });
    })
    .name("q12 Processing Time Windows"));
