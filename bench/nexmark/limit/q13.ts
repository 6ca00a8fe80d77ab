// q13 hand-written: bids enriched from a bounded side input by auction id modulo 10 000 (reference q13.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q13 output row: `SELECT B.auction, B.bidder, B.price, B.dateTime, S.value FROM bid B JOIN side_input S ON mod(B.auction, 10000) = S.key`. */
export interface Q13Row {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  value: string;
}

/** Rows of the reference side input file (`SideInputGenerator`: lines `i,i` for `i` in `[0, 10000)`). */
export const SIDE_INPUT_ROWS = 10_000;

/** The reference side input: key `i` -> value `String(i)` for `0 <= i < rows`. */
export function defaultSideInput(rows = SIDE_INPUT_ROWS): Map<number, string> {
  const side = new Map<number, string>();
  for (let i = 0; i < rows; i++) side.set(i, String(i));
  return side;
}

/**
 * q13, bounded side input join: each bid joined with the side input row keyed `auction % 10000`
 * (a lookup join: the side input is static, so processing time does not matter). Inner join: a bid
 * without a side input row yields nothing. Append-only.
 */
export const q13: BaselineQuery<Q13Row> = {
  name: "q13",
  title: "Bounded side input join",
  output: { kind: "append" },
  create(emit, options) {
    const side = options.sideInput;
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        const value = side.get(b.auction % 10000);
        if (value !== undefined) emit({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, value });
      },
      finish() {},
    };
  },
};
