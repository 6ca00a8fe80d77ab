import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalRows, materialize, q0, q18 } from "../../bench/nexmark/limit/index.js";
import { MinHeap } from "../../bench/nexmark/limit/min-heap.js";
import { TimeFormatter, civilDate, hourOfDay } from "../../bench/nexmark/limit/time-format.js";
import { WatermarkTracker, windowStart } from "../../bench/nexmark/limit/watermark.js";

describe("time formatting", () => {
  it("agrees with Date's UTC calendar", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e12, max: 5e12 }), (ts) => {
        const iso = new Date(ts).toISOString();
        const f = new TimeFormatter();
        expect(f.date(ts)).toBe(iso.slice(0, 10));
        expect(f.hourMinute(ts)).toBe(iso.slice(11, 16));
        expect(hourOfDay(ts)).toBe(Number(iso.slice(11, 13)));
      }),
    );
    expect(civilDate(0)).toBe("1970-01-01");
    expect(civilDate(-1)).toBe("1969-12-31");
    expect(civilDate(11016)).toBe("2000-02-29");
  });

  it("reuses the cached day and minute across a stream", () => {
    const f = new TimeFormatter();
    const t = Date.UTC(2015, 6, 15, 23, 59, 30);
    expect([f.date(t), f.hourMinute(t), f.date(t + 29_999), f.hourMinute(t + 29_999), f.date(t + 30_000), f.hourMinute(t + 30_000)]).toEqual([
      "2015-07-15", "23:59", "2015-07-15", "23:59", "2015-07-16", "00:00",
    ]);
  });
});

describe("windows and watermarks", () => {
  it("computes Flink's window starts (offset 3, size 7 gives [-4, 3) and [3, 10))", () => {
    expect(windowStart(-4, 7, 3)).toBe(-4);
    expect(windowStart(2, 7, 3)).toBe(-4);
    expect(windowStart(3, 7, 3)).toBe(3);
    expect(windowStart(9, 7, 3)).toBe(3);
    expect(windowStart(-1, 10)).toBe(-10);
  });

  it("tracks maxTimestamp - bound - 1 and never goes back", () => {
    const wm = new WatermarkTracker(4000);
    expect(wm.current).toBe(-Infinity);
    wm.observe(10_000);
    wm.observe(9_000);
    expect(wm.current).toBe(5999);
    wm.end();
    expect(wm.current).toBe(Infinity);
  });
});

describe("min-heap", () => {
  it("pops in priority order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (xs) => {
        const heap = new MinHeap<number>();
        for (const x of xs) heap.push(x, x);
        const out: number[] = [];
        while (heap.size > 0) out.push(heap.pop());
        expect(out).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });
});

describe("result materialisation", () => {
  it("keeps append rows and the last row per upsert key", () => {
    const a = { auction: 1, bidder: 2, price: 3, dateTime: 4, extra: "" };
    expect(materialize(q0, [a, a])).toEqual([a, a]);
    const first = { auction: 1, bidder: 2, price: 3, channel: "c", url: "u", dateTime: 4, extra: "" };
    const second = { ...first, price: 9 };
    const other = { ...first, auction: 5 };
    expect(materialize(q18, [first, other, second])).toEqual([second, other]);
  });

  it("compares rows regardless of key order", () => {
    expect(canonicalRows([{ b: 1, a: [2, { d: 1, c: 2 }] }, { a: 0 }])).toEqual(canonicalRows([{ a: 0 }, { a: [2, { c: 2, d: 1 }], b: 1 }]));
    expect(canonicalRows([{ a: 1 }])).not.toEqual(canonicalRows([{ a: 2 }]));
  });
});
