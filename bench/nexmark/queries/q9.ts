// q9 as a DataStream job: the winning bid of each auction (reference q9.sql).

import {
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  type ListState,
  ListStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../host/index.js";
import type { Auction, Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q9Row } from "../limit/index.js";
import { auctionsOf, bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** Whether bid `b` ranks before `best` under `ORDER BY price DESC, dateTime ASC` (ties: the first arrival stays). */
function better(b: Bid, best: Bid | null): boolean {
  return best === null || b.price > best.price || (b.price === best.price && b.dateTime < best.dateTime);
}

/**
 * Per auction id: the join `auction A JOIN bid B ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND
 * A.expires` followed by Top-1 `ORDER BY B.price DESC, B.dateTime ASC`, emitted whenever the best bid
 * changes. State as q4's join: the auction until the watermark passes `expires`, early bids until it passes
 * their time.
 */
class WinningBid extends KeyedCoProcessFunction<number, Auction, Bid, Q9Row> {
  private auction!: ValueState<Auction>;
  private best!: ValueState<Bid>;
  private waiting!: ListState<Bid>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.auction = ctx.getState(new ValueStateDescriptor<Auction>("auction"));
    this.best = ctx.getState(new ValueStateDescriptor<Bid>("best-bid"));
    this.waiting = ctx.getListState(new ListStateDescriptor<Bid>("waiting-bids"));
  }

  processElement1(a: Auction, ctx: KeyedProcessContext<number>, out: Collector<Q9Row>): void {
    this.auction.update(a);
    ctx.timerService().registerEventTimeTimer(a.expires);
    let early = false;
    for (const b of this.waiting.get()) {
      early = true;
      this.consider(a, b, out);
    }
    if (early) this.waiting.clear();
  }

  processElement2(b: Bid, ctx: KeyedProcessContext<number>, out: Collector<Q9Row>): void {
    const a = this.auction.value();
    if (a !== null) this.consider(a, b, out);
    else {
      this.waiting.add(b);
      ctx.timerService().registerEventTimeTimer(b.dateTime);
    }
  }

  private consider(a: Auction, b: Bid, out: Collector<Q9Row>): void {
    if (b.dateTime < a.dateTime || b.dateTime > a.expires || !better(b, this.best.value())) return;
    this.best.update(b);
    out.collect({
      id: a.id,
      itemName: a.itemName,
      description: a.description,
      initialBid: a.initialBid,
      reserve: a.reserve,
      dateTime: a.dateTime,
      expires: a.expires,
      seller: a.seller,
      category: a.category,
      extra: a.extra,
      auction: b.auction,
      bidder: b.bidder,
      price: b.price,
      bid_dateTime: b.dateTime,
      bid_extra: b.extra,
    });
  }

  override onTimer(timestamp: number, _ctx: KeyedOnTimerContext<number>): void {
    const a = this.auction.value();
    if (a !== null && a.expires <= timestamp) {
      this.auction.clear();
      this.best.clear();
    }
    if (a === null) this.waiting.update([...this.waiting.get()].filter((b) => b.dateTime > timestamp));
  }
}

/** q9, winning bids: each auction's best bid within its lifetime, as an upsert by auction id. */
export const q9: NexmarkJob<Q9Row> = nexmarkJob((events) => {
  return auctionsOf(events)
    .connect(bidsOf(events))
    .keyBy((a: Auction) => a.id, (b: Bid) => b.auction)
    .process(new WinningBid())
    .name("q9 Winning Bid");
});
