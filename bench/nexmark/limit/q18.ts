// q18 hand-written: last bid of each bidder on each auction (reference q18.sql).

import type { Bid, Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q18 output row: the bid's columns `auction, bidder, price, channel, url, dateTime, extra`. */
export type Q18Row = Bid;

/**
 * q18, find last bid: `ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) <= 1`, a
 * rowtime deduplication keeping the last row: a bid replaces the kept one when its `dateTime` is at least
 * the kept one's (equal times: the later arrival wins, as Flink's keep-last-row). Upsert by
 * (bidder, auction); final result: one row per pair. Rows are the input bids themselves (same columns).
 */
export const q18: BaselineQuery<Q18Row> = {
  name: "q18",
  title: "Find last bid",
  output: { kind: "upsert", key: (row) => row.bidder + "\u0000" + row.auction },
  create(emit) {
    const last = new Map<number, Map<number, Bid>>();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        let auctions = last.get(b.bidder);
        if (auctions === undefined) {
          auctions = new Map();
          last.set(b.bidder, auctions);
        }
        const kept = auctions.get(b.auction);
        if (kept !== undefined && b.dateTime < kept.dateTime) return;
        auctions.set(b.auction, b);
        emit(b);
      },
      finish() {},
    };
  },
};
