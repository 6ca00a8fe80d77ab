// q5 as a DataStream job: hot items, the auctions with the most bids per sliding window (reference q5.sql).

import {
  type AggregateFunction,
  type Collector,
  SlidingEventTimeWindows,
  type TimeWindow,
  TumblingEventTimeWindows,
  WindowAggregates,
} from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q5Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q5's HOP window: 10 s long, every 2 s. */
const SIZE_MS = 10_000;
const SLIDE_MS = 2_000;

/** `count(*)` of one auction in one window, with the window's end. */
export interface AuctionCount {
  readonly auction: number;
  readonly num: number;
  readonly windowEnd: number;
}

/** The auctions with the highest count (ties kept) among a window's counts. */
interface Leaders {
  max: number;
  auctions: number[];
}

/** Incremental arg-max with ties: Flink's `MaxBids` joined back with `num >= maxn`. */
const HOTTEST: AggregateFunction<AuctionCount, Leaders, Leaders> = {
  createAccumulator: () => ({ max: 0, auctions: [] }),
  add(c, acc) {
    if (c.num > acc.max) {
      acc.max = c.num;
      acc.auctions = [c.auction];
    } else if (c.num === acc.max) {
      acc.auctions.push(c.auction);
    }
    return acc;
  },
  getResult: (acc) => acc,
  merge(a, b) {
    if (a.max !== b.max) return a.max > b.max ? a : b;
    return { max: a.max, auctions: [...a.auctions, ...b.auctions] };
  },
};

/**
 * q5, hot items: `count(*)` per auction per `HOP(dateTime, 2 s, 10 s)` window, then per window the auctions
 * whose count is the window's maximum. The counts of a window carry its `end - 1` as timestamp, so keyed by
 * window end they fall into one 2 s tumbling window each, which fires once all of them arrived.
 */
export const q5: NexmarkJob<Q5Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.auction)
    .window(SlidingEventTimeWindows.of(SIZE_MS, SLIDE_MS))
    .aggregate(WindowAggregates.count<Bid>(), (auction: number, window: TimeWindow, counts: Iterable<number>, out: Collector<AuctionCount>) => {
      for (const num of counts) out.collect({ auction, num, windowEnd: window.end });
    })
    .name("q5 Count per Auction and Window")
    .keyBy((c: AuctionCount) => c.windowEnd)
    .window(TumblingEventTimeWindows.of(SLIDE_MS))
    .aggregate(HOTTEST, (_end: number, _window: TimeWindow, results: Iterable<Leaders>, out: Collector<Q5Row>) => {
      for (const leaders of results) for (const auction of leaders.auctions) out.collect({ auction, num: leaders.max });
    })
    .name("q5 Hot Items"));
