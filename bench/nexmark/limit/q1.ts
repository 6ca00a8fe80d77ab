// q1 hand-written: currency conversion of every bid's price (reference q1.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q1 output row: `SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid`. */
export interface Q1Row {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  extra: string;
}

/**
 * Dollars to euros as q1/q14's `0.908 * price` (a DECIMAL(23, 3) in Flink): `price * 908 / 1000`, the
 * double nearest the exact decimal (`price * 0.908` can differ in the last bit). Jobs must use the same form.
 */
export function toEuro(price: number): number {
  return (price * 908) / 1000;
}

/** q1, currency conversion: one row per bid, price converted with {@link toEuro}. Append-only. */
export const q1: BaselineQuery<Q1Row> = {
  name: "q1",
  title: "Currency conversion",
  output: { kind: "append" },
  create(emit) {
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        emit({ auction: b.auction, bidder: b.bidder, price: toEuro(b.price), dateTime: b.dateTime, extra: b.extra });
      },
      finish() {},
    };
  },
};
