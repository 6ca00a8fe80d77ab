// q1 as a DataStream job: currency conversion of every bid's price (reference q1.sql).

import type { Bid } from "../../../host/connectors/nexmark/index.js";
import { toEuro, type Q1Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q1, currency conversion: `SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid` (price * 908 / 1000). */
export const q1: NexmarkJob<Q1Row> = nexmarkJob((events) =>
  bidsOf(events)
    .map((b: Bid): Q1Row => ({ auction: b.auction, bidder: b.bidder, price: toEuro(b.price), dateTime: b.dateTime, extra: b.extra }))
    .name("q1 Currency Conversion"));
