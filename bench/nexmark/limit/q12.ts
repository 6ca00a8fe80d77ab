// q12 hand-written: bids per user in 10 s processing-time windows, on a deterministic clock (reference q12.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";
import { windowStart } from "./watermark.js";

/** q12 output row: `bidder, count(*) AS bid_count, window_start AS starttime, window_end AS endtime`. */
export interface Q12Row {
  bidder: number;
  bid_count: number;
  starttime: number;
  endtime: number;
}

/** q12's processing-time tumbling window size, 10 s. */
export const Q12_SIZE_MS = 10_000;

/**
 * q12, processing-time windows: `count(*)` per bidder per `TUMBLE(.., PROCTIME(), 10 s)` window. Processing
 * time comes from `options.processingClock(ordinal)` for the `ordinal`-th input event (all kinds), so the
 * result is a function of the input: a window `[s, s + 10 s)` (aligned to epoch 0) holds the bids
 * processed at a clock reading in it, and fires before the first event whose clock reading is at or past
 * its end; the clock must never go back. At end of input the open window fires too (a choice: Flink 1.13 drops pending processing-time
 * windows when a bounded input ends). Append-only; final result: one row per (window, bidder) with bids.
 */
export const q12: BaselineQuery<Q12Row> = {
  name: "q12",
  title: "Processing time windows",
  output: { kind: "append" },
  create(emit, options) {
    const clock = options.processingClock;
    let ordinal = 0;
    let previous = -Infinity;
    let start = NaN;
    let counts = new Map<number, number>();

    const fire = (): void => {
      for (const [bidder, n] of counts) emit({ bidder, bid_count: n, starttime: start, endtime: start + Q12_SIZE_MS });
      counts = new Map();
    };

    return {
      process(event: Event) {
        const now = clock(ordinal++);
        if (now < previous) throw new RangeError(`q12: processing clock went back from ${previous} to ${now}`);
        previous = now;
        if (now >= start + Q12_SIZE_MS) fire();
        if (!(now >= start && now < start + Q12_SIZE_MS)) start = windowStart(now, Q12_SIZE_MS);
        if (event.type !== 2) return;
        const bidder = event.bid.bidder;
        counts.set(bidder, (counts.get(bidder) ?? 0) + 1);
      },
      finish() {
        fire();
      },
    };
  },
};
