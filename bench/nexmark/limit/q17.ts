// q17 hand-written: per auction and day bid statistics (reference q17.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { RANK1_BELOW, RANK2_BELOW } from "./bid-statistics.js";
import type { BaselineQuery } from "./query.js";
import { TimeFormatter } from "./time-format.js";

/** q17 output row. */
export interface Q17Row {
  auction: number;
  day: string;
  total_bids: number;
  rank1_bids: number;
  rank2_bids: number;
  rank3_bids: number;
  min_price: number;
  max_price: number;
  avg_price: number;
  sum_price: number;
}

interface AuctionDay {
  total: number;
  rank1: number;
  rank2: number;
  rank3: number;
  min: number;
  max: number;
  sum: number;
}

/**
 * q17, auction statistics: `GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd')` with `count(*)`,
 * counts per price rank, `min`, `max`, `avg` (BIGINT, truncated toward zero as Flink's AVG on BIGINT) and
 * `sum` of price. Upsert by (auction, day), one row per bid; final result: one row per auction and day.
 */
export const q17: BaselineQuery<Q17Row> = {
  name: "q17",
  title: "Auction statistics report",
  output: { kind: "upsert", key: (row) => row.auction + "\u0000" + row.day },
  create(emit) {
    const time = new TimeFormatter();
    const days = new Map<string, Map<number, AuctionDay>>();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        const day = time.date(b.dateTime);
        let auctions = days.get(day);
        if (auctions === undefined) {
          auctions = new Map();
          days.set(day, auctions);
        }
        let s = auctions.get(b.auction);
        if (s === undefined) {
          s = { total: 0, rank1: 0, rank2: 0, rank3: 0, min: b.price, max: b.price, sum: 0 };
          auctions.set(b.auction, s);
        }
        s.total++;
        if (b.price < RANK1_BELOW) s.rank1++;
        else if (b.price < RANK2_BELOW) s.rank2++;
        else s.rank3++;
        if (b.price < s.min) s.min = b.price;
        if (b.price > s.max) s.max = b.price;
        s.sum += b.price;
        emit({
          auction: b.auction,
          day,
          total_bids: s.total,
          rank1_bids: s.rank1,
          rank2_bids: s.rank2,
          rank3_bids: s.rank3,
          min_price: s.min,
          max_price: s.max,
          avg_price: Math.trunc(s.sum / s.total),
          sum_price: s.sum,
        });
      },
      finish() {},
    };
  },
};
