// q0 as a DataStream job: pass through every bid (reference q0.sql).

import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q0Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q0, pass through: `SELECT auction, bidder, price, dateTime, extra FROM bid`. */
export const q0: NexmarkJob<Q0Row> = nexmarkJob((events) =>
  bidsOf(events)
    .map((b: Bid): Q0Row => ({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra }))
    .name("q0 Project"));
