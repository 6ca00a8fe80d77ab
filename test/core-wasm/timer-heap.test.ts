import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { WasmTimerHeap, DecodeError, CoreError } from "../../host/core/index.js";
import { freshCore, budget, hex } from "./helpers.js";

const core = freshCore();
const MAXP = 8;

interface T { ts: number; kg: number; key: Uint8Array; ns: Uint8Array; seq: number }
const tid = (ts: number, kg: number, key: Uint8Array, ns: Uint8Array) => `${ts}|${kg}|${hex(key)}|${hex(ns)}`;

const opArb = fc.oneof(
  fc.record({ op: fc.constant("reg" as const), ts: fc.integer({ min: -50, max: 50 }), kg: fc.nat(MAXP - 1), key: fc.uint8Array({ maxLength: 3 }), ns: fc.uint8Array({ maxLength: 2 }) }),
  fc.record({ op: fc.constant("del" as const), ts: fc.integer({ min: -50, max: 50 }), kg: fc.nat(MAXP - 1), key: fc.uint8Array({ maxLength: 3 }), ns: fc.uint8Array({ maxLength: 2 }) }),
  fc.record({ op: fc.constant("poll" as const), upTo: fc.integer({ min: -60, max: 60 }) }),
  fc.record({ op: fc.constant("pollOne" as const), upTo: fc.integer({ min: -60, max: 60 }) }),
);

describe("timer heap", () => {
  it("de-duplicates, deletes and pops in (timestamp, registration) order, like a sorted list", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const b = budget(core);
        const h = new WasmTimerHeap(b, MAXP);
        const model = new Map<string, T>();
        let seq = 0;
        for (const o of ops) {
          if (o.op === "reg") {
            const k = tid(o.ts, o.kg, o.key, o.ns);
            const fresh = !model.has(k);
            expect(h.register(o.ts, o.kg, o.key, o.ns)).toBe(fresh);
            if (fresh) model.set(k, { ts: o.ts, kg: o.kg, key: o.key, ns: o.ns, seq: seq++ });
          } else if (o.op === "del") {
            expect(h.delete(o.ts, o.kg, o.key, o.ns)).toBe(model.delete(tid(o.ts, o.kg, o.key, o.ns)));
          } else if (o.op === "pollOne") {
            const first = [...model.values()].filter((t) => t.ts <= o.upTo).sort((a, c) => a.ts - c.ts || a.seq - c.seq)[0];
            const got = h.pollOne(o.upTo);
            expect(got && tid(got.timestamp, got.keyGroup, got.key, got.namespace)).toEqual(first && tid(first.ts, first.kg, first.key, first.ns));
            if (first) model.delete(tid(first.ts, first.kg, first.key, first.ns));
          } else {
            const due = [...model.values()].filter((t) => t.ts <= o.upTo).sort((a, c) => a.ts - c.ts || a.seq - c.seq);
            const got = h.poll(o.upTo);
            expect(got.map((t) => tid(t.timestamp, t.keyGroup, t.key, t.namespace))).toEqual(due.map((t) => tid(t.ts, t.kg, t.key, t.ns)));
            for (const t of due) model.delete(tid(t.ts, t.kg, t.key, t.ns));
          }
          expect(h.size).toBe(model.size);
          const min = Math.min(...[...model.values()].map((t) => t.ts));
          expect(h.peek()).toBe(min);
        }
        h.drop();
        expect(b.usedBytes).toBe(0);
        b.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it("timersPollOne pops exactly one due timer, and none when the output cannot hold it", () => {
    const b = budget(core);
    const h = new WasmTimerHeap(b, MAXP);
    const x = core.exports;
    const out = core.ioBuf.address;
    h.register(20, 1, new Uint8Array([2]), new Uint8Array([9, 9]));
    h.register(10, 3, new Uint8Array([1, 1, 1]), new Uint8Array());
    h.register(10, 2, new Uint8Array([3]), new Uint8Array()); // tie: after the one registered first
    expect(x.timersPollOne(h.handle, 9, out, core.ioBuf.capacity)).toBe(0); // nothing due
    // Output timer layout: f64 timestamp, u32 key group, u32 key length, u32 namespace length, u32 0, key, ns.
    expect(x.timersPollOne(h.handle, 20, out, core.ioBuf.capacity)).toBe(32); // 24 + 3 bytes, padded to 8
    expect(core.f64[out >>> 3]).toBe(10);
    expect(Array.from(core.u32.subarray((out + 8) >>> 2, (out + 24) >>> 2))).toEqual([3, 3, 0, 0]);
    expect(Array.from(core.u8.subarray(out + 24, out + 32))).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    expect(h.size).toBe(2);
    // Too small an output: the error says how much is needed, and the timer stays.
    expect(x.timersPollOne(h.handle, 20, out, 24)).toBe(-13);
    expect(x.errorDetail0()).toBe(32);
    expect(h.size).toBe(2);
    expect(h.pollOne(20)).toEqual({ timestamp: 10, keyGroup: 2, key: new Uint8Array([3]), namespace: new Uint8Array() });
    h.delete(20, 1, new Uint8Array([2]), new Uint8Array([9, 9]));
    expect(h.pollOne(Infinity)).toBeUndefined(); // the deleted one is skipped
    expect(h.size).toBe(0);
    expect(x.timersPollOne(h.handle, 0, out, -1)).toBe(-4);
    h.drop();
    expect(x.timersPollOne(h.handle, 0, out, 64)).toBe(-3);
    b.dispose();
  });

  it("pollOneInto describes the popped timer in core memory, across a grown I/O buffer", () => {
    const b = budget(core);
    const h = new WasmTimerHeap(b, MAXP);
    const big = new Uint8Array(100_000).map((_, i) => i & 255); // more than the I/O buffer's first size
    h.register(5, 4, big, new Uint8Array([7]));
    const view = { timestamp: 0, keyGroup: 0, keyAddress: 0, keyLength: 0, namespaceLength: 0 };
    expect(h.pollOneInto(5, view)).toBe(true);
    expect(view).toMatchObject({ timestamp: 5, keyGroup: 4, keyLength: 100_000, namespaceLength: 1 });
    expect(core.u8.subarray(view.keyAddress, view.keyAddress + view.keyLength)).toEqual(big);
    expect(core.u8[view.keyAddress + view.keyLength]).toBe(7);
    expect(h.pollOneInto(5, view)).toBe(false);
    h.drop();
    b.dispose();
  });

  it("compacts deleted timers and keeps order across heap growth", () => {
    const b = budget(core);
    const h = new WasmTimerHeap(b, MAXP);
    const key = new Uint8Array(4);
    const dv = new DataView(key.buffer);
    const n = 20_000; // more than one segment of heap entries (4096)
    for (let i = 0; i < n; i++) {
      dv.setUint32(0, i, true);
      expect(h.register((i * 7919) % 10007, i % MAXP, key, new Uint8Array())).toBe(true);
    }
    for (let i = 0; i < n; i += 4) {
      dv.setUint32(0, i, true);
      expect(h.delete((i * 7919) % 10007, i % MAXP, key, new Uint8Array())).toBe(true);
    }
    for (let i = 1; i < n; i += 4) {
      dv.setUint32(0, i, true);
      expect(h.delete((i * 7919) % 10007, i % MAXP, key, new Uint8Array())).toBe(true);
    }
    expect(h.size).toBe(n / 2);
    const fired = h.poll(Infinity);
    expect(fired.length).toBe(n / 2);
    for (let i = 1; i < fired.length; i++) expect(fired[i]!.timestamp).toBeGreaterThanOrEqual(fired[i - 1]!.timestamp);
    expect(h.peek()).toBe(Infinity);
    h.drop();
  });

  it("snapshots per key-group range and restores (duplicates ignored)", () => {
    const b = budget(core);
    const h = new WasmTimerHeap(b, MAXP);
    const big = new Uint8Array(70_000).fill(1); // larger than the poll buffer's first size
    for (let i = 0; i < 300; i++) h.register(i, i % MAXP, new Uint8Array([i & 255, i >> 8]), new Uint8Array([1, 2, 3]));
    h.register(1000, 3, big, new Uint8Array());
    h.delete(5, 5, new Uint8Array([5, 0]), new Uint8Array([1, 2, 3]));
    const snap = h.snapshot(2, 5);
    const listed = h.timers(2, 5); // the same timers, parsed; the heap is unchanged
    expect(listed.every((t) => t.keyGroup >= 2 && t.keyGroup <= 5)).toBe(true);
    expect(h.size).toBe(300);
    const r = new WasmTimerHeap(b, MAXP);
    const n = r.restore(snap);
    const got = r.poll(Infinity);
    expect(got.every((t) => t.keyGroup >= 2 && t.keyGroup <= 5)).toBe(true);
    expect(got.length).toBe(n);
    expect(got.at(-1)!.key.length).toBe(70_000);
    const want = [...Array(300).keys()].filter((i) => i % MAXP >= 2 && i % MAXP <= 5 && i !== 5).length + 1;
    expect(n).toBe(want);
    expect(listed.length).toBe(want);
    expect(r.restore(snap)).toBe(want);
    expect(r.restore(snap)).toBe(want); // again: all duplicates
    expect(r.size).toBe(want);
    h.drop();
    r.drop();
  });

  it("rejects garbage snapshots and bad arguments cleanly", () => {
    const b = budget(core);
    const h = new WasmTimerHeap(b, MAXP);
    h.register(1, 1, new Uint8Array([1]), new Uint8Array());
    const good = h.snapshot();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        expect(() => h.restore(junk)).toThrow(DecodeError);
      }),
    );
    fc.assert(
      fc.property(fc.nat(good.length - 17), fc.integer({ min: 0, max: 255 }), (pos, byte) => {
        const bad = good.slice();
        bad[16 + pos] = byte;
        const r = new WasmTimerHeap(b, MAXP);
        try {
          r.restore(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(CoreError);
        }
        r.drop();
      }),
    );
    expect(() => h.register(NaN, 0, new Uint8Array(), new Uint8Array())).toThrow(/argument 1/);
    expect(() => h.register(1, MAXP, new Uint8Array(), new Uint8Array())).toThrow(/argument 2/);
    expect(() => h.delete(NaN, 0, new Uint8Array(), new Uint8Array())).toThrow(/argument 1/);
    expect(() => h.snapshot(3, 2)).toThrow(/argument 1/);
    expect(() => new WasmTimerHeap(b, 0)).toThrow(/argument 1/);
    // a poll buffer smaller than one timer reports the size it needs
    expect(core.exports.timersPoll(h.handle, 10, core.ioBuf.address, 4)).toBe(-13);
    h.drop();
    for (const f of [
      () => core.exports.timersSize(h.handle), () => core.exports.timersDrop(h.handle),
      () => core.exports.timersRegister(h.handle, 0, 0, 0, 0, 0), () => core.exports.timersDelete(h.handle, 0, 0, 0, 0, 0),
      () => core.exports.timersPoll(h.handle, 0, 0, 0), () => core.exports.timersPollOne(h.handle, 0, 0, 0),
      () => core.exports.timersSnapshot(h.handle, 0, 0, 0, 0, 0),
      () => core.exports.timersRestore(h.handle, 0, 0),
    ]) {
      expect(f()).toBe(-3);
    }
    expect(core.exports.timersPeek(h.handle)).toBeNaN();
    expect(core.exports.timersCreate(4242, 8)).toBe(0);
  });
});
