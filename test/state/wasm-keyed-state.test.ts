// Wasm-specific behaviour of WasmStateBackend beyond the shared contract, and a differential test against the
// heap backend on random operation sequences.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  AggregatingStateDescriptor,
  HashMapStateBackend,
  KeyGroupRange,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  Types,
  ValueStateDescriptor,
  WasmAggregates,
  WasmStateBackend,
  WasmKeyedStateBackend,
  type KeyedStateBackend,
  type StateBackend,
} from "../../host/index.js";
import { WasmCore, MemoryBudgetExhaustedError } from "../../host/core/index.js";

const core = WasmCore.create();
const make = (backend: StateBackend, range = new KeyGroupRange(0, 127)): KeyedStateBackend =>
  backend.createKeyedStateBackend({ operatorName: "t", maxParallelism: 128, keyGroupRange: range });
const wasm = (bytes = 64 * 1024 * 1024) => make(new WasmStateBackend({ managedMemoryBytes: bytes, core }));
const heap = () => make(new HashMapStateBackend());

describe("WasmStateBackend", () => {
  it("keeps typed state in Wasm tables charged to the task budget, and frees it on dispose", () => {
    const b = wasm() as WasmKeyedStateBackend;
    const before = b.managedMemoryUsed;
    const v = b.getPartitionedState("", new ValueStateDescriptor<string>("name", Types.STRING));
    for (let i = 0; i < 10_000; i++) {
      b.setCurrentKey(i);
      v.update(`user-${i}`);
    }
    expect(b.managedMemoryUsed).toBeGreaterThan(before);
    b.setCurrentKey(1234);
    expect(v.value()).toBe("user-1234");
    b.dispose();
  });

  it("built-in aggregates fold in place and merge across namespaces", () => {
    const b = wasm();
    const kinds = ["count", "sum", "min", "max", "avg"] as const;
    const states = kinds.map((k) => b.getPartitionedState("w1", new AggregatingStateDescriptor(k, WasmAggregates[k]())));
    b.setCurrentKey("k");
    for (const s of states) expect(s.get()).toBeNull();
    for (const x of [4, -2, 10]) for (const s of states) s.add(x);
    expect(states.map((s) => s.get())).toEqual([3, 12, -2, 10, 4]);
    for (const s of states) {
      s.setCurrentNamespace("w2");
      s.add(100);
    }
    for (const s of states) (s as unknown as { mergeNamespaces(t: string, src: string[]): void }).mergeNamespaces("w1", ["w2"]);
    for (const s of states) s.setCurrentNamespace("w1");
    expect(states.map((s) => s.get())).toEqual([4, 112, -2, 100, 28]);
    for (const s of states) s.setCurrentNamespace("w2");
    expect(states.map((s) => s.get())).toEqual([null, null, null, null, null]);
    // the same built-ins on the heap backend give the same answers
    const h = heap();
    const hs = kinds.map((k) => h.getPartitionedState("", new AggregatingStateDescriptor(k, WasmAggregates[k]())));
    h.setCurrentKey("k");
    for (const x of [4, -2, 10]) for (const s of hs) s.add(x);
    expect(hs.map((s) => s.get())).toEqual([3, 12, -2, 10, 4]);
  });

  it("typed reducing, aggregating and list state merge namespaces", () => {
    const b = wasm();
    b.setCurrentKey(7);
    const r = new ReducingStateDescriptor<number>("r", (x, y) => x + y, Types.LONG);
    b.getPartitionedState("a", r).add(1);
    b.getPartitionedState("b", r).add(2);
    (b.getOrCreateKeyedState(r) as unknown as { mergeNamespaces(t: string, s: string[]): void }).mergeNamespaces("a", ["b", "zz"]);
    expect(b.getPartitionedState("a", r).get()).toBe(3);
    const acc = Types.ROW({ s: Types.DOUBLE, n: Types.INT });
    const avg = new AggregatingStateDescriptor<number, { s: number; n: number }, number>("avg", {
      createAccumulator: () => ({ s: 0, n: 0 }),
      add: (v, a) => ({ s: a.s + v, n: a.n + 1 }),
      getResult: (a) => a.s / a.n,
      merge: (x, y) => ({ s: x.s + y.s, n: x.n + y.n }),
    }, acc);
    b.getPartitionedState(1, avg).add(2);
    b.getPartitionedState(2, avg).add(6);
    (b.getOrCreateKeyedState(avg) as unknown as { mergeNamespaces(t: number, s: number[]): void }).mergeNamespaces(1, [2]);
    expect(b.getPartitionedState(1, avg).get()).toBe(4);
    const l = new ListStateDescriptor<string>("l", Types.STRING);
    b.getPartitionedState("x", l).addAll(["a", "b"]);
    b.getPartitionedState("y", l).add("c");
    (b.getOrCreateKeyedState(l) as unknown as { mergeNamespaces(t: string, s: string[]): void }).mergeNamespaces("x", ["y"]);
    expect(Array.from(b.getPartitionedState("x", l).get())).toEqual(["a", "b", "c"]);
    const m = new MapStateDescriptor<string, number>("m", Types.STRING, Types.LONG);
    expect(() => (b.getOrCreateKeyedState(m) as unknown as { mergeNamespaces(t: string, s: string[]): void }).mergeNamespaces("x", ["y"])).toThrow(/cannot be merged/);
  });

  it("MapState with typed keys is per key and namespace, with variable-length values", () => {
    const b = wasm();
    const d = new MapStateDescriptor<number, { a: string }>("m", Types.LONG, Types.ROW({ a: Types.STRING }));
    for (const key of ["p", "q"]) {
      b.setCurrentKey(key);
      for (const ns of ["w1", "w2"]) {
        const s = b.getPartitionedState(ns, d);
        for (let i = 0; i < 5; i++) s.put(i, { a: `${key}${ns}${i}` });
      }
    }
    b.setCurrentKey("q");
    const s = b.getPartitionedState("w2", d);
    expect(s.get(3)).toEqual({ a: "qw23" });
    expect(Array.from(s.keys()).sort()).toEqual([0, 1, 2, 3, 4]);
    s.remove(3);
    expect(s.contains(3)).toBe(false);
    expect(Array.from(s.entries()).length).toBe(4);
    s.clear();
    expect(s.isEmpty()).toBe(true);
    expect(b.getPartitionedState("w1", d).isEmpty()).toBe(false);
    expect(Array.from(b.getKeys("m", "w1")).sort()).toEqual(["p", "q"]);
    expect(Array.from(b.getKeys("m", "w2"))).toEqual(["p"]);
  });

  it("keys follow the heap backend's identity: -0 is 0, structured keys by structure, lone surrogates kept", () => {
    const b = wasm();
    const v = b.getPartitionedState("", new ValueStateDescriptor<number>("v", Types.INT));
    b.setCurrentKey(0);
    v.update(1);
    b.setCurrentKey(-0);
    expect(v.value()).toBe(1);
    b.setCurrentKey({ b: 2, a: [1] });
    v.update(2);
    b.setCurrentKey({ a: [1], b: 2 });
    expect(v.value()).toBe(2);
    b.setCurrentKey("\ud800");
    v.update(3);
    b.setCurrentKey("\udc00");
    expect(v.value()).toBeNull();
    b.setCurrentKey("\ufffd");
    expect(v.value()).toBeNull();
    b.setCurrentKey(1n);
    v.update(4);
    b.setCurrentKey(1);
    expect(v.value()).toBeNull();
    expect(() => v.update(1.5)).toThrow(/INT state needs a 32-bit integer/);
    const keys = Array.from(b.getKeys("v", "")).map((k) => (typeof k === "bigint" ? `${k}n` : JSON.stringify(k)));
    expect(keys.sort()).toEqual(['"\\ud800"', "0", "1n", '{"a":[1],"b":2}'].sort());
  });

  it("snapshots restore across backends in both directions, with rescaling", () => {
    const fill = (b: KeyedStateBackend) => {
      const v = new ValueStateDescriptor<number>("v", Types.LONG);
      const m = new MapStateDescriptor<string, string>("m", Types.STRING, Types.STRING);
      const u = new ValueStateDescriptor<{ any: number[] }>("untyped");
      for (let k = 0; k < 200; k++) {
        b.setCurrentKey(`k${k}`);
        b.getPartitionedState("", v).update(k);
        b.getPartitionedState(k % 3, m).put("x", `v${k}`);
        b.getPartitionedState("", u).update({ any: [k] });
      }
      return { v, m, u };
    };
    const check = (parts: KeyedStateBackend[], d: ReturnType<typeof fill>) => {
      for (let k = 0; k < 200; k++) {
        const owner = parts.find((p) => {
          try {
            p.setCurrentKey(`k${k}`);
            return true;
          } catch {
            return false;
          }
        })!;
        expect(owner.getPartitionedState("", d.v).value()).toBe(k);
        expect(owner.getPartitionedState(k % 3, d.m).get("x")).toBe(`v${k}`);
        expect(owner.getPartitionedState("", d.u).value()).toEqual({ any: [k] });
      }
    };
    for (const [from, to] of [[wasm, heap], [heap, wasm], [wasm, wasm]] as const) {
      const src = from();
      const d = fill(src);
      const snap = src.snapshot();
      const halves = [new KeyGroupRange(0, 63), new KeyGroupRange(64, 127)].map((r) =>
        make(to === wasm ? new WasmStateBackend({ managedMemoryBytes: 1 << 26, core }) : new HashMapStateBackend(), r));
      // restore before the states are registered (pending), then access
      for (const h of halves) h.restore([snap]);
      check(halves, d);
    }
  });

  it("a snapshot is the state at snapshot time, though its entries are decoded later", () => {
    const fill = (b: KeyedStateBackend, round: number) => {
      for (let k = 0; k < 300; k++) {
        b.setCurrentKey(k);
        b.getPartitionedState("", new ValueStateDescriptor<number>("v", Types.LONG)).update(k * 10 + round);
        b.getPartitionedState("", new ListStateDescriptor<string>("l", Types.STRING)).add(`r${round}`);
        b.getPartitionedState(k % 2, new MapStateDescriptor<string, number>("m", Types.STRING, Types.LONG)).put(`u${round}`, round);
        b.getPartitionedState("", new ValueStateDescriptor<number[]>("untyped")).update([k, round]);
      }
    };
    const entriesOf = (snap: ReturnType<KeyedStateBackend["snapshot"]>) =>
      snap.keyGroups
        .flatMap((g) => g.entries.map(([name, ns, key, value]) => JSON.stringify([g.keyGroup, name, ns, key, value instanceof Map ? [...value.values()] : value])))
        .sort();
    const w = wasm();
    const h = heap();
    fill(w, 1);
    fill(h, 1);
    const snap = w.snapshot();
    // change, add and remove state before the snapshot's entries are read
    fill(w, 2);
    for (let k = 0; k < 300; k += 7) {
      w.setCurrentKey(k);
      w.getPartitionedState("", new ValueStateDescriptor<number>("v", Types.LONG)).clear();
    }
    w.setCurrentKey(1000);
    w.getPartitionedState("", new ValueStateDescriptor<number>("v", Types.LONG)).update(1);
    expect(entriesOf(snap)).toEqual(entriesOf(h.snapshot()));
    expect(entriesOf(snap).length).toBe(4 * 300);
  });

  it("turns an exhausted budget into a catchable MemoryBudgetExhaustedError", () => {
    const b = wasm(4 * 65536);
    const v = b.getPartitionedState("", new ValueStateDescriptor<string>("s", Types.STRING));
    let err: unknown;
    try {
      for (let i = 0; i < 100_000; i++) {
        b.setCurrentKey(i);
        v.update("x".repeat(100));
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemoryBudgetExhaustedError);
    b.setCurrentKey(0);
    expect(v.value()).toBe("x".repeat(100));
    b.dispose();
  });

  it("behaves like the heap backend on random operation sequences", () => {
    const op = fc.record({
      key: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom("a", "b", "é")),
      ns: fc.constantFrom("", "w1", 7),
      what: fc.constantFrom("vset", "vclear", "vget", "radd", "rget", "ladd", "lget", "mput", "mrem", "mget", "mall", "aadd", "aget", "keys", "snap"),
      n: fc.integer({ min: -5, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        let w = wasm();
        const h = heap();
        const dv = new ValueStateDescriptor<number>("v", Types.DOUBLE, -1);
        const dr = new ReducingStateDescriptor<number>("r", (a, b) => a * 2 + b, Types.LONG);
        const dl = new ListStateDescriptor<number>("l", Types.INT);
        const dm = new MapStateDescriptor<number, string>("m", Types.INT, Types.STRING);
        const da = new AggregatingStateDescriptor("a", WasmAggregates.max());
        for (const o of ops) {
          const results = [w, h].map((b) => {
            b.setCurrentKey(o.key);
            switch (o.what) {
              case "vset": b.getPartitionedState(o.ns, dv).update(o.n / 2); return null;
              case "vclear": b.getPartitionedState(o.ns, dv).clear(); return null;
              case "vget": return b.getPartitionedState(o.ns, dv).value();
              case "radd": b.getPartitionedState(o.ns, dr).add(o.n); return null;
              case "rget": return b.getPartitionedState(o.ns, dr).get();
              case "ladd": b.getPartitionedState(o.ns, dl).add(o.n); return null;
              case "lget": return Array.from(b.getPartitionedState(o.ns, dl).get());
              case "mput": b.getPartitionedState(o.ns, dm).put(o.n, `s${o.n}`); return null;
              case "mrem": b.getPartitionedState(o.ns, dm).remove(o.n); return null;
              case "mget": return b.getPartitionedState(o.ns, dm).get(o.n);
              case "mall": return Array.from(b.getPartitionedState(o.ns, dm).entries()).sort((x, y) => x[0] - y[0]);
              case "aadd": b.getPartitionedState(o.ns, da).add(o.n); return null;
              case "aget": return b.getPartitionedState(o.ns, da).get();
              case "keys": return ["v", "r", "l", "m", "a"].map((s) => Array.from(b.getKeys(s, o.ns)).map(String).sort());
              case "snap": return null;
            }
          });
          expect(results[0]).toEqual(results[1]);
          if (o.what === "snap") {
            // replace the Wasm backend by one restored from its own snapshot
            const snap = w.snapshot();
            w.dispose();
            w = wasm();
            w.restore([snap]);
          }
        }
        w.dispose();
      }),
      { numRuns: 150 },
    );
  });
});
