import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { WindowKernel, MemoryBudget, CoreError } from "../../host/core/index.js";
import { freshCore, budget } from "./helpers.js";

const core = freshCore();
const MAXP = 8;

type Result = { start: number; end: number; kg: number; key: number; count: number; sum: number; min: number; max: number };

/** Straightforward reference: Flink's sliding windows, records kept per window, fired at the watermark. */
class Reference {
  private windows = new Map<string, { start: number; end: number; kg: number; key: number; values: number[] }>();
  private wm = -Infinity;
  dropped = 0;
  constructor(private size: number, private slide: number, private offset: number, private lateness: number) {}
  add(ts: number, value: number, kg: number, key: number): void {
    const mod = (a: number, b: number) => ((a % b) + b) % b;
    const lastStart = ts - mod(ts - this.offset, this.slide);
    if (lastStart + this.size - 1 + this.lateness <= this.wm) {
      this.dropped++;
      return;
    }
    for (let start = lastStart; start > ts - this.size; start -= this.slide) {
      const end = start + this.size;
      if (end - 1 <= this.wm) continue; // that window already fired
      const id = `${start}|${kg}|${key}`;
      let w = this.windows.get(id);
      if (!w) this.windows.set(id, (w = { start, end, kg, key, values: [] }));
      w.values.push(value);
    }
  }
  advance(wm: number): Result[] {
    if (wm > this.wm) this.wm = wm;
    const out: Result[] = [];
    for (const [id, w] of this.windows) {
      if (w.end - 1 <= this.wm) {
        out.push({ start: w.start, end: w.end, kg: w.kg, key: w.key, count: w.values.length,
          sum: w.values.reduce((a, b) => a + b, 0), min: Math.min(...w.values), max: Math.max(...w.values) });
        this.windows.delete(id);
      }
    }
    return out;
  }
}

const sortResults = (r: Result[]) => r.sort((a, b) => a.end - b.end || a.kg - b.kg || a.key - b.key);

function collect(k: WindowKernel, wm: number): Result[] {
  const out: Result[] = [];
  k.advance(wm, (start, end, kg, key, count, sum, min, max) => {
    out.push({ start, end, kg, key: new DataView(key.buffer, key.byteOffset).getUint32(0, true), count, sum, min, max });
  });
  return out;
}

const keyBytes = (k: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, k, true);
  return b;
};

describe("window kernel", () => {
  it("matches a straightforward sliding-window implementation, late records included", () => {
    const cfg = fc.oneof(
      fc.record({ size: fc.constant(10), slide: fc.constant(10), offset: fc.constant(0), lateness: fc.constant(0) }),
      fc.record({ size: fc.integer({ min: 2, max: 30 }), slide: fc.integer({ min: 1, max: 30 }), offset: fc.integer({ min: -5, max: 5 }), lateness: fc.integer({ min: 0, max: 10 }) }),
    ).filter((c) => c.slide <= c.size && Math.abs(c.offset) < c.slide);
    const step = fc.oneof(
      fc.record({ ts: fc.integer({ min: -20, max: 200 }), v: fc.integer({ min: -100, max: 100 }), key: fc.nat(5) }),
      fc.record({ wm: fc.integer({ min: -30, max: 220 }) }),
    );
    fc.assert(
      fc.property(cfg, fc.array(step, { maxLength: 120 }), (c, steps) => {
        const b = budget(core);
        const k = new WindowKernel(b, { size: c.size, slide: c.slide, offset: c.offset, allowedLateness: c.lateness, maxParallelism: MAXP });
        const ref = new Reference(c.size, c.slide, c.offset, c.lateness);
        for (const s of steps) {
          if ("wm" in s) {
            expect(sortResults(collect(k, s.wm))).toEqual(sortResults(ref.advance(s.wm)));
          } else {
            k.add(s.ts, s.v, s.key % MAXP, keyBytes(s.key));
            ref.add(s.ts, s.v, s.key % MAXP, s.key);
          }
        }
        expect(sortResults(collect(k, Infinity))).toEqual(sortResults(ref.advance(Infinity)));
        expect(k.droppedLate).toBe(ref.dropped);
        expect(k.paneCount).toBe(0);
        k.drop();
        expect(b.usedBytes).toBe(0);
        b.dispose();
      }),
      { numRuns: 150 },
    );
  });

  it("fires windows in end order, resuming across a small output buffer", () => {
    const b = budget(core);
    const k = new WindowKernel(b, { size: 1000, slide: 250, maxParallelism: 128 });
    for (let i = 0; i < 20_000; i++) {
      const at = k.addRaw(i % 5000, 1, i % 128, 4);
      core.dv.setUint32(at, i % 3000, true);
    }
    let lastEnd = -Infinity;
    let count = 0;
    let total = 0;
    k.advance(Infinity, (_s, end, _kg, _key, c) => {
      expect(end).toBeGreaterThanOrEqual(lastEnd);
      lastEnd = end;
      count++;
      total += c;
    });
    expect(total).toBe(20_000 * 4); // every record is in size/slide = 4 windows
    expect(count).toBeGreaterThan(0);
    k.drop();
  });

  it("snapshots and restores panes mid-stream", () => {
    const b = budget(core);
    const opts = { size: 100, slide: 20, maxParallelism: MAXP };
    const k = new WindowKernel(b, opts);
    const ref = new WindowKernel(b, opts);
    for (let i = 0; i < 500; i++) {
      k.add(i, i, i % MAXP, keyBytes(i % 13));
      ref.add(i, i, i % MAXP, keyBytes(i % 13));
    }
    const mid = collect(k, 250);
    expect(sortResults(mid)).toEqual(sortResults(collect(ref, 250)));
    const snapA = k.snapshot(0, 3);
    const snapB = k.snapshot(4, MAXP - 1);
    const restored = new WindowKernel(b, opts);
    restored.restore(snapA);
    restored.restore(snapB);
    expect(restored.watermark).toBe(250);
    expect(collect(restored, 250)).toEqual([]); // what fired before the snapshot does not fire again
    for (let i = 500; i < 700; i++) {
      restored.add(i, i, i % MAXP, keyBytes(i % 13));
      ref.add(i, i, i % MAXP, keyBytes(i % 13));
    }
    expect(sortResults(collect(restored, Infinity))).toEqual(
      sortResults(collect(ref, Infinity)),
    );
    k.drop();
    ref.drop();
    restored.drop();
  });

  it("rejects bad configuration, input and handles cleanly", () => {
    const b = budget(core);
    expect(() => new WindowKernel(b, { size: 0 })).toThrow(/argument 2/);
    expect(() => new WindowKernel(b, { size: 10, slide: 20 })).toThrow(/argument 3/);
    expect(() => new WindowKernel(b, { size: 10, slide: 5, offset: 5 })).toThrow(/argument 4/);
    expect(() => new WindowKernel(b, { size: 10, allowedLateness: -1 })).toThrow(/argument 5/);
    expect(() => new WindowKernel(b, { size: 10, maxParallelism: 0 })).toThrow(/argument 1/);
    const k = new WindowKernel(b, { size: 10, maxParallelism: MAXP });
    k.add(1.5, 1, 0, keyBytes(1));
    expect(() => k.flush()).toThrow(/argument 1/);
    k.add(1, 1, MAXP, keyBytes(1));
    expect(() => k.flush()).toThrow(/argument 2/);
    expect(() => k.advance(NaN, () => {})).toThrow(/argument 1/);
    expect(core.exports.windowAdvance(k.handle, 0, core.ioBuf.address, -1)).toBe(-4);
    expect(core.exports.windowPaneIndex(k.handle, 5)).toBeNaN();
    expect(() => core.check(core.exports.windowPaneTable(k.handle, 5), "x")).toThrow(CoreError);
    expect(core.exports.windowRestorePane(k.handle, 0.5, 0, 0)).toBe(-4);
    expect(core.exports.windowRestoreWatermark(k.handle, NaN)).toBe(-4);
    expect(core.exports.windowRestoreWatermark(k.handle, 0.5)).toBe(-4);
    expect(k.watermark).toBe(-Infinity);
    // too many live panes: a clean E_LIMIT, not a trap
    const many = new WindowKernel(MemoryBudget.create(1 << 30, core), { size: 1, maxParallelism: 1 });
    expect(() => {
      for (let i = 0; i < 5000; i++) many.add(i, 1, 0, keyBytes(1));
      many.flush();
    }).toThrow(/too many objects/);
    many.drop();
    k.drop();
    for (const f of [
      () => core.exports.windowDrop(k.handle), () => core.exports.windowDropped(k.handle),
      () => core.exports.windowPaneCount(k.handle), () => core.exports.windowAdd(k.handle, 0, 0),
      () => core.exports.windowAdvance(k.handle, 0, 0, 0), () => core.exports.windowRestorePane(k.handle, 0, 0, 0),
      () => core.exports.windowPaneTable(k.handle, 0), () => core.exports.windowRestoreWatermark(k.handle, 0),
    ]) {
      expect(f()).toBe(-3);
    }
    expect(core.exports.windowCreate(9999, 8, 10, 10, 0, 0)).toBe(0);
    expect(core.exports.windowWatermark(k.handle)).toBeNaN();
  });
});
