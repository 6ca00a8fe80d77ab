import { describe, expect, it } from "vitest";
import type { Q9Row, QueryName } from "../../../bench/nexmark/limit/index.js";
import { auction, bid, person } from "../fixtures.js";
import { expectSameResult, expectSameResultOn } from "./helpers.js";

// 50 000 events: 1 000 persons, 3 000 auctions, 46 000 bids over 5 s of event time.
const options = { maxEvents: 50_000, seed: 21 };

describe("join Nexmark jobs match the hand-written queries", () => {
  it.each([
    ["q3", 100],
    ["q4", 3],
    ["q9", 1000],
    ["q20", 1000],
  ] as Array<[QueryName, number]>)("%s at parallelism 1 and 3", async (name, atLeast) => {
    expect(await expectSameResult(name, options, 1)).toBeGreaterThan(atLeast);
    expect(await expectSameResult(name, options, 3)).toBeGreaterThan(atLeast);
  });

  it("q3 and q20 join in either arrival order", async () => {
    await expectSameResultOn("q3", [
      auction({ id: 100, seller: 1, category: 10, dateTime: 0 }),
      person({ id: 1, state: "OR", dateTime: 1 }), // the seller arrives after the auction
      auction({ id: 101, seller: 1, category: 10, dateTime: 2 }),
      auction({ id: 102, seller: 1, category: 9, dateTime: 3 }), // other category
      person({ id: 2, state: "WA", dateTime: 4 }), // other state
      auction({ id: 103, seller: 2, category: 10, dateTime: 5 }),
    ]);
    await expectSameResultOn("q20", [
      bid({ auction: 7, price: 1, dateTime: 0 }), // before its auction
      auction({ id: 7, category: 10, dateTime: 1 }),
      bid({ auction: 7, price: 2, dateTime: 2 }),
      bid({ auction: 8, price: 3, dateTime: 3 }),
      auction({ id: 8, category: 3, dateTime: 4 }), // not category 10: its bids drop
      bid({ auction: 8, price: 4, dateTime: 5 }),
    ]);
  });

  it("q4 and q9 keep only bids within the auction's lifetime, the best one first by price then time", async () => {
    const events = [
      bid({ auction: 1, price: 50, dateTime: 500 }), // before its auction arrives, within its lifetime
      auction({ id: 1, category: 2, dateTime: 100, expires: 1000 }),
      bid({ auction: 1, price: 70, dateTime: 1001 }), // after expiry
      bid({ auction: 1, price: 50, dateTime: 400 }), // equal price, earlier: wins q9
      auction({ id: 2, category: 2, dateTime: 200, expires: 2000 }),
      bid({ auction: 2, price: 31, dateTime: 300 }),
      bid({ auction: 2, price: 30, dateTime: 2000 }), // at expires: inside
    ];
    await expectSameResultOn("q4", events);
    const rows = await expectSameResultOn<Q9Row>("q9", events);
    expect(rows.map((r) => [r.id, r.price, r.bid_dateTime]).sort()).toEqual([
      [1, 50, 400],
      [2, 31, 300],
    ]);
  });
});

describe("aggregate Nexmark jobs match the hand-written queries", () => {
  it.each([
    ["q15", 0],
    ["q16", 1000],
    ["q17", 1000],
    ["q18", 10_000],
    ["q19", 10_000],
  ] as Array<[QueryName, number]>)("%s at parallelism 1 and 2", async (name, atLeast) => {
    expect(await expectSameResult(name, options, 1)).toBeGreaterThan(atLeast);
    expect(await expectSameResult(name, options, 2)).toBeGreaterThan(atLeast);
  });

  it("q15-q17 span days; q18 keeps the latest bid; q19 ranks ties in arrival order", async () => {
    const day = 86_400_000;
    const events = [
      bid({ auction: 1, bidder: 1, price: 5, dateTime: day - 1, channel: "Apple" }),
      bid({ auction: 1, bidder: 1, price: 5_000_000, dateTime: day, channel: "Apple" }),
      bid({ auction: 2, bidder: 1, price: 20_000, dateTime: day + 60_000, channel: "Baidu" }),
      bid({ auction: 1, bidder: 2, price: 5, dateTime: day + 1, channel: "Apple" }),
      bid({ auction: 1, bidder: 1, price: 7, dateTime: day - 5, channel: "Apple" }), // older: q18 keeps day
      ...Array.from({ length: 12 }, (_, i) => bid({ auction: 3, bidder: 10 + i, price: 100 - (i % 3), dateTime: day + i })),
    ];
    for (const name of ["q15", "q16", "q17", "q18", "q19"] as const) await expectSameResultOn(name, events);
  });
});
