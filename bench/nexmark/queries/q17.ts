// q17 as a DataStream job: per auction and day bid statistics (reference q17.sql).

import { type Collector, KeyedProcessFunction, type ValueState, ValueStateDescriptor } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q17Row } from "../limit/index.js";
import { TimeFormatter } from "../limit/time-format.js";
import { priceRank } from "./distinct-statistics.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** The accumulator of one (auction, day): the running aggregates of q17's row. */
interface AuctionDay {
  total: number;
  rank1: number;
  rank2: number;
  rank3: number;
  min: number;
  max: number;
  sum: number;
}

class AuctionStatistics extends KeyedProcessFunction<string, Bid, Q17Row> {
  private readonly time = new TimeFormatter();
  private stats!: ValueState<AuctionDay>;

  override open(): void {
    this.stats = this.getRuntimeContext().getState(new ValueStateDescriptor<AuctionDay>("auction-day"));
  }

  processElement(b: Bid, _ctx: unknown, out: Collector<Q17Row>): void {
    const s = this.stats.value() ?? { total: 0, rank1: 0, rank2: 0, rank3: 0, min: b.price, max: b.price, sum: 0 };
    s.total++;
    const rank = priceRank(b.price);
    if (rank === 1) s.rank1++;
    else if (rank === 2) s.rank2++;
    else s.rank3++;
    if (b.price < s.min) s.min = b.price;
    if (b.price > s.max) s.max = b.price;
    s.sum += b.price;
    this.stats.update(s);
    out.collect({
      auction: b.auction,
      day: this.time.date(b.dateTime),
      total_bids: s.total,
      rank1_bids: s.rank1,
      rank2_bids: s.rank2,
      rank3_bids: s.rank3,
      min_price: s.min,
      max_price: s.max,
      avg_price: Math.trunc(s.sum / s.total),
      sum_price: s.sum,
    });
  }
}

/**
 * q17, auction statistics report: `GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd')` with `count(*)`,
 * counts per price rank, `min`, `max`, `avg` (BIGINT, truncated) and `sum` of price. Upsert by (auction, day).
 */
export const q17: NexmarkJob<Q17Row> = nexmarkJob((events) => {
  const time = new TimeFormatter();
  return bidsOf(events)
    .keyBy((b: Bid) => b.auction + "|" + time.date(b.dateTime))
    .process(new AuctionStatistics())
    .name("q17 Auction Statistics");
});
