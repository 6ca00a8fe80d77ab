// Which in-flight merging window keeps its state in which state window, per key (Flink's MergingWindowSet).
// The mapping is keyed state (a ListState in the void namespace), so it is snapshotted like any other state.
import type { ListState } from "../../api/state.js";
import type { MergeCallback } from "../../api/windowing/time-window.js";
import type { MergingWindowAssigner } from "../../api/windowing/window-assigner.js";
import type { Window, WindowSerializer } from "../../api/windowing/window.js";

/** Called when windows merge (Flink's `MergingWindowSet.MergeFunction`). */
export interface MergeFunction<W extends Window> {
  /**
   * `mergedWindows` (without the new window) merge into `mergeResult`, whose state lives in the state window
   * `stateWindowResult`; the state of `mergedStateWindows` must be merged into it.
   */
  merge(mergeResult: W, mergedWindows: readonly W[], stateWindowResult: string, mergedStateWindows: readonly string[]): void;
}

const WINDOW_CACHE_LIMIT = 4096;

/**
 * Tracks merging windows of the current key (Flink's `MergingWindowSet`). When windows merge, the result keeps
 * the state window of one of them, so merging only merges state namespaces and never copies contents. One
 * instance serves every key of an operator: `load()` reads the current key's mapping, `persist()` writes it
 * back when it changed. Windows are referred to by their namespace (`WindowSerializer`).
 */
export class MergingWindowSet<W extends Window> implements MergeCallback<W> {
  // --- configuration ---
  private readonly assigner: MergingWindowAssigner<unknown, W>;
  private readonly serializer: WindowSerializer<W>;
  private readonly state: ListState<[string, string]>;
  // --- current key ---
  /** Window namespace -> namespace of the window that holds its state. */
  private readonly mapping = new Map<string, string>();
  /** Namespace -> window, shared by all keys (a window is a pure function of its namespace); bounded. */
  private readonly windowCache = new Map<string, W>();
  private dirty = false;
  private mergeResults: Array<[W, W[]]> = [];

  constructor(assigner: MergingWindowAssigner<unknown, W>, serializer: WindowSerializer<W>, state: ListState<[string, string]>) {
    this.assigner = assigner;
    this.serializer = serializer;
    this.state = state;
  }

  /** Reads the mapping of the current key. */
  load(): void {
    this.mapping.clear();
    if (this.windowCache.size > WINDOW_CACHE_LIMIT) this.windowCache.clear();
    for (const [w, s] of this.state.get()) this.mapping.set(w, s);
    this.dirty = false;
  }

  /** Writes the mapping back to state if it changed since `load()`. */
  persist(): void {
    if (!this.dirty) return;
    const entries: Array<[string, string]> = [];
    for (const e of this.mapping) entries.push(e);
    this.state.update(entries);
    this.dirty = false;
  }

  /** The state window of an in-flight window, or undefined when it is not in flight. */
  getStateWindow(window: string): string | undefined {
    return this.mapping.get(window);
  }

  /** Removes a window that was cleaned up; it must be in flight. */
  retireWindow(window: string): void {
    if (!this.mapping.delete(window)) throw new Error(`Window ${window} is not in in-flight window set.`);
    this.dirty = true;
  }

  /** Number of in-flight windows of the current key. */
  get size(): number {
    return this.mapping.size;
  }

  /** MergeCallback for the assigner. */
  merge(toBeMerged: W[], mergeResult: W): void {
    this.mergeResults.push([mergeResult, toBeMerged]);
  }

  /**
   * Adds a new window, merging it with in-flight windows as the assigner says (Flink's `addWindow`), and returns
   * the window the new one ended up in. `mergeFunction` is called for each merge so the operator can merge
   * trigger and window state.
   */
  addWindow(newWindow: W, mergeFunction: MergeFunction<W>): W {
    const ser = this.serializer;
    const windows: W[] = [];
    for (const ns of this.mapping.keys()) windows.push(this.windowOf(ns));
    windows.push(newWindow);
    this.mergeResults = [];
    this.assigner.mergeWindows(windows, this);
    const results = this.mergeResults;
    this.mergeResults = [];

    const newNs = ser.toNamespace(newWindow);
    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (const [mergeResult, group] of results) {
      // If the new window is among the merged windows, the merge result is where it ended up.
      const mergedWindows: W[] = [];
      for (const w of group) {
        if (ser.toNamespace(w) === newNs) {
          mergedNewWindow = true;
          resultWindow = mergeResult;
        } else {
          mergedWindows.push(w);
        }
      }
      const resultNs = ser.toNamespace(mergeResult);
      // The merge result keeps the state window of one of the merged windows (the earliest here; Flink takes
      // whichever its hash set yields first).
      const mergedStateWindow = this.mapping.get(ser.toNamespace(mergedWindows[0]!))!;
      const mergedStateWindows: string[] = [];
      let containsResult = false;
      for (const w of mergedWindows) {
        const ns = ser.toNamespace(w);
        if (ns === resultNs) containsResult = true;
        const res = this.mapping.get(ns);
        if (res !== undefined) {
          this.mapping.delete(ns);
          mergedStateWindows.push(res);
        }
      }
      this.mapping.set(resultNs, mergedStateWindow);
      this.windowCache.set(resultNs, mergeResult);
      this.dirty = true;
      // The target state window is not merged into itself.
      const self = mergedStateWindows.indexOf(mergedStateWindow);
      if (self >= 0) mergedStateWindows.splice(self, 1);
      // Do not merge when the new window only fell inside one existing window without extending it.
      if (!(containsResult && mergedWindows.length === 1)) {
        mergeFunction.merge(mergeResult, mergedWindows, mergedStateWindow, mergedStateWindows);
      }
    }
    // The new window created a new, self-contained window without merging.
    if (results.length === 0 || (ser.toNamespace(resultWindow) === newNs && !mergedNewWindow)) {
      this.mapping.set(newNs, newNs);
      this.windowCache.set(newNs, newWindow);
      this.dirty = true;
    }
    return resultWindow;
  }

  private windowOf(ns: string): W {
    let w = this.windowCache.get(ns);
    if (w === undefined) this.windowCache.set(ns, (w = this.serializer.fromNamespace(ns)));
    return w;
  }

  toString(): string {
    return `MergingWindowSet{windows=${JSON.stringify(Array.from(this.mapping))}}`;
  }
}
