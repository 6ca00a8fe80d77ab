import { describe, expect, it } from "vitest";
import { q20, q3, q4, q9, runBaseline } from "../../bench/nexmark/limit/index.js";
import { auction, bid, person, rowsOf, sorted } from "./fixtures.js";

describe("q3 local item suggestion", () => {
  it("joins category-10 auctions with OR/ID/CA sellers in either arrival order", () => {
    const events = [
      person({ id: 1, name: "Ann", city: "Bend", state: "OR", dateTime: 0 }),
      person({ id: 2, name: "Bob", city: "Kent", state: "WA", dateTime: 1 }),
      auction({ id: 10, seller: 1, category: 10, dateTime: 2 }), // match
      auction({ id: 11, seller: 2, category: 10, dateTime: 3 }), // WA: no
      auction({ id: 12, seller: 1, category: 11, dateTime: 4 }), // category 11: no
      auction({ id: 13, seller: 3, category: 10, dateTime: 5 }), // before its seller: match on arrival
      auction({ id: 14, seller: 4, category: 10, dateTime: 6 }), // seller never arrives
      person({ id: 3, name: "Cy", city: "Los Angeles", state: "CA", dateTime: 7 }),
      auction({ id: 15, seller: 1, category: 10, dateTime: 8 }), // match, later auction of Ann
    ];
    expect(rowsOf(q3, events)).toEqual([
      { name: "Ann", city: "Bend", state: "OR", id: 10 },
      { name: "Cy", city: "Los Angeles", state: "CA", id: 13 },
      { name: "Ann", city: "Bend", state: "OR", id: 15 },
    ]);
  });
});

describe("q4 average price for a category", () => {
  it("averages each auction's highest in-lifetime bid per category, truncating", () => {
    const events = [
      auction({ id: 1, category: 10, dateTime: 0, expires: 100 }),
      auction({ id: 2, category: 10, dateTime: 0, expires: 100 }),
      bid({ auction: 1, price: 10, dateTime: 5 }),
      bid({ auction: 1, price: 30, dateTime: 50 }),
      bid({ auction: 1, price: 99, dateTime: 101 }), // after expiry
      bid({ auction: 2, price: 7, dateTime: 100 }), // at expiry: counts
      bid({ auction: 6, price: 50, dateTime: 20 }), // before its auction arrives
      bid({ auction: 6, price: 70, dateTime: 5 }), // before its auction's start
      auction({ id: 3, category: 11, dateTime: 50, expires: 60 }),
      bid({ auction: 3, price: 1000, dateTime: 40 }), // before start
      bid({ auction: 3, price: 5, dateTime: 60 }),
      auction({ id: 6, category: 12, dateTime: 10, expires: 30 }),
      bid({ auction: 5, price: 1, dateTime: 61 }), // no such auction
    ];
    // category 10: avg(30, 7) = 18.5 -> 18; category 11: 5; category 12: 50.
    expect(sorted(rowsOf(q4, events))).toEqual(sorted([
      { id: 10, final: 18 },
      { id: 11, final: 5 },
      { id: 12, final: 50 },
    ]));
  });

  it("emits an update only when a category's average changes", () => {
    const events = [
      auction({ id: 1, category: 10, dateTime: 0, expires: 100 }),
      bid({ auction: 1, price: 10, dateTime: 1 }), // avg 10
      bid({ auction: 1, price: 5, dateTime: 2 }), // max stays 10
      bid({ auction: 1, price: 11, dateTime: 3 }), // avg 11
    ];
    expect(runBaseline(q4, events).emitted).toBe(2);
  });
});

describe("q9 winning bids", () => {
  it("keeps each auction's highest bid within its lifetime, earliest on ties", () => {
    const events = [
      auction({ id: 1, itemName: "lamp", dateTime: 0, expires: 100, seller: 7, category: 11 }),
      bid({ auction: 1, bidder: 1, price: 10, dateTime: 5 }),
      bid({ auction: 1, bidder: 2, price: 20, dateTime: 50 }),
      bid({ auction: 1, bidder: 3, price: 20, dateTime: 40 }), // same price, earlier: wins
      bid({ auction: 1, bidder: 4, price: 20, dateTime: 40 }), // same price and time, later: loses
      bid({ auction: 1, bidder: 5, price: 50, dateTime: 101 }), // after expiry
      auction({ id: 2, dateTime: 10, expires: 20 }),
      bid({ auction: 2, price: 7, dateTime: 9 }), // before start: no winner
      bid({ auction: 3, bidder: 6, price: 8, dateTime: 30, extra: "early" }), // before its auction
      auction({ id: 3, dateTime: 30, expires: 40 }),
    ];
    const rows = sorted(rowsOf(q9, events));
    expect(rows.map((r) => [r.id, r.itemName, r.seller, r.category, r.auction, r.bidder, r.price, r.bid_dateTime, r.bid_extra])).toEqual([
      [1, "lamp", 7, 11, 1, 3, 20, 40, ""],
      [3, "item 3", 1, 10, 3, 6, 8, 30, "early"],
    ]);
  });
});

describe("q20 expand bid with auction", () => {
  it("joins every bid with its category-10 auction in either arrival order", () => {
    const events = [
      bid({ auction: 1, bidder: 1, price: 5, dateTime: 0 }), // before auction 1
      auction({ id: 1, category: 10, dateTime: 1, itemName: "chair", expires: 9 }),
      auction({ id: 2, category: 11, dateTime: 2 }),
      bid({ auction: 1, bidder: 2, price: 6, dateTime: 3, channel: "Apple" }),
      bid({ auction: 2, bidder: 3, price: 7, dateTime: 4 }), // category 11
      bid({ auction: 3, bidder: 4, price: 8, dateTime: 5 }), // no auction
    ];
    const rows = rowsOf(q20, events);
    expect(rows.map((r) => [r.auction, r.bidder, r.price, r.channel, r.bid_dateTime, r.itemName, r.auction_dateTime, r.expires, r.category])).toEqual([
      [1, 1, 5, "Google", 0, "chair", 1, 9, 10],
      [1, 2, 6, "Apple", 3, "chair", 1, 9, 10],
    ]);
  });
});
