// q2 as a DataStream job: bids on every 123rd auction (reference q2.sql).

import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q2Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q2, selection: `SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`. */
export const q2: NexmarkJob<Q2Row> = nexmarkJob((events) =>
  bidsOf(events)
    .filter((b: Bid) => b.auction % 123 === 0)
    .name("q2 Filter")
    .map((b: Bid): Q2Row => ({ auction: b.auction, price: b.price }))
    .name("q2 Project"));
