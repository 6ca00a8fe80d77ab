import { describe, expect, it } from "vitest";
import { q11, q12, q5, q7, q8 } from "../../bench/nexmark/limit/index.js";
import { auction, bid, person, rowsOf, sorted } from "./fixtures.js";

describe("q5 hot items", () => {
  it("lists, per 10 s window sliding by 2 s, the auctions with the most bids", () => {
    const A = 1;
    const B = 2;
    const C = 3;
    const events = [
      bid({ auction: A, price: 1, dateTime: 1000 }),
      bid({ auction: B, price: 1, dateTime: 1200 }),
      bid({ auction: A, price: 1, dateTime: 1500 }),
      bid({ auction: B, price: 1, dateTime: 9000 }),
      bid({ auction: C, price: 1, dateTime: 11000 }),
    ];
    // Windows [s, s+10000): s = -8000..-2000 hold A:2 B:1; s = 0 holds A:2 B:2; s = 2000..8000 hold
    // B:1 C:1; s = 10000 holds C:1.
    const expected = [
      ...Array(4).fill({ auction: A, num: 2 }),
      { auction: A, num: 2 },
      { auction: B, num: 2 },
      ...Array(4).fill({ auction: B, num: 1 }),
      ...Array(4).fill({ auction: C, num: 1 }),
      { auction: C, num: 1 },
    ];
    expect(sorted(rowsOf(q5, events))).toEqual(sorted(expected));
  });

  it("leaves a bid out of the windows the watermark has passed", () => {
    const X = 7;
    const Y = 8;
    const events = [
      bid({ auction: X, price: 1, dateTime: 20000 }), // watermark 19999 with bound 0
      bid({ auction: 99, price: 1, dateTime: 1000 }), // every window late: dropped
      bid({ auction: Y, price: 1, dateTime: 15000 }), // windows 6000..10000 late, 12000 and 14000 open
    ];
    // X is alone in windows 16000..20000 and ties with Y in 12000 and 14000.
    const expected = [...Array(5).fill({ auction: X, num: 1 }), ...Array(2).fill({ auction: Y, num: 1 })];
    expect(sorted(rowsOf(q5, events, { outOfOrdernessMs: 0 }))).toEqual(sorted(expected));
  });
});

describe("q7 highest bid", () => {
  it("joins each 10 s window's maximum with the bids in [end - 10 s, end]", () => {
    const events = [
      bid({ auction: 1, price: 5, dateTime: 1000 }),
      bid({ auction: 2, price: 9, dateTime: 2000 }),
      bid({ auction: 3, price: 9, dateTime: 9999 }),
      bid({ auction: 4, price: 9, dateTime: 10000 }), // next window, but also at the first window's end
      bid({ auction: 5, price: 3, dateTime: 15000 }),
      bid({ auction: 6, price: 8, dateTime: 20000 }),
    ];
    // [0,10000): max 9 -> auctions 2, 3 and 4 (at 10000 = end); [10000,20000): max 9 -> auction 4;
    // [20000,30000): max 8 -> auction 6.
    expect(sorted(rowsOf(q7, events).map((r) => [r.auction, r.price, r.dateTime]))).toEqual(
      sorted([
        [2, 9, 2000],
        [3, 9, 9999],
        [4, 9, 10000],
        [4, 9, 10000],
        [6, 8, 20000],
      ]),
    );
  });

  it("still joins a late bid with its already fired window", () => {
    const events = [
      bid({ auction: 1, price: 4, dateTime: 1000 }),
      bid({ auction: 2, price: 1, dateTime: 30000 }), // watermark 29999: window [0,10000) fires with max 4
      bid({ auction: 3, price: 4, dateTime: 2000 }), // late: not in the maximum, but joins it
      bid({ auction: 4, price: 7, dateTime: 3000 }), // late, higher, no match
    ];
    expect(sorted(rowsOf(q7, events, { outOfOrdernessMs: 0 }).map((r) => r.auction))).toEqual([1, 2, 3]);
  });
});

describe("q8 monitor new users", () => {
  it("lists persons who opened an auction in the same 10 s window", () => {
    const events = [
      person({ id: 1, name: "Ann", dateTime: 1000 }),
      auction({ id: 100, seller: 1, dateTime: 2000 }),
      auction({ id: 101, seller: 1, dateTime: 5000 }), // second auction: still one row
      person({ id: 2, name: "Bob", dateTime: 3000 }),
      auction({ id: 102, seller: 2, dateTime: 12000 }), // next window: no row
      person({ id: 3, name: "Cy", dateTime: 15000 }),
      auction({ id: 103, seller: 3, dateTime: 19999 }),
      auction({ id: 104, seller: 1, dateTime: 15000 }), // Ann is not new in this window
    ];
    expect(sorted(rowsOf(q8, events))).toEqual(sorted([
      { id: 1, name: "Ann", stime: 0 },
      { id: 3, name: "Cy", stime: 10000 },
    ]));
  });
});

describe("q11 user sessions", () => {
  it("groups each bidder's bids into sessions of gaps up to 10 s (touching windows merge)", () => {
    const events = [
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 0 }),
      bid({ auction: 1, bidder: 2, price: 1, dateTime: 1000 }),
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 5000 }),
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 15000 }), // exactly 10 s later: same session
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 40000 }),
    ];
    expect(sorted(rowsOf(q11, events))).toEqual(sorted([
      { bidder: 1, bid_count: 3, starttime: 0, endtime: 25000 },
      { bidder: 2, bid_count: 1, starttime: 1000, endtime: 11000 },
      { bidder: 1, bid_count: 1, starttime: 40000, endtime: 50000 },
    ]));
  });

  it("merges two sessions bridged by an out-of-order bid, unless the first has fired", () => {
    const events = [
      bid({ auction: 1, bidder: 3, price: 1, dateTime: 0 }),
      bid({ auction: 1, bidder: 3, price: 1, dateTime: 18000 }),
      bid({ auction: 1, bidder: 3, price: 1, dateTime: 9000 }), // [9000, 19000) touches both
    ];
    expect(rowsOf(q11, events, { outOfOrdernessMs: 20000 })).toEqual([{ bidder: 3, bid_count: 3, starttime: 0, endtime: 28000 }]);
    // With the 4 s bound the watermark reaches 13999 at the second bid, firing [0, 10000) first.
    expect(sorted(rowsOf(q11, events, { outOfOrdernessMs: 4000 }))).toEqual(sorted([
      { bidder: 3, bid_count: 1, starttime: 0, endtime: 10000 },
      { bidder: 3, bid_count: 2, starttime: 9000, endtime: 28000 },
    ]));
  });

  it("drops a bid whose session the watermark has passed", () => {
    const events = [bid({ auction: 1, bidder: 1, price: 1, dateTime: 30000 }), bid({ auction: 1, bidder: 2, price: 1, dateTime: 5000 })];
    expect(rowsOf(q11, events, { outOfOrdernessMs: 0 })).toEqual([{ bidder: 1, bid_count: 1, starttime: 30000, endtime: 40000 }]);
  });
});

describe("q12 processing-time windows", () => {
  const bidders = [1, 0, 1, 2, 0, 1, 2, 2, 1, 1, 2, 1]; // 0: a non-bid event
  const events = bidders.map((b, i) => (b === 0 ? person({ id: i, dateTime: i }) : bid({ auction: 1, bidder: b, price: 1, dateTime: i })));

  it("counts bids per bidder per 10 s window of the processing clock", () => {
    // One event per second: ordinals 0..9 in [0, 10000), 10..11 in [10000, 20000).
    const rows = rowsOf(q12, events, { processingClock: (i) => i * 1000 });
    expect(sorted(rows)).toEqual(sorted([
      { bidder: 1, bid_count: 5, starttime: 0, endtime: 10000 },
      { bidder: 2, bid_count: 3, starttime: 0, endtime: 10000 },
      { bidder: 2, bid_count: 1, starttime: 10000, endtime: 20000 },
      { bidder: 1, bid_count: 1, starttime: 10000, endtime: 20000 },
    ]));
  });

  it("defaults to a clock of a million events per second", () => {
    expect(sorted(rowsOf(q12, events))).toEqual(sorted([
      { bidder: 1, bid_count: 6, starttime: 0, endtime: 10000 },
      { bidder: 2, bid_count: 4, starttime: 0, endtime: 10000 },
    ]));
  });

  it("rejects a clock going back", () => {
    expect(() => rowsOf(q12, events, { processingClock: (i) => (i === 3 ? 0 : i * 1000) })).toThrow(RangeError);
  });
});
