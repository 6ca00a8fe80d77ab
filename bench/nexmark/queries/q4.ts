// q4 as a DataStream job: average closing price per category (reference q4.sql).

import {
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  KeyedProcessFunction,
  type ListState,
  ListStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../host/index.js";
import type { Auction, Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q4Row } from "../limit/index.js";
import { auctionsOf, bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** A change of an auction's winning price: `previous` is -1 for the auction's first qualifying bid. */
export interface ClosingPriceChange {
  readonly category: number;
  readonly price: number;
  readonly previous: number;
}

/** The part of an auction the join needs. */
interface AuctionWindow {
  readonly dateTime: number;
  readonly expires: number;
  readonly category: number;
}

/**
 * Per auction id: `MAX(price)` of the bids with `A.dateTime <= B.dateTime <= A.expires` (the reference's
 * `auction JOIN bid ... GROUP BY A.id, A.category`), emitted as a change whenever it grows. Bids arriving
 * before their auction wait in list state. Event-time timers bound the state: the auction (and its max) is
 * dropped once the watermark passes `expires`, a waiting bid once it passes the bid's time (no auction that
 * is not late can match it then). Flink SQL's regular join keeps both forever; they differ only on late data.
 */
class ClosingPrice extends KeyedCoProcessFunction<number, Auction, Bid, ClosingPriceChange> {
  private auction!: ValueState<AuctionWindow>;
  private max!: ValueState<number>;
  private waiting!: ListState<Bid>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.auction = ctx.getState(new ValueStateDescriptor<AuctionWindow>("auction"));
    this.max = ctx.getState(new ValueStateDescriptor<number>("max-price"));
    this.waiting = ctx.getListState(new ListStateDescriptor<Bid>("waiting-bids"));
  }

  processElement1(a: Auction, ctx: KeyedProcessContext<number>, out: Collector<ClosingPriceChange>): void {
    const window: AuctionWindow = { dateTime: a.dateTime, expires: a.expires, category: a.category };
    this.auction.update(window);
    ctx.timerService().registerEventTimeTimer(a.expires);
    let early = false;
    for (const b of this.waiting.get()) {
      early = true;
      this.apply(window, b, out);
    }
    if (early) this.waiting.clear();
  }

  processElement2(b: Bid, ctx: KeyedProcessContext<number>, out: Collector<ClosingPriceChange>): void {
    const window = this.auction.value();
    if (window !== null) this.apply(window, b, out);
    else {
      this.waiting.add(b);
      ctx.timerService().registerEventTimeTimer(b.dateTime);
    }
  }

  private apply(a: AuctionWindow, b: Bid, out: Collector<ClosingPriceChange>): void {
    if (b.dateTime < a.dateTime || b.dateTime > a.expires) return;
    const previous = this.max.value() ?? -1;
    if (b.price <= previous) return;
    this.max.update(b.price);
    out.collect({ category: a.category, price: b.price, previous });
  }

  override onTimer(timestamp: number, _ctx: KeyedOnTimerContext<number>): void {
    const a = this.auction.value();
    if (a !== null && a.expires <= timestamp) {
      this.auction.clear();
      this.max.clear();
    }
    if (a === null) {
      // Waiting bids the watermark has passed can no longer meet their auction.
      const keep = [...this.waiting.get()].filter((b) => b.dateTime > timestamp);
      this.waiting.update(keep);
    }
  }
}

/** `AVG(final)` per category over the auctions' closing prices, a BIGINT average truncated toward zero. */
class CategoryAverage extends KeyedProcessFunction<number, ClosingPriceChange, Q4Row> {
  private sum!: ValueState<number>;
  private count!: ValueState<number>;
  private emitted!: ValueState<number>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.sum = ctx.getState(new ValueStateDescriptor<number>("sum"));
    this.count = ctx.getState(new ValueStateDescriptor<number>("count"));
    this.emitted = ctx.getState(new ValueStateDescriptor<number>("emitted-average"));
  }

  processElement(c: ClosingPriceChange, _ctx: KeyedProcessContext<number>, out: Collector<Q4Row>): void {
    let sum = this.sum.value() ?? 0;
    let count = this.count.value() ?? 0;
    if (c.previous < 0) {
      count++;
      sum += c.price;
      this.count.update(count);
    } else {
      sum += c.price - c.previous;
    }
    this.sum.update(sum);
    const average = Math.trunc(sum / count);
    if (average !== this.emitted.value()) {
      this.emitted.update(average);
      out.collect({ id: c.category, final: average });
    }
  }
}

/**
 * q4, average price per category: each auction's highest bid within its lifetime (`closingPrice`), then
 * `AVG` per category, emitted as an upsert whenever a category's average changes.
 */
export const q4: NexmarkJob<Q4Row> = nexmarkJob((events) => {
  return auctionsOf(events)
    .connect(bidsOf(events))
    .keyBy((a: Auction) => a.id, (b: Bid) => b.auction)
    .process(new ClosingPrice())
    .name("q4 Closing Price")
    .keyBy((c: ClosingPriceChange) => c.category)
    .process(new CategoryAverage())
    .name("q4 Category Average");
});
