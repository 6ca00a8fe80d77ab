import { describe, expect, it } from "vitest";
import { q15, q16, q17, q18, q19, runBaseline } from "../../bench/nexmark/limit/index.js";
import { bid, rowsOf, sorted } from "./fixtures.js";

const DAY1 = Date.UTC(2015, 6, 15);
const DAY2 = Date.UTC(2015, 6, 16);
const minute = (day: number, h: number, m: number) => day + h * 3600_000 + m * 60_000;

const statsEvents = [
  bid({ bidder: 1, auction: 10, price: 50, dateTime: minute(DAY1, 9, 30), channel: "Apple" }), // rank 1
  bid({ bidder: 1, auction: 11, price: 20000, dateTime: minute(DAY1, 10, 45), channel: "Apple" }), // rank 2
  bid({ bidder: 2, auction: 10, price: 2_000_000, dateTime: minute(DAY1, 10, 5), channel: "Apple" }), // rank 3
  bid({ bidder: 1, auction: 10, price: 60, dateTime: minute(DAY1, 11, 0), channel: "Google" }), // rank 1
  bid({ bidder: 3, auction: 12, price: 10000, dateTime: minute(DAY2, 0, 1), channel: "Apple" }), // rank 2 (bound)
];

describe("q15 bidding statistics", () => {
  it("counts bids, distinct bidders and distinct auctions per day and price rank", () => {
    expect(sorted(rowsOf(q15, statsEvents))).toEqual(sorted([
      {
        day: "2015-07-15",
        total_bids: 4, rank1_bids: 2, rank2_bids: 1, rank3_bids: 1,
        total_bidders: 2, rank1_bidders: 1, rank2_bidders: 1, rank3_bidders: 1,
        total_auctions: 2, rank1_auctions: 1, rank2_auctions: 1, rank3_auctions: 1,
      },
      {
        day: "2015-07-16",
        total_bids: 1, rank1_bids: 0, rank2_bids: 1, rank3_bids: 0,
        total_bidders: 1, rank1_bidders: 0, rank2_bidders: 1, rank3_bidders: 0,
        total_auctions: 1, rank1_auctions: 0, rank2_auctions: 1, rank3_auctions: 0,
      },
    ]));
    expect(runBaseline(q15, statsEvents).emitted).toBe(5);
  });
});

describe("q16 channel statistics", () => {
  it("adds the channel to the key and the latest minute", () => {
    const rows = sorted(rowsOf(q16, statsEvents));
    expect(rows).toEqual(sorted([
      {
        channel: "Apple", day: "2015-07-15", minute: "10:45",
        total_bids: 3, rank1_bids: 1, rank2_bids: 1, rank3_bids: 1,
        total_bidders: 2, rank1_bidders: 1, rank2_bidders: 1, rank3_bidders: 1,
        total_auctions: 2, rank1_auctions: 1, rank2_auctions: 1, rank3_auctions: 1,
      },
      {
        channel: "Google", day: "2015-07-15", minute: "11:00",
        total_bids: 1, rank1_bids: 1, rank2_bids: 0, rank3_bids: 0,
        total_bidders: 1, rank1_bidders: 1, rank2_bidders: 0, rank3_bidders: 0,
        total_auctions: 1, rank1_auctions: 1, rank2_auctions: 0, rank3_auctions: 0,
      },
      {
        channel: "Apple", day: "2015-07-16", minute: "00:01",
        total_bids: 1, rank1_bids: 0, rank2_bids: 1, rank3_bids: 0,
        total_bidders: 1, rank1_bidders: 0, rank2_bidders: 1, rank3_bidders: 0,
        total_auctions: 1, rank1_auctions: 0, rank2_auctions: 1, rank3_auctions: 0,
      },
    ]));
  });
});

describe("q17 auction statistics", () => {
  it("aggregates prices per auction and day with a truncated average", () => {
    const rows = sorted(rowsOf(q17, statsEvents));
    expect(rows).toEqual(sorted([
      { auction: 10, day: "2015-07-15", total_bids: 3, rank1_bids: 2, rank2_bids: 0, rank3_bids: 1, min_price: 50, max_price: 2_000_000, avg_price: 666703, sum_price: 2_000_110 },
      { auction: 11, day: "2015-07-15", total_bids: 1, rank1_bids: 0, rank2_bids: 1, rank3_bids: 0, min_price: 20000, max_price: 20000, avg_price: 20000, sum_price: 20000 },
      { auction: 12, day: "2015-07-16", total_bids: 1, rank1_bids: 0, rank2_bids: 1, rank3_bids: 0, min_price: 10000, max_price: 10000, avg_price: 10000, sum_price: 10000 },
    ]));
  });
});

describe("q18 find last bid", () => {
  it("keeps the latest bid per (bidder, auction), later arrival winning on equal times", () => {
    const events = [
      bid({ bidder: 1, auction: 10, price: 1, dateTime: 100 }),
      bid({ bidder: 1, auction: 10, price: 2, dateTime: 300 }),
      bid({ bidder: 1, auction: 10, price: 3, dateTime: 200 }), // older: ignored
      bid({ bidder: 1, auction: 10, price: 4, dateTime: 300 }), // equal time: replaces
      bid({ bidder: 2, auction: 10, price: 5, dateTime: 50 }),
      bid({ bidder: 1, auction: 11, price: 6, dateTime: 10 }),
    ];
    expect(sorted(rowsOf(q18, events).map((r) => [r.bidder, r.auction, r.price]))).toEqual(sorted([
      [1, 10, 4],
      [2, 10, 5],
      [1, 11, 6],
    ]));
    expect(runBaseline(q18, events).emitted).toBe(5);
  });
});

describe("q19 auction top-10 price", () => {
  it("ranks each auction's ten highest bids, equal prices in arrival order", () => {
    const events = [
      bid({ auction: 1, bidder: 1, price: 5, dateTime: 0 }),
      bid({ auction: 1, bidder: 2, price: 9, dateTime: 1 }),
      bid({ auction: 1, bidder: 3, price: 5, dateTime: 2 }),
      bid({ auction: 1, bidder: 4, price: 12, dateTime: 3 }),
      ...Array.from({ length: 11 }, (_, i) => bid({ auction: 2, bidder: 100 + i, price: i + 1, dateTime: 10 + i })),
    ];
    const rows = rowsOf(q19, events);
    const ranks = (a: number) =>
      rows.filter((r) => r.auction === a).sort((x, y) => x.rank_number - y.rank_number).map((r) => [r.rank_number, r.bidder, r.price]);
    expect(ranks(1)).toEqual([
      [1, 4, 12],
      [2, 2, 9],
      [3, 1, 5],
      [4, 3, 5],
    ]);
    expect(ranks(2)).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 110 - i, 11 - i]));
  });
});
