import { describe, expect, it } from "vitest";
import { NexmarkEventReader, type Auction, type Bid, type Event, type Person } from "../../host/connectors/nexmark/index.js";
import { BASELINES, QUERY_NAMES, q11, q12, q15, q16, q17, q19, q2, q20, q3, q4, q5, q7, q8, q9, runBaseline } from "../../bench/nexmark/limit/index.js";
import { sorted } from "./fixtures.js";

// 20 s of events from three generator timelines, read in time order as a parallelism-1 source would.
const events: Event[] = [...new NexmarkEventReader({ maxEvents: 200_000, seed: 42, numEventGenerators: 3 })];
const bids = events.filter((e) => e.type === 2).map((e) => e.bid!) as Bid[];
const auctions = events.filter((e) => e.type === 1).map((e) => e.auction!) as Auction[];
const people = events.filter((e) => e.type === 0).map((e) => e.person!) as Person[];

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}
const bidsByAuction = groupBy(bids, (b) => b.auction);

describe("hand-written queries on a generated event set", () => {
  it("produce non-empty, deterministic results for every query", () => {
    for (const name of QUERY_NAMES) {
      const first = runBaseline(BASELINES[name], events);
      expect(first.rows.length, name).toBeGreaterThan(0);
      const again = runBaseline(BASELINES[name], events);
      // Same input, same order of output: compare the serialised results.
      expect(JSON.stringify(again.rows) === JSON.stringify(first.rows), name).toBe(true);
      expect(runBaseline(BASELINES[name], events, { countOnly: true }).emitted, name).toBe(first.emitted);
    }
  });

  it("lose no bid to lateness: the generator stays within the 4 s watermark bound", () => {
    const sessions = runBaseline(q11, events).rows;
    expect(sessions.reduce((n, r) => n + r.bid_count, 0)).toBe(bids.length);
    const windows = runBaseline(q12, events).rows;
    expect(windows.reduce((n, r) => n + r.bid_count, 0)).toBe(bids.length);
    for (const q of [q15, q16, q17] as const) {
      const rows = runBaseline(q as typeof q15, events).rows;
      expect(rows.reduce((n, r) => n + r.total_bids, 0)).toBe(bids.length);
    }
  });

  it("q2 keeps exactly the bids on multiples of 123", () => {
    expect(runBaseline(q2, events).rows.length).toBe(bids.filter((b) => b.auction % 123 === 0).length);
  });

  it("q3 matches a nested-loop join", () => {
    const expected = [];
    const peopleById = groupBy(people, (p) => p.id);
    for (const a of auctions) {
      if (a.category !== 10) continue;
      for (const p of peopleById.get(a.seller) ?? []) {
        if (["OR", "ID", "CA"].includes(p.state)) expected.push({ name: p.name, city: p.city, state: p.state, id: a.id });
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(sorted(runBaseline(q3, events).rows)).toEqual(sorted(expected));
  });

  it("q4 and q9 match a batch computation of each auction's winning bid", () => {
    const best = new Map<number, Bid>();
    for (const a of auctions) {
      for (const b of bidsByAuction.get(a.id) ?? []) {
        if (b.dateTime < a.dateTime || b.dateTime > a.expires) continue;
        const current = best.get(a.id);
        if (current === undefined || b.price > current.price || (b.price === current.price && b.dateTime < current.dateTime)) best.set(a.id, b);
      }
    }
    expect(best.size).toBeGreaterThan(100);
    const q9Rows = runBaseline(q9, events).rows;
    expect(sorted(q9Rows.map((r) => [r.id, r.price, r.bid_dateTime]))).toEqual(sorted([...best].map(([id, b]) => [id, b.price, b.dateTime])));

    const withWinner = groupBy(auctions.filter((a) => best.has(a.id)), (a) => a.category);
    const expected = [...withWinner].map(([id, list]) => ({
      id,
      final: Math.trunc(list.reduce((s, a) => s + best.get(a.id)!.price, 0) / list.length),
    }));
    expect(sorted(runBaseline(q4, events).rows)).toEqual(sorted(expected));
  });

  it("q5 matches counting every sliding window separately", () => {
    const windows = new Map<number, Map<number, number>>();
    for (const b of bids) {
      for (let s = Math.floor(b.dateTime / 2000) * 2000; s > b.dateTime - 10000; s -= 2000) {
        const counts = windows.get(s) ?? new Map<number, number>();
        counts.set(b.auction, (counts.get(b.auction) ?? 0) + 1);
        windows.set(s, counts);
      }
    }
    const expected = [];
    for (const counts of windows.values()) {
      const max = Math.max(...counts.values());
      for (const [auction, num] of counts) if (num === max) expected.push({ auction, num });
    }
    expect(sorted(runBaseline(q5, events).rows)).toEqual(sorted(expected));
  });

  it("q7 matches a per-window maximum joined back over [end - 10 s, end]", () => {
    const maxima = new Map<number, number>();
    for (const b of bids) {
      const end = Math.floor(b.dateTime / 10000) * 10000 + 10000;
      maxima.set(end, Math.max(maxima.get(end) ?? -1, b.price));
    }
    const expected = [];
    for (const b of bids) {
      for (const [end, max] of maxima) if (b.price === max && b.dateTime >= end - 10000 && b.dateTime <= end) expected.push(b.auction);
    }
    expect(sorted(runBaseline(q7, events).rows.map((r) => r.auction))).toEqual(sorted(expected));
  });

  it("q8 matches joining persons and sellers per 10 s window", () => {
    const expected = [];
    const sellerWindows = new Set(auctions.map((a) => `${a.seller}@${Math.floor(a.dateTime / 10000) * 10000}`));
    for (const p of people) {
      const start = Math.floor(p.dateTime / 10000) * 10000;
      if (sellerWindows.has(`${p.id}@${start}`)) {
        expected.push({ id: p.id, name: p.name, stime: start });
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(sorted(runBaseline(q8, events).rows)).toEqual(sorted(expected));
  });

  it("q11 matches splitting each bidder's sorted bid times at gaps over 10 s", () => {
    const expected = [];
    for (const [bidder, ofBidder] of groupBy(bids, (b) => b.bidder)) {
      const list = ofBidder.map((b) => b.dateTime).sort((x, y) => x - y);
      let start = list[0]!;
      let count = 0;
      let last = start;
      for (const t of list) {
        if (t > last + 10000) {
          expected.push({ bidder, bid_count: count, starttime: start, endtime: last + 10000 });
          start = t;
          count = 0;
        }
        count++;
        last = t;
      }
      expected.push({ bidder, bid_count: count, starttime: start, endtime: last + 10000 });
    }
    expect(sorted(runBaseline(q11, events).rows)).toEqual(sorted(expected));
  });

  it("q19 ranks at most ten bids per auction, contiguously from 1", () => {
    const rows = runBaseline(q19, events).rows;
    const ranks = groupBy(rows, (r) => r.auction);
    expect(ranks.size).toBe(bidsByAuction.size);
    for (const [auction, ofAuction] of ranks) {
      const n = Math.min(10, bidsByAuction.get(auction)!.length);
      expect(ofAuction.map((r) => r.rank_number).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      // The ranked prices are the n highest prices of the auction, in order.
      const top = bidsByAuction.get(auction)!.map((b) => b.price).sort((x, y) => y - x).slice(0, n);
      expect([...ofAuction].sort((x, y) => x.rank_number - y.rank_number).map((r) => r.price)).toEqual(top);
    }
  });

  it("q20 matches joining every bid with its category-10 auction", () => {
    const category10 = new Set(auctions.filter((a) => a.category === 10).map((a) => a.id));
    expect(runBaseline(q20, events).rows.length).toBe(bids.filter((b) => category10.has(b.auction)).length);
  });
});
