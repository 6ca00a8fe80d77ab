// q18 as a DataStream job: the last bid of each bidder on each auction (reference q18.sql).

import { type Collector, KeyedProcessFunction, type ValueState, ValueStateDescriptor } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q18Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** Rowtime deduplication keeping the last row: a bid replaces the kept one unless it is older (equal times: the later arrival wins). */
class LastBid extends KeyedProcessFunction<string, Bid, Q18Row> {
  private last!: ValueState<Bid>;

  override open(): void {
    this.last = this.getRuntimeContext().getState(new ValueStateDescriptor<Bid>("last-bid"));
  }

  processElement(b: Bid, _ctx: unknown, out: Collector<Q18Row>): void {
    const kept = this.last.value();
    if (kept !== null && b.dateTime < kept.dateTime) return;
    this.last.update(b);
    out.collect(b);
  }
}

/**
 * q18, find last bid: `ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) = 1`, an
 * upsert by (bidder, auction) whenever the kept bid changes.
 */
export const q18: NexmarkJob<Q18Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.bidder + "|" + b.auction)
    .process(new LastBid())
    .name("q18 Deduplicate"));
