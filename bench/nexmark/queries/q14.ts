// q14 as a DataStream job: projection, filter and a UDF over bids (reference q14.sql).

import type { Bid } from "../../../host/connectors/nexmark/index.js";
import { countChar, toEuro, type Q14Row } from "../limit/index.js";
import { hourOfDay } from "../limit/time-format.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/**
 * q14, calculation: bids with `1 000 000 < 0.908 * price < 50 000 000` (exact decimal comparison, as
 * `1e9 < price * 908 < 5e10`), `0.908 * price`, `bidTimeType` by UTC hour (8..18 `dayTime`, <= 6 or >= 20
 * `nightTime`, else `otherTime`) and the UDF `count_char(extra, 'c')`.
 */
export const q14: NexmarkJob<Q14Row> = nexmarkJob((events) =>
  bidsOf(events)
    .filter((b: Bid) => b.price * 908 > 1_000_000_000 && b.price * 908 < 50_000_000_000)
    .name("q14 Filter")
    .map((b: Bid): Q14Row => {
      const hour = hourOfDay(b.dateTime);
      return {
        auction: b.auction,
        bidder: b.bidder,
        price: toEuro(b.price),
        bidTimeType: hour >= 8 && hour <= 18 ? "dayTime" : hour <= 6 || hour >= 20 ? "nightTime" : "otherTime",
        dateTime: b.dateTime,
        extra: b.extra,
        c_counts: countChar(b.extra, "c"),
      };
    })
    .name("q14 Calc"));
