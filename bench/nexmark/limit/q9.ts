// q9 hand-written: winning bid of each auction (reference q9.sql).

import type { Auction, Bid, Event } from "../../../host/connectors/nexmark/index.js";
import { SweepSchedule } from "./auction-cleanup.js";
import type { BaselineQuery } from "./query.js";
import { WatermarkTracker } from "./watermark.js";

/** q9 output row: the auction's columns then the winning bid's (`bid_dateTime`, `bid_extra` renamed). */
export interface Q9Row {
  id: number;
  itemName: string;
  description: string;
  initialBid: number;
  reserve: number;
  dateTime: number;
  expires: number;
  seller: number;
  category: number;
  extra: string;
  auction: number;
  bidder: number;
  price: number;
  bid_dateTime: number;
  bid_extra: string;
}

interface OpenAuction {
  readonly auction: Auction;
  best: Bid | undefined;
}

/**
 * q9, winning bids: `auction A JOIN bid B ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND
 * A.expires`, then `ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) <= 1`.
 * Upsert by auction id: a row is emitted whenever an auction's best bid changes; final result: one row per
 * auction with at least one bid in its lifetime, holding its highest bid (earliest on equal prices, first
 * arrived on equal price and time — Flink's Top-N keeps the first of equal sort keys).
 *
 * State as q4: auctions until the watermark passes their expiry, early bids until it passes their time.
 * Assumes unique auction ids.
 */
export const q9: BaselineQuery<Q9Row> = {
  name: "q9",
  title: "Winning bids",
  output: { kind: "upsert", key: (row) => String(row.id) },
  create(emit, options) {
    const watermark = new WatermarkTracker(options.outOfOrdernessMs);
    const sweeps = new SweepSchedule(1000);
    const auctions = new Map<number, OpenAuction>();
    const waiting = new Map<number, Bid[]>();

    const consider = (open: OpenAuction, b: Bid): void => {
      const a = open.auction;
      if (b.dateTime < a.dateTime || b.dateTime > a.expires) return;
      const best = open.best;
      if (best !== undefined && (b.price < best.price || (b.price === best.price && b.dateTime >= best.dateTime))) return;
      open.best = b;
      emit({
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
    };

    const sweep = (wm: number): void => {
      for (const [id, open] of auctions) if (open.auction.expires < wm) auctions.delete(id);
      for (const [id, bids] of waiting) {
        let newest = -Infinity;
        for (const b of bids) newest = Math.max(newest, b.dateTime);
        if (newest < wm) waiting.delete(id);
      }
    };

    return {
      process(event: Event) {
        if (event.type === 2) {
          const b = event.bid;
          watermark.observe(b.dateTime);
          const open = auctions.get(b.auction);
          if (open !== undefined) consider(open, b);
          else {
            const list = waiting.get(b.auction);
            if (list === undefined) waiting.set(b.auction, [b]);
            else list.push(b);
          }
        } else if (event.type === 1) {
          const a = event.auction;
          watermark.observe(a.dateTime);
          const open: OpenAuction = { auction: a, best: undefined };
          auctions.set(a.id, open);
          const list = waiting.get(a.id);
          if (list !== undefined) {
            waiting.delete(a.id);
            for (const b of list) consider(open, b);
          }
        } else {
          watermark.observe(event.person.dateTime);
        }
        if (sweeps.due(watermark.current)) sweep(watermark.current);
      },
      finish() {},
    };
  },
};
