// MergingWindowSet (Flink's MergingWindowSet / MergingWindowSetTest scenarios): which window keeps whose
// state when session windows merge, persisted in list state.
import { describe, expect, it } from "vitest";
import { EventTimeSessionWindows, type ListState, MergingWindowSet, TimeWindow } from "../../host/node.js";

class ArrayListState<T> implements ListState<T> {
  items: T[] = [];
  get(): Iterable<T> {
    return this.items;
  }
  add(v: T): void {
    this.items.push(v);
  }
  addAll(vs: Iterable<T>): void {
    for (const v of vs) this.items.push(v);
  }
  update(vs: Iterable<T>): void {
    this.items = Array.from(vs);
  }
  clear(): void {
    this.items = [];
  }
}

type Merge = { result: string; merged: string[]; stateWindow: string; mergedStateWindows: string[] };

function setUp() {
  const state = new ArrayListState<[string, string]>();
  const set = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(1), TimeWindow.SERIALIZER, state);
  set.load();
  const merges: Merge[] = [];
  const fn = {
    merge: (result: TimeWindow, merged: readonly TimeWindow[], stateWindow: string, mergedStateWindows: readonly string[]) =>
      void merges.push({ result: result.namespace(), merged: merged.map((w) => w.namespace()), stateWindow, mergedStateWindows: [...mergedStateWindows] }),
  };
  const add = (start: number, end: number): string => set.addWindow(new TimeWindow(start, end), fn).namespace();
  return { state, set, merges, add };
}

describe("MergingWindowSet", () => {
  it("merges incrementally and keeps the first state window", () => {
    const { state, set, merges, add } = setUp();
    expect(add(0, 4)).toBe("0:4");
    expect(add(8, 12)).toBe("8:12");
    expect(merges).toEqual([]);
    expect(set.getStateWindow("0:4")).toBe("0:4");

    // [3,6) extends [0,4): the result keeps [0,4)'s state window; nothing else to merge into it.
    expect(add(3, 6)).toBe("0:6");
    expect(merges).toEqual([{ result: "0:6", merged: ["0:4"], stateWindow: "0:4", mergedStateWindows: [] }]);
    expect(set.getStateWindow("0:6")).toBe("0:4");
    expect(set.getStateWindow("0:4")).toBeUndefined();

    // [1,2) falls inside [0,6) without extending it: no merge callback.
    merges.length = 0;
    expect(add(1, 2)).toBe("0:6");
    expect(merges).toEqual([]);

    // [5,9) bridges [0,6) and [8,12): [8,12)'s state is merged into [0,4).
    expect(add(5, 9)).toBe("0:12");
    expect(merges).toEqual([{ result: "0:12", merged: ["0:6", "8:12"], stateWindow: "0:4", mergedStateWindows: ["8:12"] }]);
    expect(set.size).toBe(1);

    set.persist();
    expect(state.items).toEqual([["0:12", "0:4"]]);
    set.load();
    expect(set.getStateWindow("0:12")).toBe("0:4");
    set.retireWindow("0:12");
    expect(() => set.retireWindow("0:12")).toThrow("is not in in-flight window set");
    set.persist();
    expect(state.items).toEqual([]);
  });
  it("adding an equal window again keeps a single window", () => {
    const { set, merges, add } = setUp();
    add(0, 3);
    expect(add(0, 3)).toBe("0:3");
    expect(merges).toEqual([]);
    expect(set.size).toBe(1);
  });
});
