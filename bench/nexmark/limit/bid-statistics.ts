// Per-group bid statistics of q15/q16: counts and distinct bidders/auctions, each by price rank.

import type { Bid } from "../../../host/connectors/nexmark/index.js";

/** Upper bound (exclusive) of rank 1 prices: `price < 10000`. */
export const RANK1_BELOW = 10_000;
/** Upper bound (exclusive) of rank 2 prices: `10000 <= price < 1000000`; rank 3 is the rest. */
export const RANK2_BELOW = 1_000_000;

const TOTAL = 1;
const RANK1 = 2;
const RANK2 = 4;
const RANK3 = 8;

/** The filter bit of a price: rank 1, 2 or 3 (see {@link RANK1_BELOW}, {@link RANK2_BELOW}). */
function rankBit(price: number): number {
  return price < RANK1_BELOW ? RANK1 : price < RANK2_BELOW ? RANK2 : RANK3;
}

/** The statistics columns q15 and q16 share. */
export interface BidStatisticsColumns {
  total_bids: number;
  rank1_bids: number;
  rank2_bids: number;
  rank3_bids: number;
  total_bidders: number;
  rank1_bidders: number;
  rank2_bidders: number;
  rank3_bidders: number;
  total_auctions: number;
  rank1_auctions: number;
  rank2_auctions: number;
  rank3_auctions: number;
}

/**
 * `count(*)` and `count(DISTINCT bidder | auction)`, each unfiltered and `FILTER (WHERE price rank = 1..3)`,
 * maintained incrementally. As Flink's distinct aggregates with filters share one map view per distinct
 * field, each bidder/auction maps to a bit mask of the filters it has been counted under.
 *
 * @example
 * ```ts
 * import { BidStatistics } from "./bid-statistics.js";
 * const s = new BidStatistics();
 * s.add({ auction: 1, bidder: 2, price: 50, channel: "Apple", url: "", dateTime: 0, extra: "" });
 * s.columns().rank1_bidders; // 1
 * ```
 */
export class BidStatistics {
  private readonly counts = [0, 0, 0, 0];
  private readonly bidderCounts = [0, 0, 0, 0];
  private readonly auctionCounts = [0, 0, 0, 0];
  private readonly bidders = new Map<number, number>();
  private readonly auctions = new Map<number, number>();

  /** Accounts for one bid. */
  add(b: Bid): void {
    const bit = rankBit(b.price);
    const rank = bit === RANK1 ? 1 : bit === RANK2 ? 2 : 3;
    this.counts[0]!++;
    this.counts[rank]!++;
    const bidderMask = this.bidders.get(b.bidder) ?? 0;
    if ((bidderMask & bit) === 0) {
      this.bidders.set(b.bidder, bidderMask | TOTAL | bit);
      if (bidderMask === 0) this.bidderCounts[0]!++;
      this.bidderCounts[rank]!++;
    }
    const auctionMask = this.auctions.get(b.auction) ?? 0;
    if ((auctionMask & bit) === 0) {
      this.auctions.set(b.auction, auctionMask | TOTAL | bit);
      if (auctionMask === 0) this.auctionCounts[0]!++;
      this.auctionCounts[rank]!++;
    }
  }

  /** Current values of the twelve columns. */
  columns(): BidStatisticsColumns {
    const c = this.counts;
    const b = this.bidderCounts;
    const a = this.auctionCounts;
    return {
      total_bids: c[0]!,
      rank1_bids: c[1]!,
      rank2_bids: c[2]!,
      rank3_bids: c[3]!,
      total_bidders: b[0]!,
      rank1_bidders: b[1]!,
      rank2_bidders: b[2]!,
      rank3_bidders: b[3]!,
      total_auctions: a[0]!,
      rank1_auctions: a[1]!,
      rank2_auctions: a[2]!,
      rank3_auctions: a[3]!,
    };
  }
}
