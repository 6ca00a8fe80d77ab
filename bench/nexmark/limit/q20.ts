// q20 hand-written: bids expanded with their category-10 auction (reference q20.sql).

import type { Auction, Bid, Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q20 output row: the bid's columns then the auction's (times and extras prefixed). */
export interface Q20Row {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  bid_dateTime: number;
  bid_extra: string;
  itemName: string;
  description: string;
  initialBid: number;
  reserve: number;
  auction_dateTime: number;
  expires: number;
  seller: number;
  category: number;
  auction_extra: string;
}

function row(b: Bid, a: Auction): Q20Row {
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
 * q20, expand bid with auction: `bid B JOIN auction A ON B.auction = A.id WHERE A.category = 10`, a
 * regular join with no time condition: every bid on a category-10 auction, whenever either arrives.
 * Append-only; final result: one row per such bid.
 *
 * Assumes unique auction ids: auctions are kept forever (category 10 in full, others as a marker), a bid
 * only until its auction arrives.
 */
export const q20: BaselineQuery<Q20Row> = {
  name: "q20",
  title: "Expand bid with auction",
  output: { kind: "append" },
  create(emit) {
    /** Auction id -> the auction if in category 10, null otherwise. */
    const auctions = new Map<number, Auction | null>();
    const waiting = new Map<number, Bid[]>();
    return {
      process(event: Event) {
        if (event.type === 2) {
          const b = event.bid;
          const a = auctions.get(b.auction);
          if (a === undefined) {
            const list = waiting.get(b.auction);
            if (list === undefined) waiting.set(b.auction, [b]);
            else list.push(b);
          } else if (a !== null) {
            emit(row(b, a));
          }
        } else if (event.type === 1) {
          const a = event.auction;
          const kept = a.category === 10 ? a : null;
          auctions.set(a.id, kept);
          const list = waiting.get(a.id);
          if (list === undefined) return;
          waiting.delete(a.id);
          if (kept !== null) for (const b of list) emit(row(b, kept));
        }
      },
      finish() {},
    };
  },
};
