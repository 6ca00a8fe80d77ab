// q19 as a DataStream job: the ten highest bids of each auction (reference q19.sql).

import { type Collector, KeyedProcessFunction, type ValueState, ValueStateDescriptor } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q19Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** q19's N. */
const TOP = 10;

/**
 * Append-only Top-N per auction (`ORDER BY price DESC`, equal prices in arrival order): the kept bids in
 * rank order in value state; a bid entering at rank r shifts ranks r.. down, and every changed rank is
 * emitted as an upsert of (auction, rank_number).
 */
class TopPrices extends KeyedProcessFunction<number, Bid, Q19Row> {
  private top!: ValueState<Bid[]>;

  override open(): void {
    this.top = this.getRuntimeContext().getState(new ValueStateDescriptor<Bid[]>("top-bids"));
  }

  processElement(b: Bid, _ctx: unknown, out: Collector<Q19Row>): void {
    const top = this.top.value() ?? [];
    let at = top.length;
    while (at > 0 && top[at - 1]!.price < b.price) at--;
    if (at >= TOP) return;
    top.splice(at, 0, b);
    if (top.length > TOP) top.pop();
    this.top.update(top);
    for (let i = at; i < top.length; i++) {
      const x = top[i]!;
      out.collect({
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
  }
}

/** q19, auction top-10 price: `ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) <= 10`. */
export const q19: NexmarkJob<Q19Row> = nexmarkJob((events) =>
  bidsOf(events)
    .keyBy((b: Bid) => b.auction)
    .process(new TopPrices())
    .name("q19 Top-10"));
