// q20 as a DataStream job: bids expanded with their category-10 auction (reference q20.sql).

import {
  type Collector,
  KeyedCoProcessFunction,
  type ListState,
  ListStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../host/index.js";
import type { Auction, Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q20Row } from "../limit/index.js";
import { auctionsOf, bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

function joined(b: Bid, a: Auction): Q20Row {
  return {
    auction: b.auction,
    bidder: b.bidder,
    price: b.price,
    channel: b.channel,
    url: b.url,
    bid_dateTime: b.dateTime,
    bid_extra: b.extra,
    itemName: a.itemName,
    description: a.description,
    initialBid: a.initialBid,
    reserve: a.reserve,
    auction_dateTime: a.dateTime,
    expires: a.expires,
    seller: a.seller,
    category: a.category,
    auction_extra: a.extra,
  };
}

/**
 * The regular join `bid B JOIN auction A ON B.auction = A.id WHERE A.category = 10`, keyed by auction id.
 * Every auction is remembered (a category-10 auction in full, any other as a marker that drops its bids), so
 * bids wait in list state only until their auction arrives. Auction ids are unique, so one auction per key.
 */
class ExpandBid extends KeyedCoProcessFunction<number, Bid, Auction, Q20Row> {
  /** The key's auction: `false` when it is not in category 10. */
  private auction!: ValueState<Auction | false>;
  private waiting!: ListState<Bid>;

  override open(): void {
    this.auction = this.getRuntimeContext().getState(new ValueStateDescriptor<Auction | false>("auction"));
    this.waiting = this.getRuntimeContext().getListState(new ListStateDescriptor<Bid>("waiting-bids"));
  }

  processElement1(b: Bid, _ctx: unknown, out: Collector<Q20Row>): void {
    const a = this.auction.value();
    if (a === null) this.waiting.add(b);
    else if (a !== false) out.collect(joined(b, a));
  }

  processElement2(a: Auction, _ctx: unknown, out: Collector<Q20Row>): void {
    const kept = a.category === 10 ? a : false;
    this.auction.update(kept);
    if (kept !== false) for (const b of this.waiting.get()) out.collect(joined(b, kept));
    this.waiting.clear();
  }
}

/** q20, expand bid with auction: one row per bid on a category-10 auction. */
export const q20: NexmarkJob<Q20Row> = nexmarkJob((events) => {
  return bidsOf(events)
    .connect(auctionsOf(events))
    .keyBy((b: Bid) => b.auction, (a: Auction) => a.id)
    .process(new ExpandBid())
    .name("q20 Join");
});
