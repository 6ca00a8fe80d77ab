// The contract every keyed state backend must meet, run against each implementation (STYLE.md habit 7).
import { describe, expect, it } from "vitest";
import {
  AggregatingStateDescriptor,
  assignToKeyGroup,
  computeKeyGroupRangeForOperatorIndex,
  type KeyedStateBackend,
  KeyGroupRange,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  type StateBackend,
  type TimerQueue,
  Types,
  ValueStateDescriptor,
} from "../../host/index.js";

export function keyedStateBackendContract(name: string, makeBackend: () => StateBackend): void {
  const create = (range = new KeyGroupRange(0, 127), maxParallelism = 128): KeyedStateBackend =>
    makeBackend().createKeyedStateBackend({ operatorName: `contract-${name}`, maxParallelism, keyGroupRange: range });

  describe(`${name}: keyed state backend contract`, () => {
    it("value state is per key, defaults when unset, and clears", () => {
      const b = create();
      const s = b.getPartitionedState("", new ValueStateDescriptor<number>("v", Types.LONG, 7));
      b.setCurrentKey("a");
      expect(s.value()).toBe(7);
      s.update(1);
      b.setCurrentKey("b");
      expect(s.value()).toBe(7);
      s.update(2);
      b.setCurrentKey("a");
      expect(s.value()).toBe(1);
      s.clear();
      expect(s.value()).toBe(7);
      b.setCurrentKey("b");
      expect(s.value()).toBe(2);
      s.update(null);
      expect(s.value()).toBe(7);
    });

    it("namespaces separate state of the same key", () => {
      const b = create();
      const d = new ValueStateDescriptor<number>("w", Types.LONG);
      b.setCurrentKey(42);
      b.getPartitionedState("w1", d).update(10);
      b.getPartitionedState("w2", d).update(20);
      expect(b.getPartitionedState("w1", d).value()).toBe(10);
      expect(b.getPartitionedState("w2", d).value()).toBe(20);
      expect(Array.from(b.getKeys("w", "w1"))).toEqual([42]);
    });

    it("list, map, reducing and aggregating state", () => {
      const b = create();
      b.setCurrentKey("k");
      const list = b.getPartitionedState("", new ListStateDescriptor<number>("l", Types.LONG));
      expect(Array.from(list.get())).toEqual([]);
      list.add(1);
      list.addAll([2, 3]);
      expect(Array.from(list.get())).toEqual([1, 2, 3]);
      list.update([9]);
      expect(Array.from(list.get())).toEqual([9]);
      const map = b.getPartitionedState("", new MapStateDescriptor<string, number>("m", Types.STRING, Types.LONG));
      expect(map.isEmpty()).toBe(true);
      map.put("x", 1);
      map.putAll([["y", 2]]);
      expect(map.get("x")).toBe(1);
      expect(map.contains("y")).toBe(true);
      map.remove("x");
      expect(Array.from(map.entries())).toEqual([["y", 2]]);
      expect(Array.from(map.keys())).toEqual(["y"]);
      expect(Array.from(map.values())).toEqual([2]);
      const sum = b.getPartitionedState("", new ReducingStateDescriptor<number>("r", (a, c) => a + c, Types.LONG));
      expect(sum.get()).toBeNull();
      sum.add(5);
      sum.add(6);
      expect(sum.get()).toBe(11);
      const avg = b.getPartitionedState(
        "",
        new AggregatingStateDescriptor<number, { s: number; n: number }, number>("a", {
          createAccumulator: () => ({ s: 0, n: 0 }),
          add: (v, acc) => ({ s: acc.s + v, n: acc.n + 1 }),
          getResult: (acc) => acc.s / acc.n,
          merge: (x, y) => ({ s: x.s + y.s, n: x.n + y.n }),
        }),
      );
      avg.add(2);
      avg.add(4);
      expect(avg.get()).toBe(3);
    });

    it("merging namespaces combines list, reducing and aggregating state", () => {
      const b = create();
      b.setCurrentKey("s");
      const d = new ReducingStateDescriptor<number>("sum", (a, c) => a + c);
      b.getPartitionedState("w1", d).add(1);
      b.getPartitionedState("w2", d).add(2);
      b.getPartitionedState("w3", d).add(4);
      (b.getOrCreateKeyedState(d) as unknown as { mergeNamespaces(t: string, s: string[]): void }).mergeNamespaces("w1", ["w2", "w3"]);
      expect(b.getPartitionedState("w1", d).get()).toBe(7);
      expect(b.getPartitionedState("w2", d).get()).toBeNull();
    });

    it("refuses a key outside its key-group range and a state re-registered with another kind", () => {
      const range = computeKeyGroupRangeForOperatorIndex(128, 2, 0);
      const b = create(range);
      const foreign = Array.from({ length: 200 }, (_, i) => `key${i}`).find((k) => !range.contains(assignToKeyGroup(k, 128)))!;
      expect(() => b.setCurrentKey(foreign)).toThrow(/is not in KeyGroupRange/);
      b.getOrCreateKeyedState(new ValueStateDescriptor<number>("x"));
      expect(() => b.getOrCreateKeyedState(new ListStateDescriptor<number>("x"))).toThrow(/registered as value state, not list/);
    });

    it("snapshots are copies, and restore redistributes key groups to a new parallelism", () => {
      const b = create();
      const d = new ValueStateDescriptor<number>("count", Types.LONG);
      const l = new ListStateDescriptor<number>("items", Types.LONG);
      const keys = Array.from({ length: 100 }, (_, i) => i);
      for (const k of keys) {
        b.setCurrentKey(k);
        b.getPartitionedState("", d).update(k * 10);
        b.getPartitionedState("", l).add(k);
      }
      const snap = b.snapshot();
      b.setCurrentKey(1);
      b.getPartitionedState("", d).update(-1);
      b.getPartitionedState("", l).add(-1);
      // Restore into three backends owning thirds of the key groups.
      const restored = [0, 1, 2].map((i) => {
        const r = create(computeKeyGroupRangeForOperatorIndex(128, 3, i));
        r.restore([snap]);
        return r;
      });
      for (const k of keys) {
        const owner = restored.find((r) => r.keyGroupRange.contains(assignToKeyGroup(k, 128)))!;
        owner.setCurrentKey(k);
        expect(owner.getPartitionedState("", d).value()).toBe(k * 10);
        expect(Array.from(owner.getPartitionedState("", l).get())).toEqual([k]);
        const others = restored.filter((r) => r !== owner);
        for (const o of others) expect(Array.from(o.getKeys("count", ""))).not.toContain(k);
      }
      expect(() => create(new KeyGroupRange(0, 63), 64).restore([snap])).toThrow(/maxParallelism 128, the job now has 64/);
    });

    it("state restored but not yet accessed survives the next snapshot", () => {
      const d = new ValueStateDescriptor<number>("lazy", Types.LONG);
      const first = create();
      first.setCurrentKey("k");
      first.getPartitionedState("", d).update(42);
      // Restored, then snapshotted again before the operator registered the state (a checkpoint right after a
      // restore, before the first record that touches it).
      const second = create();
      second.restore([first.snapshot()]);
      const third = create();
      third.restore([second.snapshot()]);
      third.setCurrentKey("k");
      expect(third.getPartitionedState("", d).value()).toBe(42);
      expect(second.snapshot().states.map((s) => s.name)).toContain("lazy");
    });

    it("applyToAllKeys visits each key with its state", () => {
      const b = create();
      const d = new ValueStateDescriptor<number>("v");
      for (const k of ["x", "y", "z"]) {
        b.setCurrentKey(k);
        b.getPartitionedState("", d).update(k.charCodeAt(0));
      }
      const seen: string[] = [];
      b.applyToAllKeys("", d, (key, state) => {
        expect(b.getCurrentKey()).toBe(key);
        seen.push(`${String(key)}=${state.value()}`);
        state.update(0);
      });
      expect(seen.sort()).toEqual(["x=120", "y=121", "z=122"]);
      b.setCurrentKey("y");
      expect(b.getPartitionedState("", d).value()).toBe(0);
    });
  });

  describe(`${name}: timer queues (createTimerQueue)`, () => {
    const kg = (key: unknown): number => assignToKeyGroup(key, 128);
    const queue = (b: KeyedStateBackend = create()): TimerQueue => {
      expect(b.createTimerQueue).toBeDefined();
      return b.createTimerQueue!("_timer_state/event_test");
    };
    const drain = (q: TimerQueue, upTo = Infinity): string[] => {
      const out: string[] = [];
      for (let t = q.poll(upTo); t !== undefined; t = q.poll(upTo)) out.push(`${JSON.stringify(t.key)}/${t.namespace}@${t.timestamp}`);
      return out;
    };

    it("de-duplicates (timestamp, key, namespace) and says when the earliest timer changed", () => {
      const b = create();
      const q = queue(b);
      expect(q.size).toBe(0);
      expect(q.peekTimestamp()).toBe(Infinity);
      b.setCurrentKey("a");
      expect(q.add(100, "a", "", kg("a"))).toBe(true);
      expect(q.add(100, "a", "", kg("a"))).toBe(false); // duplicate
      expect(q.add(200, "a", "", kg("a"))).toBe(false); // not the earliest
      expect(q.add(100, "a", "w1", kg("a"))).toBe(false); // same time, other namespace: a tie, registered later
      expect(q.add(100, "b", "", kg("b"))).toBe(false); // another key (not the current one)
      expect(q.add(50, "b", "", kg("b"))).toBe(true);
      expect(q.size).toBe(5);
      expect(q.peekTimestamp()).toBe(50);
      b.dispose();
    });

    it("polls one timer at a time up to a time, in timestamp then registration order", () => {
      const b = create();
      const q = queue(b);
      const keys: unknown[] = ["k", 7, [1, "x"], { id: 3 }, 2.5];
      for (const [i, key] of keys.entries()) {
        b.setCurrentKey(key);
        q.add(300, key, `w${i % 2}`, kg(key)); // ties: fire in this order
        q.add(100 + i, key, "", kg(key));
      }
      expect(q.poll(99)).toBeUndefined();
      expect(drain(q, 102)).toEqual(['"k"/@100', "7/@101", '[1,"x"]/@102']);
      expect(q.peekTimestamp()).toBe(103);
      expect(drain(q)).toEqual(['{"id":3}/@103', "2.5/@104", '"k"/w0@300', "7/w1@300", '[1,"x"]/w0@300', '{"id":3}/w1@300', "2.5/w0@300"]);
      expect(q.size).toBe(0);
      b.dispose();
    });

    it("removes timers, of the current key or another, and a removed timer is not polled", () => {
      const b = create();
      const q = queue(b);
      b.setCurrentKey("a");
      q.add(10, "a", "", kg("a"));
      q.add(20, "a", "", kg("a"));
      q.add(20, "b", "", kg("b"));
      expect(q.remove(10, "a", "")).toBe(true);
      expect(q.remove(10, "a", "")).toBe(false);
      expect(q.remove(20, "a", "w")).toBe(false); // other namespace
      expect(q.remove(20, "b", "")).toBe(true); // not the current key
      expect(q.peekTimestamp()).toBe(20);
      // A timer added again after its removal counts as registered now.
      q.add(10, "a", "", kg("a"));
      expect(q.peekTimestamp()).toBe(10);
      expect(drain(q)).toEqual(['"a"/@10', '"a"/@20']);
      expect(q.remove(20, "a", "")).toBe(false); // polled already
      // A timer added again after it was polled is registered again.
      expect(q.add(20, "a", "", kg("a"))).toBe(true);
      expect(q.add(20, "a", "", kg("a"))).toBe(false);
      expect(drain(q, 20)).toEqual(['"a"/@20']);
      expect(q.add(20, "a", "", kg("a"))).toBe(true);
      expect(q.size).toBe(1);
      b.dispose();
    });

    it("a timer added or removed between polls counts before the next poll", () => {
      const b = create();
      const q = queue(b);
      for (const key of ["a", "b", "c"]) q.add(10, key, "", kg(key));
      q.add(15, "a", "", kg("a"));
      const fired: string[] = [];
      for (let t = q.poll(20); t !== undefined; t = q.poll(20)) {
        fired.push(`${String(t.key)}@${t.timestamp}`);
        if (t.key === "a" && t.timestamp === 10) {
          q.remove(10, "c", ""); // due, not fired yet: never fires
          q.add(5, "d", "", kg("d")); // due already: fires next
          q.add(25, "e", "", kg("e")); // not due
        }
      }
      expect(fired).toEqual(["a@10", "d@5", "b@10", "a@15"]);
      expect(q.peekTimestamp()).toBe(25);
      b.dispose();
    });

    it("lists its timers with JS keys and namespaces, and key groups, for snapshots", () => {
      const b = create();
      const q = queue(b);
      const timers: Array<[number, unknown, string | number]> = [[1, "k", ""], [2, 42, "w"], [3, [1, 2], 7], [4, { b: 1, a: "x" }, "w"], [Infinity, "late", ""]];
      for (const [ts, key, ns] of timers) q.add(ts, key, ns, kg(key));
      const entries = Array.from(q.entries()).sort((x, y) => x[0] - y[0]);
      expect(entries).toEqual(timers.map(([ts, key, ns]) => [ts, key, ns, kg(key)]));
      expect(q.size).toBe(5);
      expect(drain(q).at(-1)).toBe('"late"/@Infinity');
      b.dispose();
    });
  });
}
