// q0 hand-written: pass-through of every bid (reference q0.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q0 output row: `SELECT auction, bidder, price, dateTime, extra FROM bid`. */
export interface Q0Row {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  extra: string;
}

/**
 * q0, pass through: one row per bid with the bid's columns. Append-only; the result is every bid, in
 * input order. Measures source and sink overhead.
 */
export const q0: BaselineQuery<Q0Row> = {
  name: "q0",
  title: "Pass through",
  output: { kind: "append" },
  create(emit) {
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        emit({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra });
      },
      finish() {},
    };
  },
};
