// q19 hand-written: the ten highest bids of each auction (reference q19.sql).

import type { Bid, Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q19 output row: the bid's columns plus `rank_number` (1..10). */
export interface Q19Row {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
  rank_number: number;
}

/** q19's N. */
export const Q19_TOP = 10;

/**
 * q19, auction top-10 price: `ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) <= 10`. Equal
 * prices rank in arrival order (Flink's append-only Top-N keeps equal sort keys in insertion order). A bid
 * entering at rank r shifts ranks r.. down; each changed rank is re-emitted. Upsert by
 * (auction, rank_number); final result: each auction's top min(10, bids) bids with their ranks.
 */
export const q19: BaselineQuery<Q19Row> = {
  name: "q19",
  title: "Auction top-10 price",
  output: { kind: "upsert", key: (row) => row.auction + "\u0000" + row.rank_number },
  create(emit) {
    const tops = new Map<number, Bid[]>();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        let top = tops.get(b.auction);
        if (top === undefined) {
          top = [];
          tops.set(b.auction, top);
        }
        let at = top.length;
        while (at > 0 && top[at - 1]!.price < b.price) at--;
        if (at >= Q19_TOP) return;
        top.splice(at, 0, b);
        if (top.length > Q19_TOP) top.pop();
        for (let i = at; i < top.length; i++) {
          const x = top[i]!;
          emit({
            auction: x.auction,
            bidder: x.bidder,
            price: x.price,
            channel: x.channel,
            url: x.url,
            dateTime: x.dateTime,
            extra: x.extra,
            rank_number: i + 1,
          });
        }
      },
      finish() {},
    };
  },
};
