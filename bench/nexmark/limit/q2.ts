// q2 hand-written: selection of bids on every 123rd auction (reference q2.sql, Flink variant).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q2 output row: `SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`. */
export interface Q2Row {
  auction: number;
  price: number;
}

/** q2, selection: one row per bid whose auction id is a multiple of 123. Append-only. */
export const q2: BaselineQuery<Q2Row> = {
  name: "q2",
  title: "Selection",
  output: { kind: "append" },
  create(emit) {
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        if (b.auction % 123 === 0) emit({ auction: b.auction, price: b.price });
      },
      finish() {},
    };
  },
};
