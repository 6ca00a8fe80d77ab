import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  WasmStateTable, MemoryBudget, MemoryBudgetExhaustedError, DecodeError, CoreError, CountKeyMode,
  SEGMENT_SIZE,
} from "../../host/core/index.js";
import { freshCore, budget, utf8, hex, KeyGroups } from "./helpers.js";

const core = freshCore();
const MAXP = 16;

interface Entry { kg: number; key: Uint8Array; ns: Uint8Array; value: Uint8Array }
const id = (kg: number, key: Uint8Array, ns: Uint8Array) => `${kg}|${hex(key)}|${hex(ns)}`;

function putFixed(t: WasmStateTable, kg: number, key: Uint8Array, ns: Uint8Array, v: number): void {
  const k = t.stageKey(key, ns);
  const a = t.upsert(kg, k, ns.length);
  core.dv.setFloat64(a, v, true);
}
function getFixed(t: WasmStateTable, kg: number, key: Uint8Array, ns: Uint8Array): number | undefined {
  const k = t.stageKey(key, ns);
  const a = t.find(kg, k, ns.length);
  return a === 0 ? undefined : core.dv.getFloat64(a, true);
}

const keyArb = fc.oneof(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ minLength: 10, maxLength: 40 }));
const opArb = fc.oneof(
  fc.record({ op: fc.constant("put" as const), kg: fc.nat(MAXP - 1), key: keyArb, ns: fc.uint8Array({ maxLength: 9 }), v: fc.double({ noNaN: true }) }),
  fc.record({ op: fc.constant("remove" as const), kg: fc.nat(MAXP - 1), key: keyArb, ns: fc.uint8Array({ maxLength: 9 }) }),
  fc.record({ op: fc.constant("get" as const), kg: fc.nat(MAXP - 1), key: keyArb, ns: fc.uint8Array({ maxLength: 9 }) }),
);

describe("state table", () => {
  it("behaves like a map keyed by (key group, key, namespace), inline and blob keys alike", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const b = budget(core);
        const t = new WasmStateTable(b, { keyInline: 8, valueWidth: 8, maxParallelism: MAXP });
        const model = new Map<string, number>();
        for (const o of ops) {
          const k = id(o.kg, o.key, o.ns);
          if (o.op === "put") {
            putFixed(t, o.kg, o.key, o.ns, o.v);
            expect(t.lastInserted).toBe(!model.has(k));
            model.set(k, o.v);
          } else if (o.op === "remove") {
            const kl = t.stageKey(o.key, o.ns);
            expect(t.remove(o.kg, kl, o.ns.length)).toBe(model.delete(k));
          } else {
            expect(getFixed(t, o.kg, o.key, o.ns)).toBe(model.get(k));
          }
        }
        expect(t.size).toBe(model.size);
        const seen = new Map<string, number>();
        t.scan(0, MAXP - 1, (kg, key, ns, value) => {
          seen.set(id(kg, key, ns), new DataView(value.buffer, value.byteOffset).getFloat64(0, true));
        });
        expect(seen).toEqual(model);
        t.drop();
        expect(b.usedBytes).toBe(0);
        b.dispose();
      }),
      { numRuns: 60 },
    );
  });

  it("tells a key from a key+namespace split differently", () => {
    const b = budget(core);
    const t = new WasmStateTable(b, { keyInline: 16, maxParallelism: MAXP });
    putFixed(t, 1, utf8("ab"), utf8("c"), 1);
    putFixed(t, 1, utf8("a"), utf8("bc"), 2);
    putFixed(t, 2, utf8("a"), utf8("bc"), 3);
    expect(getFixed(t, 1, utf8("ab"), utf8("c"))).toBe(1);
    expect(getFixed(t, 1, utf8("a"), utf8("bc"))).toBe(2);
    expect(getFixed(t, 2, utf8("a"), utf8("bc"))).toBe(3);
    expect(getFixed(t, 1, utf8("abc"), new Uint8Array())).toBeUndefined();
    t.drop();
  });

  it("grows incrementally: lookups stay correct while a resize is in progress", () => {
    const b = budget(core);
    const t = new WasmStateTable(b, { keyInline: 8, maxParallelism: 128 });
    const cap0 = t.capacity;
    let sawMigration = false;
    const n = 200_000;
    const key = new Uint8Array(8);
    const dv = new DataView(key.buffer);
    for (let i = 0; i < n; i++) {
      dv.setUint32(0, i, true);
      putFixed(t, i % 128, key, new Uint8Array(), i);
      if (t.migrating) {
        sawMigration = true;
        if (i % 97 === 0) {
          // every key inserted so far is still visible mid-migration
          for (const j of [0, i >>> 1, i]) {
            dv.setUint32(0, j, true);
            expect(getFixed(t, j % 128, key, new Uint8Array())).toBe(j);
          }
          dv.setUint32(0, i, true);
        }
      }
    }
    expect(sawMigration).toBe(true);
    expect(t.capacity).toBeGreaterThan(cap0);
    expect(t.size).toBe(n);
    for (let i = 0; i < n; i += 7) {
      dv.setUint32(0, i, true);
      expect(getFixed(t, i % 128, key, new Uint8Array())).toBe(i);
    }
    // removals leave tombstones; re-inserting reuses them and the count stays right
    for (let i = 0; i < n; i += 2) {
      dv.setUint32(0, i, true);
      const kl = t.stageKey(key);
      expect(t.remove(i % 128, kl, 0)).toBe(true);
    }
    expect(t.size).toBe(n / 2);
    for (let i = 0; i < n; i += 2) {
      dv.setUint32(0, i, true);
      putFixed(t, i % 128, key, new Uint8Array(), -i);
    }
    expect(t.size).toBe(n);
    dv.setUint32(0, 4, true);
    expect(getFixed(t, 4, key, new Uint8Array())).toBe(-4);
    const version = core.exports.tableLayoutVersion(t.handle);
    t.clear();
    expect(core.exports.tableLayoutVersion(t.handle)).toBeGreaterThan(version);
    expect(t.size).toBe(0);
    expect(getFixed(t, 4, key, new Uint8Array())).toBeUndefined();
    t.drop();
    b.dispose();
  });

  it("stores variable-length values, replacing and freeing old ones", () => {
    const b = budget(core);
    const t = new WasmStateTable(b, { varValues: true, maxParallelism: MAXP });
    const big = new Uint8Array(100_000).map((_, i) => i & 255); // a large blob (own segment run)
    const kl = t.stageKey(utf8("k"));
    t.putVar(3, kl, 0, utf8("hello"));
    expect(t.lastInserted).toBe(true);
    expect(Array.from(t.getVarView(3, t.stageKey(utf8("k")), 0)!)).toEqual(Array.from(utf8("hello")));
    t.putVar(3, t.stageKey(utf8("k")), 0, big);
    expect(t.lastInserted).toBe(false);
    expect(t.getVarView(3, t.stageKey(utf8("k")), 0)!.slice()).toEqual(big);
    t.putVar(3, t.stageKey(utf8("k")), 0, new Uint8Array());
    expect(t.getVarView(3, t.stageKey(utf8("k")), 0)!.length).toBe(0);
    expect(t.getVarView(4, t.stageKey(utf8("k")), 0)).toBeUndefined();
    // fixed-value calls on a var table and var calls on a fixed table are refused
    expect(() => t.countBatch(core.ioBuf.address, 0, 0)).toThrow(/value kind/);
    const f = new WasmStateTable(b, { maxParallelism: MAXP });
    expect(() => f.getVarView(0, f.stageKey(utf8("k")), 0)).toThrow(/value kind/);
    expect(() => f.putVar(0, f.stageKey(utf8("k")), 0, utf8("v"))).toThrow(/value kind/);
    t.drop();
    f.drop();
    expect(b.usedBytes).toBe(0);
  });

  it("scans one key-group range, with a key and namespace-prefix filter", () => {
    const b = budget(core);
    const t = new WasmStateTable(b, { keyInline: 8, maxParallelism: 128 });
    for (let i = 0; i < 5000; i++) putFixed(t, i % 128, utf8(`k${i % 50}`), utf8(`n${i}`), i);
    const kgs = new Set<number>();
    let count = 0;
    t.scan(10, 19, (kg) => {
      kgs.add(kg);
      count++;
    });
    expect([...kgs].sort((a, c) => a - c)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(count).toBe(390); // 5000 = 39 * 128 + 8: key groups 8..127 hold 39 entries each
    let filtered = 0;
    t.scan(0, 127, (_kg, key, ns) => {
      expect(new TextDecoder().decode(key)).toBe("k7");
      expect(new TextDecoder().decode(ns).startsWith("n1")).toBe(true);
      filtered++;
    }, utf8("k7"), utf8("n1"));
    // i % 50 == 7 and i starts with "1": 107, 157, 1007, ..., 1957
    const expected = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 50 === 7 && String(i).startsWith("1")).length;
    expect(filtered).toBe(expected);
    expect(() => t.scan(5, 4, () => {})).toThrow(/argument 1/);
    t.drop();
  });

  it("rejects a scan cursor when the table changed layout meanwhile", () => {
    const b = budget(core);
    const t = new WasmStateTable(b, { keyInline: 8, maxParallelism: 4 });
    for (let i = 0; i < 2000; i++) putFixed(t, i % 4, utf8(`key-${i}`), new Uint8Array(), i);
    const cursor = core.scanBuf.address;
    core.u8.fill(0, cursor, cursor + 16);
    const r = core.exports.tableScan(t.handle, 0, 3, cursor, core.ioBuf.address, 256, 0, 0, 0);
    expect(r).toBeGreaterThan(0);
    t.clear();
    expect(core.exports.tableScan(t.handle, 0, 3, cursor, core.ioBuf.address, 256, 0, 0, 0)).toBe(-4);
    // an output buffer smaller than one entry is reported with the size needed
    core.u8.fill(0, cursor, cursor + 16);
    putFixed(t, 0, utf8("x"), new Uint8Array(), 1);
    expect(core.exports.tableScan(t.handle, 0, 3, cursor, core.ioBuf.address, 8, 0, 0, 0)).toBe(-13);
    expect(core.exports.errorDetail0()).toBe(16 + 12);
    t.drop();
  });

  it("snapshots key-group ranges and restores them (also into another table)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(MAXP - 1), keyArb, fc.uint8Array({ maxLength: 30 })), { maxLength: 200 }), fc.nat(MAXP - 1), fc.nat(MAXP - 1), (entries, a, c) => {
        const lo = Math.min(a, c);
        const hi = Math.max(a, c);
        const b = budget(core);
        const t = new WasmStateTable(b, { varValues: true, maxParallelism: MAXP });
        const model = new Map<string, string>();
        for (const [kg, key, v] of entries) {
          t.putVar(kg, t.stageKey(key), 0, v);
          model.set(id(kg, key, new Uint8Array()), hex(v));
        }
        const snap = t.snapshot(lo, hi);
        const u = new WasmStateTable(b, { varValues: true, maxParallelism: MAXP });
        const n = u.restore(snap);
        const expected = [...model].filter(([k]) => { const kg = Number(k.split("|")[0]); return kg >= lo && kg <= hi; });
        expect(n).toBe(expected.length);
        const got = new Map<string, string>();
        u.scan(0, MAXP - 1, (kg, key, ns, value) => got.set(id(kg, key, ns), hex(value)));
        expect(got).toEqual(new Map(expected));
        // restoring only part of a full snapshot (rescaling)
        const full = t.snapshot();
        const w = new WasmStateTable(b, { varValues: true, maxParallelism: MAXP });
        w.restore(full, lo, hi);
        expect(w.size).toBe(expected.length);
        t.drop(); u.drop(); w.drop();
        b.dispose();
      }),
      { numRuns: 40 },
    );
  });

  it("fails cleanly on garbage snapshots (never a trap)", () => {
    const b = budget(core);
    const t = new WasmStateTable(b, { keyInline: 8, valueWidth: 8, maxParallelism: MAXP });
    for (let i = 0; i < 50; i++) putFixed(t, i % MAXP, utf8(`k${i}`), new Uint8Array(), i);
    const good = t.snapshot();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (junk) => {
        const u = new WasmStateTable(b, { keyInline: 8, valueWidth: 8, maxParallelism: MAXP });
        expect(() => u.restore(junk)).toThrow(DecodeError);
        u.drop();
      }),
      { numRuns: 200 },
    );
    // valid header, corrupted entries: clean error or a consistent restore, never anything else
    fc.assert(
      fc.property(fc.nat(good.length - 33), fc.integer({ min: 0, max: 255 }), (pos, byte) => {
        const bad = good.slice();
        bad[32 + pos] = byte;
        const u = new WasmStateTable(b, { keyInline: 8, valueWidth: 8, maxParallelism: MAXP });
        try {
          u.restore(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
        u.drop();
      }),
      { numRuns: 300 },
    );
    // header mismatches
    const other = new WasmStateTable(b, { keyInline: 8, valueWidth: 16, maxParallelism: MAXP });
    expect(() => other.restore(good)).toThrow(/snapshot is inconsistent at byte 12/);
    const bytes = good.slice(0, good.length - 3);
    expect(() => t.restore(bytes)).toThrow(DecodeError);
    const entriesOnly = good.subarray(32);
    const addr = core.ioBuf.ensure(entriesOnly.length);
    core.u8.set(entriesOnly.subarray(0, 20), addr);
    expect(core.exports.tableRestore(t.handle, addr, 20)).toBe(-6);
    t.drop();
    other.drop();
  });

  it("counts keys in batches, with key groups found in the core", () => {
    const b = budget(core);
    const words = ["to", "be", "or", "not", "to", "be", "héllo", "🌊", "be"];
    const t = new WasmStateTable(b, { keyInline: 16, maxParallelism: 128 });
    const at = core.ioBuf.ensure(4096);
    let p = at;
    for (const w of words) {
      const e = utf8(w);
      core.dv.setUint32(p, e.length, true);
      core.u8.set(e, p + 4);
      p += 4 + ((e.length + 3) & ~3);
    }
    t.countBatch(at, words.length, CountKeyMode.UTF8_STRING);
    const count = (w: string) => {
      const kg = KeyGroups.forHash(KeyGroups.stringHashCode(w), 128);
      const a = t.find(kg, t.stageKey(utf8(w)), 0);
      return a === 0 ? 0 : Number(core.dv.getBigInt64(a, true));
    };
    expect(count("be")).toBe(3);
    expect(count("to")).toBe(2);
    expect(count("héllo")).toBe(1);
    expect(count("🌊")).toBe(1);
    expect(count("nope")).toBe(0);
    // i64 keys: key group from Java's Long.hashCode
    const l = new WasmStateTable(b, { keyInline: 8, maxParallelism: 128 });
    p = at;
    for (const v of [5, 5, 2 ** 40 + 3]) {
      core.dv.setUint32(p, 8, true);
      core.dv.setBigInt64(p + 4, BigInt(v), true);
      p += 12;
    }
    l.countBatch(at, 3, CountKeyMode.I64);
    const key5 = new Uint8Array(8);
    new DataView(key5.buffer).setBigInt64(0, 5n, true);
    const a5 = l.find(KeyGroups.forHash(KeyGroups.longHashCode(5), 128), l.stageKey(key5), 0);
    expect(Number(core.dv.getBigInt64(a5, true))).toBe(2);
    // explicit key groups
    p = at;
    core.dv.setUint32(p, 5, true);
    core.dv.setUint32(p + 4, 77, true);
    core.u8[p + 8] = 9;
    l.countBatch(at, 1, CountKeyMode.WITH_KEY_GROUP);
    expect(l.find(77, l.stageKey(new Uint8Array([9])), 0)).not.toBe(0);
    // bad input: malformed UTF-8, wrong i64 length, out-of-range key group, bad mode
    core.dv.setUint32(at, 2, true);
    core.u8.set([0xc3, 0x28], at + 4);
    expect(() => t.countBatch(at, 1, CountKeyMode.UTF8_STRING)).toThrow(/UTF-8/);
    core.dv.setUint32(at, 3, true);
    expect(() => l.countBatch(at, 1, CountKeyMode.I64)).toThrow(/argument 1/);
    core.dv.setUint32(at, 4, true);
    core.dv.setUint32(at + 4, 999, true);
    expect(() => l.countBatch(at, 1, CountKeyMode.WITH_KEY_GROUP)).toThrow(/argument 1/);
    expect(() => l.countBatch(at, 1, 7)).toThrow(/argument 3/);
    t.drop();
    l.drop();
  });

  it("batched counts through growth equal a Map's, in tables of 8- and 16-byte keys and wide values", () => {
    const b = budget(core);
    for (const [keyInline, valueWidth] of [[8, 8], [16, 24]] as const) {
      const t = new WasmStateTable(b, { keyInline, valueWidth, maxParallelism: 128 });
      const want = new Map<string, number>();
      const at = core.ioBuf.ensure(4096 * 12);
      for (let round = 0; round < 12; round++) {
        // mixes repeats with first insertions, so inserts happen in place, during migrations and at resizes
        let p = at;
        for (let j = 0; j < 4096; j++) {
          const v = (Math.imul(round * 4096 + j, 2654435761) >>> 0) % 20_000;
          core.dv.setUint32(p, 8, true);
          core.dv.setBigInt64(p + 4, BigInt(v) * 1_000_003n, true);
          p += 12;
          want.set(String(BigInt(v) * 1_000_003n), (want.get(String(BigInt(v) * 1_000_003n)) ?? 0) + 1);
        }
        t.countBatch(at, 4096, CountKeyMode.I64);
      }
      expect(t.size).toBe(want.size);
      const got = new Map<string, number>();
      t.scan(0, 127, (kg, key, ns, value) => {
        const k = new DataView(key.buffer, key.byteOffset, 8).getBigInt64(0, true);
        expect(kg).toBe(KeyGroups.forHash(KeyGroups.longHashCode(Number(k)), 128));
        expect(ns.length).toBe(0);
        expect(value.length).toBe(valueWidth);
        expect(value.subarray(8).every((x) => x === 0)).toBe(true);
        got.set(String(k), Number(new DataView(value.buffer, value.byteOffset, 8).getBigInt64(0, true)));
      });
      expect(got).toEqual(want);
      t.drop();
    }
  });

  it("reports budget exhaustion on growth as a catchable error and stays usable", () => {
    const b = MemoryBudget.create(3 * SEGMENT_SIZE, core);
    const t = new WasmStateTable(b, { keyInline: 8, maxParallelism: 8 });
    let inserted = 0;
    let err: unknown;
    const key = new Uint8Array(8);
    try {
      for (let i = 0; i < 1_000_000; i++) {
        new DataView(key.buffer).setUint32(0, i, true);
        putFixed(t, i % 8, key, new Uint8Array(), i);
        inserted++;
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemoryBudgetExhaustedError);
    expect(t.size).toBe(inserted);
    new DataView(key.buffer).setUint32(0, 0, true);
    expect(getFixed(t, 0, key, new Uint8Array())).toBe(0);
    b.setLimit(64 * SEGMENT_SIZE);
    new DataView(key.buffer).setUint32(0, inserted, true);
    putFixed(t, inserted % 8, key, new Uint8Array(), 1);
    expect(t.size).toBe(inserted + 1);
    expect(t.memoryBytes).toBeGreaterThan(0);
    t.drop();
    b.dispose();
  });

  it("rejects bad arguments and handles with clean errors", () => {
    const b = budget(core);
    expect(() => new WasmStateTable(b, { keyInline: 12 })).toThrow(/argument 1/);
    expect(() => new WasmStateTable(b, { valueWidth: 6 })).toThrow(/argument 2/);
    expect(() => new WasmStateTable(b, { maxParallelism: 0 })).toThrow(/argument 4/);
    expect(core.exports.tableCreate(b.id, 8, 8, 4, 16, 0)).toBe(0);
    expect(core.exports.tableCreate(b.id, 8, 8, 0, 16, -1)).toBe(0);
    expect(core.exports.tableCreate(12345, 8, 8, 0, 16, 0)).toBe(0);
    const t = new WasmStateTable(b, { maxParallelism: 4 });
    expect(() => t.find(4, t.stageKey(utf8("a")), 0)).toThrow(/argument 1/);
    expect(() => t.upsert(-1, t.stageKey(utf8("a")), 0)).toThrow(/argument 1/);
    expect(core.exports.tableFind(t.handle, 0, core.keyBuf.address, -1, 0)).toBe(-4);
    expect(core.exports.tableUpsert(t.handle, 0, core.keyBuf.address, 2 << 20, 0)).toBe(-5);
    t.drop();
    for (const f of [
      () => core.exports.tableSize(t.handle), () => core.exports.tableCapacity(t.handle),
      () => core.exports.tableMigrating(t.handle), () => core.exports.tableSegments(t.handle),
      () => core.exports.tableClear(t.handle), () => core.exports.tableDrop(t.handle),
      () => core.exports.tableLayoutVersion(t.handle), () => core.exports.tableRemove(t.handle, 0, 0, 0, 0),
      () => core.exports.tableGetVar(t.handle, 0, 0, 0, 0), () => core.exports.tablePutVar(t.handle, 0, 0, 0, 0, 0, 0),
      () => core.exports.tableRestore(t.handle, 0, 0), () => core.exports.tableCountBatch(t.handle, 0, 0, 0),
      () => core.exports.tableScan(t.handle, 0, 0, 0, 0, 0, 0, 0, 0), () => core.exports.tableFind(12, 0, 0, 0, 0),
    ]) {
      expect(f()).toBe(-3);
    }
    expect(() => t.size).toThrow(CoreError);
    expect(core.exports.tableVarLength()).toBeGreaterThanOrEqual(0);
    expect(core.exports.tableLastInserted()).toBeGreaterThanOrEqual(0);
  });
});
