// q15 hand-written: bidding statistics per day with distinct counts (reference q15.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { BidStatistics, type BidStatisticsColumns } from "./bid-statistics.js";
import type { BaselineQuery } from "./query.js";
import { TimeFormatter } from "./time-format.js";

/** q15 output row: `day` then the twelve statistics columns. */
export interface Q15Row extends BidStatisticsColumns {
  day: string;
}

/**
 * q15, bidding statistics: `GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd')` (UTC) with `count(*)` and
 * `count(DISTINCT bidder)`, `count(DISTINCT auction)`, each overall and filtered by price rank
 * (`< 10 000`, `[10 000, 1 000 000)`, `>= 1 000 000`). An unbounded group aggregate: upsert by day, one
 * row per bid; final result: one row per day.
 */
export const q15: BaselineQuery<Q15Row> = {
  name: "q15",
  title: "Bidding statistics report",
  output: { kind: "upsert", key: (row) => row.day },
  create(emit) {
    const time = new TimeFormatter();
    const days = new Map<string, BidStatistics>();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        const day = time.date(b.dateTime);
        let stats = days.get(day);
        if (stats === undefined) {
          stats = new BidStatistics();
          days.set(day, stats);
        }
        stats.add(b);
        const row = stats.columns() as Q15Row;
        row.day = day;
        emit(row);
      },
      finish() {},
    };
  },
};
