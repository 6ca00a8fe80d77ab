// q7 as a DataStream job: the highest bid per 10 s tumbling window, joined back to the bids (reference q7.sql).

import { type Collector, type TimeWindow, TumblingEventTimeWindows, WindowAggregates } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q7Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q7's tumbling window, 10 s. */
const SIZE_MS = 10_000;

/** `MAX(price)` of one window and the window's end (the reference's `B1`). */
export interface WindowMax {
  readonly maxPrice: number;
  readonly windowEnd: number;
}

/**
 * q7, highest bid: `MAX(price)` per `TUMBLE(dateTime, 10 s)` window over all bids (`windowAll`, one subtask,
 * as the reference's global aggregate), joined with the bids on `B.price = B1.maxprice AND B.dateTime
 * BETWEEN B1.dateTime - 10 s AND B1.dateTime`. The join is an interval join keyed by price: a window result
 * carries `end - 1` as timestamp, so `end - 10 s <= dateTime <= end` is `maxTs in [bidTs - 1, bidTs + 9999]`.
 */
export const q7: NexmarkJob<Q7Row> = nexmarkJob((events) => {
  const bids = bidsOf(events);
  const maxima = bids
    .windowAll(TumblingEventTimeWindows.of(SIZE_MS))
    .aggregate(WindowAggregates.max<Bid>("price"), (window: TimeWindow, maxima: Iterable<number>, out: Collector<WindowMax>) => {
      for (const maxPrice of maxima) out.collect({ maxPrice, windowEnd: window.end });
    })
    .name("q7 Max Price per Window");
  return bids
    .keyBy((b: Bid) => b.price)
    .intervalJoin(maxima.keyBy((m: WindowMax) => m.maxPrice))
    .between(-1, SIZE_MS - 1)
    .process((b: Bid, _m: WindowMax, _ctx, out: Collector<Q7Row>) => {
      out.collect({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra });
    })
    .name("q7 Join Highest Bids");
});
