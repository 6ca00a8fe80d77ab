// q14 hand-written: projection, filter and UDF over bids (reference q14.sql, UDF CountChar).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { toEuro } from "./q1.js";
import type { BaselineQuery } from "./query.js";
import { hourOfDay } from "./time-format.js";

/** q14 output row (see {@link q14}). */
export interface Q14Row {
  auction: number;
  bidder: number;
  price: number;
  bidTimeType: "dayTime" | "nightTime" | "otherTime";
  dateTime: number;
  extra: string;
  c_counts: number;
}

/** The reference UDF `count_char(s, c)`: occurrences of the (single-byte) character `c` in `s`. */
export function countChar(s: string, c: string): number {
  const code = c.charCodeAt(0);
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) n++;
  return n;
}

/**
 * q14, calculation: bids with `1 000 000 < 0.908 * price < 50 000 000` (compared exactly as
 * `1e9 < price * 908 < 5e10`), price converted with `toEuro`, `bidTimeType` from the UTC hour
 * (`dayTime` for 8..18, `nightTime` for <= 6 or >= 20, else `otherTime`) and `c_counts = count_char(extra, 'c')`.
 * Append-only.
 */
export const q14: BaselineQuery<Q14Row> = {
  name: "q14",
  title: "Calculation",
  output: { kind: "append" },
  create(emit) {
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        const scaled = b.price * 908;
        if (!(scaled > 1_000_000_000 && scaled < 50_000_000_000)) return;
        const hour = hourOfDay(b.dateTime);
        const bidTimeType = hour >= 8 && hour <= 18 ? "dayTime" : hour <= 6 || hour >= 20 ? "nightTime" : "otherTime";
        emit({
          auction: b.auction,
          bidder: b.bidder,
          price: toEuro(b.price),
          bidTimeType,
          dateTime: b.dateTime,
          extra: b.extra,
          c_counts: countChar(b.extra, "c"),
        });
      },
      finish() {},
    };
  },
};
