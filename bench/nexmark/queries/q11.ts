// q11 as a DataStream job: bids per user session with a 10 s gap (reference q11.sql).

import { type Collector, EventTimeSessionWindows, type TimeWindow, WindowAggregates } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q11Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q11's session gap, 10 s. */
const GAP_MS = 10_000;

/** q11, user sessions: per bidder `SESSION(dateTime, 10 s)` windows with `count(*)`, start and end. */
export const q11: NexmarkJob<Q11Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.bidder)
    .window(EventTimeSessionWindows.withGap(GAP_MS))
    .aggregate(WindowAggregates.count<Bid>(), (bidder: number, window: TimeWindow, counts: Iterable<number>, out: Collector<Q11Row>) => {
      for (const bid_count of counts) out.collect({ bidder, bid_count, starttime: window.start, endtime: window.end });
    })
    .name("q11 Sessions"));
