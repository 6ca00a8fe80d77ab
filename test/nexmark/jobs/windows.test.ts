import { describe, expect, it } from "vitest";
import { ManualClock, StreamExecutionEnvironment } from "../../../host/index.js";
import type { Event } from "../../../host/connectors/nexmark/index.js";
import { canonicalRows, runBaseline, q12 as q12Baseline, type Q11Row, type Q12Row, type Q7Row, type QueryName } from "../../../bench/nexmark/limit/index.js";
import { JOBS, TIMER_JOBS, q12, q12Timers, type NexmarkJob } from "../../../bench/nexmark/queries/index.js";
import { auction, bid, person } from "../fixtures.js";
import { eventsFor, expectSameResult, expectSameResultOn } from "./helpers.js";

// 40 000 events at 500 events/s: 80 s of event time, so every window kind closes many times.
const options = { maxEvents: 40_000, seed: 5, firstEventRate: 500 };

const VARIANTS: Array<[string, (name: QueryName) => NexmarkJob<unknown>]> = [
  ["window API", (name) => JOBS[name]],
  ["process functions and timers", (name) => TIMER_JOBS[name]!],
];

describe.each(VARIANTS)("windowed Nexmark jobs (%s) match the hand-written queries", (_variant, jobOf) => {
  it.each([
    ["q5", 30],
    ["q7", 7],
    ["q8", 50],
    ["q11", 1000],
  ] as Array<[QueryName, number]>)("%s at parallelism 1 and 2", async (name, atLeast) => {
    expect(await expectSameResult(name, options, 1, {}, jobOf(name))).toBeGreaterThan(atLeast);
    expect(await expectSameResult(name, options, 2, {}, jobOf(name))).toBeGreaterThan(atLeast);
  });

  it("q5 keeps every auction tied for a window's maximum", async () => {
    await expectSameResultOn("q5", [
      bid({ auction: 1, price: 1, dateTime: 1000 }),
      bid({ auction: 2, price: 1, dateTime: 1200 }),
      bid({ auction: 1, price: 1, dateTime: 1500 }),
      bid({ auction: 2, price: 1, dateTime: 9000 }),
      bid({ auction: 3, price: 1, dateTime: 11000 }),
    ], jobOf("q5"));
  });

  it("q7 matches a bid at exactly a window's end with that window and its own", async () => {
    const rows = await expectSameResultOn<Q7Row>("q7", [
      bid({ auction: 1, price: 5, dateTime: 1000 }),
      bid({ auction: 2, price: 9, dateTime: 2000 }),
      bid({ auction: 3, price: 9, dateTime: 9999 }),
      bid({ auction: 4, price: 9, dateTime: 10000 }),
      bid({ auction: 5, price: 3, dateTime: 15000 }),
      bid({ auction: 6, price: 8, dateTime: 30000 }), // [20000, 30000) has only this boundary bid: never fires
      bid({ auction: 7, price: 8, dateTime: 40000 }), // equals [30000, 40000)'s maximum: matches it and its own window
    ], jobOf("q7"));
    expect(rows.map((r) => r.auction).sort()).toEqual([2, 3, 4, 4, 6, 7, 7]);
  });

  it("q8 deduplicates persons and sellers per window", async () => {
    await expectSameResultOn("q8", [
      person({ id: 1, name: "Ann", dateTime: 1000 }),
      auction({ id: 100, seller: 1, dateTime: 2000 }),
      auction({ id: 101, seller: 1, dateTime: 5000 }),
      person({ id: 2, name: "Bob", dateTime: 3000 }),
      auction({ id: 102, seller: 2, dateTime: 12000 }),
      person({ id: 3, name: "Cy", dateTime: 15000 }),
      auction({ id: 103, seller: 3, dateTime: 19999 }),
      auction({ id: 104, seller: 1, dateTime: 15000 }),
    ], jobOf("q8"));
  });

  it("q11 merges sessions, touching ones and ones bridged by an out-of-order bid", async () => {
    const rows = await expectSameResultOn<Q11Row>("q11", [
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 0 }),
      bid({ auction: 1, bidder: 2, price: 1, dateTime: 1000 }),
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 5000 }),
      bid({ auction: 1, bidder: 1, price: 1, dateTime: 15000 }),
      bid({ auction: 1, bidder: 3, price: 1, dateTime: 40000 }),
      bid({ auction: 1, bidder: 3, price: 1, dateTime: 51000 }),
      bid({ auction: 1, bidder: 3, price: 1, dateTime: 48000 }), // bridges [40000, 50000) and [51000, 61000)
    ], jobOf("q11"));
    expect(rows.length).toBe(3);
  });
});

describe.each([
  ["window API", q12],
  ["process function and timers", q12Timers],
] as Array<[string, NexmarkJob<Q12Row>]>)("q12 processing-time windows (%s)", (_variant, q12Job) => {
  it("counts every bid in one window while the clock stands still, emitted at end of input", async () => {
    const env = new StreamExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(2);
    const rows = await q12Job(env, options).executeAndCollect();
    const expected = runBaseline(q12Baseline, eventsFor(options, 2), { processingClock: () => 0 }).rows;
    expect(canonicalRows(rows)).toEqual(canonicalRows(expected));
  });

  it("assigns bids to windows by the processing time at which they are processed", async () => {
    // The clock jumps 10 s whenever the job yields to the event loop; where the cuts fall depends on the run,
    // but a window must hold a contiguous run of bids in processing order (parallelism 1: source order).
    const clock = new ManualClock(0);
    const env = new StreamExecutionEnvironment({ clock }).setParallelism(1);
    const stream = q12Job(env, options);
    const ticker = setInterval(() => clock.advance(10_000), 1);
    let rows: Q12Row[];
    try {
      rows = await stream.executeAndCollect();
    } finally {
      clearInterval(ticker);
    }
    const perWindow = new Map<number, number>();
    for (const r of rows) perWindow.set(r.starttime, (perWindow.get(r.starttime) ?? 0) + r.bid_count);
    const windows = [...perWindow].sort((a, b) => a[0] - b[0]);
    expect(windows.length).toBeGreaterThan(1);

    // Rebuild the processing clock from the windows' sizes: window k holds the next `size_k` bids.
    const events: Event[] = eventsFor(options, 1);
    const clockOf: number[] = [];
    let k = 0;
    let left = windows[0]![1];
    for (const e of events) {
      while (left === 0 && k + 1 < windows.length) left = windows[++k]![1];
      clockOf.push(windows[k]![0]);
      if (e.type === 2) left--;
    }
    const expected = runBaseline(q12Baseline, events, { processingClock: (i) => clockOf[i]! }).rows;
    expect(canonicalRows(rows)).toEqual(canonicalRows(expected));
  });
});
