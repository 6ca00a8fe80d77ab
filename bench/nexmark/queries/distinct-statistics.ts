// The bid statistics q15 and q16 compute per group: counts and distinct counts, each overall and per price rank.

import type { MapState } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { BidStatisticsColumns } from "../limit/bid-statistics.js";

/** Rank of a price: 1 below 10 000, 2 below 1 000 000, else 3 (the queries' FILTER clauses). */
export function priceRank(price: number): 1 | 2 | 3 {
  return price < 10_000 ? 1 : price < 1_000_000 ? 2 : 3;
}

/**
 * Adds a bid to the twelve running statistics of one group: `counts` holds `count(*)` (total, rank 1..3),
 * then `count(DISTINCT bidder)` (4..7) and `count(DISTINCT auction)` (8..11). As Flink's distinct aggregates
 * with FILTER clauses share one map view per distinct field, `bidders` / `auctions` map each value to a bit
 * mask of the filters (bit 0 total, bit r rank r) it has been counted under.
 */
export function addBid(counts: number[], bidders: MapState<number, number>, auctions: MapState<number, number>, b: Bid): void {
  const rank = priceRank(b.price);
  const bit = 1 << rank;
  counts[0]!++;
  counts[rank]!++;
  const bidderMask = bidders.get(b.bidder) ?? 0;
  if ((bidderMask & bit) === 0) {
    bidders.put(b.bidder, bidderMask | 1 | bit);
    if (bidderMask === 0) counts[4]!++;
    counts[4 + rank]!++;
  }
  const auctionMask = auctions.get(b.auction) ?? 0;
  if ((auctionMask & bit) === 0) {
    auctions.put(b.auction, auctionMask | 1 | bit);
    if (auctionMask === 0) counts[8]!++;
    counts[8 + rank]!++;
  }
}

/** The twelve columns from {@link addBid}'s counters. */
export function statisticsColumns(c: readonly number[]): BidStatisticsColumns {
  return {
    total_bids: c[0]!,
    rank1_bids: c[1]!,
    rank2_bids: c[2]!,
    rank3_bids: c[3]!,
    total_bidders: c[4]!,
    rank1_bidders: c[5]!,
    rank2_bidders: c[6]!,
    rank3_bidders: c[7]!,
    total_auctions: c[8]!,
    rank1_auctions: c[9]!,
    rank2_auctions: c[10]!,
    rank3_auctions: c[11]!,
  };
}
