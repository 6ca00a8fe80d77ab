// q15 as a DataStream job: bidding statistics per day with distinct counts (reference q15.sql).

import {
  type Collector,
  type KeyedProcessContext,
  KeyedProcessFunction,
  type MapState,
  MapStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q15Row } from "../limit/index.js";
import { TimeFormatter } from "../limit/time-format.js";
import { addBid, statisticsColumns } from "./distinct-statistics.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** The unbounded group aggregate per day: counters in value state, the distinct sets in map state. */
class DailyStatistics extends KeyedProcessFunction<string, Bid, Q15Row> {
  private counts!: ValueState<number[]>;
  private bidders!: MapState<number, number>;
  private auctions!: MapState<number, number>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.counts = ctx.getState(new ValueStateDescriptor<number[]>("counts"));
    this.bidders = ctx.getMapState(new MapStateDescriptor<number, number>("distinct-bidders"));
    this.auctions = ctx.getMapState(new MapStateDescriptor<number, number>("distinct-auctions"));
  }

  processElement(b: Bid, ctx: KeyedProcessContext<string>, out: Collector<Q15Row>): void {
    const counts = this.counts.value() ?? new Array<number>(12).fill(0);
    addBid(counts, this.bidders, this.auctions, b);
    this.counts.update(counts);
    const row = statisticsColumns(counts) as Q15Row;
    row.day = ctx.getCurrentKey();
    out.collect(row);
  }
}

/**
 * q15, bidding statistics report: `GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd')` with `count(*)`,
 * `count(DISTINCT bidder)`, `count(DISTINCT auction)`, each overall and `FILTER (WHERE price rank = r)`.
 * Upsert by day, one row per bid.
 */
export const q15: NexmarkJob<Q15Row> = nexmarkJob((events) => {
  const time = new TimeFormatter();
  return bidsOf(events)
    .keyBy((b: Bid) => time.date(b.dateTime))
    .process(new DailyStatistics())
    .name("q15 Daily Statistics");
});
