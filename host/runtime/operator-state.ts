// Operator (non-keyed) state: list, union-list and broadcast state (Flink's OperatorStateStore).
import type { ListState, MapState, MapStateDescriptor, ListStateDescriptor } from "../api/state.js";
import { keyIdentity } from "../state/key-identity.js";

/** How list state is redistributed on restore: split round robin, or every subtask gets the union. */
export type OperatorStateMode = "split" | "union" | "broadcast";

/** Snapshot of one subtask's operator state. */
export interface OperatorStateSnapshot {
  readonly lists: ReadonlyArray<{ name: string; mode: OperatorStateMode; items: unknown[] }>;
  readonly broadcast: ReadonlyArray<{ name: string; entries: Array<[unknown, unknown]> }>;
}

/** Flink's `BroadcastState`: a map every parallel instance holds in full. */
export interface BroadcastState<K, V> extends MapState<K, V> {}
/** Read-only view of broadcast state, given to the non-broadcast side. */
export interface ReadOnlyBroadcastState<K, V> {
  get(key: K): V | null;
  contains(key: K): boolean;
  entries(): Iterable<[K, V]>;
  keys(): Iterable<K>;
  values(): Iterable<V>;
  isEmpty(): boolean;
}

class OperatorListState<T> implements ListState<T> {
  items: T[] = [];
  constructor(readonly mode: OperatorStateMode) {}
  get(): Iterable<T> {
    return this.items;
  }
  add(value: T): void {
    this.items.push(value);
  }
  addAll(values: Iterable<T>): void {
    for (const v of values) this.items.push(v);
  }
  update(values: Iterable<T>): void {
    this.items = Array.from(values);
  }
  clear(): void {
    this.items = [];
  }
}

class HeapBroadcastState<K, V> implements BroadcastState<K, V> {
  readonly map = new Map<unknown, [K, V]>();
  get(key: K): V | null {
    const e = this.map.get(keyIdentity(key));
    return e === undefined ? null : e[1];
  }
  put(key: K, value: V): void {
    this.map.set(keyIdentity(key), [key, value]);
  }
  putAll(entries: Iterable<[K, V]> | Map<K, V>): void {
    for (const [k, v] of entries) this.put(k, v);
  }
  remove(key: K): void {
    this.map.delete(keyIdentity(key));
  }
  contains(key: K): boolean {
    return this.map.has(keyIdentity(key));
  }
  *entries(): Iterable<[K, V]> {
    for (const [k, v] of Array.from(this.map.values())) yield [k, v];
  }
  *keys(): Iterable<K> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): Iterable<V> {
    for (const [, v] of this.entries()) yield v;
  }
  isEmpty(): boolean {
    return this.map.size === 0;
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * Operator state of one subtask (Flink's DefaultOperatorStateBackend). Restored content is the share the
 * coordinator assigned this subtask: split lists are divided among subtasks, union lists and broadcast state
 * are given whole to each.
 */
export class OperatorStateStore {
  private readonly lists = new Map<string, OperatorListState<unknown>>();
  private readonly broadcasts = new Map<string, HeapBroadcastState<unknown, unknown>>();
  private restoredLists = new Map<string, unknown[]>();
  private restoredBroadcast = new Map<string, Array<[unknown, unknown]>>();
  private restored = false;

  /** Split-redistributed list state (Flink's getListState). */
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.list(descriptor.name, "split") as ListState<T>;
  }
  /** Union-redistributed list state: on restore every subtask gets all items (Flink's getUnionListState). */
  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.list(descriptor.name, "union") as ListState<T>;
  }
  /** Broadcast state for `descriptor` (Flink's getBroadcastState). */
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    let s = this.broadcasts.get(descriptor.name);
    if (s === undefined) {
      s = new HeapBroadcastState();
      for (const [k, v] of this.restoredBroadcast.get(descriptor.name) ?? []) s.put(k, v);
      this.broadcasts.set(descriptor.name, s);
    }
    return s as BroadcastState<K, V>;
  }
  /** Whether state was restored from a snapshot (Flink's FunctionInitializationContext.isRestored). */
  isRestored(): boolean {
    return this.restored;
  }
  private list(name: string, mode: OperatorStateMode): OperatorListState<unknown> {
    let s = this.lists.get(name);
    if (s === undefined) {
      s = new OperatorListState(mode);
      s.items = this.restoredLists.get(name)?.slice() ?? [];
      this.lists.set(name, s);
    } else if (s.mode !== mode) {
      throw new Error(`operator state '${name}' was registered as ${s.mode} list state, not ${mode}`);
    }
    return s;
  }

  snapshot(): OperatorStateSnapshot {
    return {
      lists: Array.from(this.lists, ([name, s]) => ({ name, mode: s.mode, items: structuredClone(s.items) })),
      broadcast: Array.from(this.broadcasts, ([name, s]) => ({
        name,
        entries: structuredClone(Array.from(s.map.values())) as Array<[unknown, unknown]>,
      })),
    };
  }

  /** Loads this subtask's assigned share (already redistributed by the coordinator). */
  restore(snapshots: readonly OperatorStateSnapshot[]): void {
    if (snapshots.length === 0) return;
    this.restored = true;
    for (const snap of snapshots) {
      for (const l of snap.lists) {
        const items = this.restoredLists.get(l.name) ?? [];
        items.push(...l.items);
        this.restoredLists.set(l.name, items);
      }
      for (const b of snap.broadcast) {
        if (!this.restoredBroadcast.has(b.name)) this.restoredBroadcast.set(b.name, b.entries);
      }
    }
  }
}
