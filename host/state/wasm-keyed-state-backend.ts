// Keyed state in Wasm state tables (managed memory charged to the task's budget); untyped state falls back to
// the JS heap. Snapshots use the same key-group entry format as the heap backend, so either can restore the other.

import type {
  AggregatingStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  State,
  StateDescriptor,
} from "../api/state.js";
import { isTypeInformation, Types, type TypeInformation } from "../api/types.js";
import { MemoryBudget } from "../core/memory-budget.js";
import { WasmStateTable } from "../core/state-table.js";
import type { WasmCore } from "../core/wasm-core.js";
import { HeapKeyedStateBackend } from "./heap-keyed-state-backend.js";
import { assignToKeyGroup, type KeyGroupRange } from "./key-groups.js";
import type {
  InternalKvState,
  KeyedStateBackend,
  KeyedStateBackendOptions,
  KeyedStateEntry,
  KeyedStateSnapshot,
  Namespace,
} from "./keyed-state-backend.js";
import { applyToAllKeysOf } from "./keyed-state-backend.js";
import { builtinAggregateKind } from "./wasm-aggregates.js";
import {
  AbstractWasmState,
  BUILTIN_ACC_WIDTH,
  WasmAggregatingState,
  WasmBuiltinAggregatingState,
  WasmListState,
  WasmMapState,
  WasmReducingState,
  WasmValueState,
  type StateEntry,
} from "./wasm-states.js";
import { encodeKey } from "./wasm-serializers.js";
import type { TimerQueue } from "./timer-queue.js";
import { WasmTimerQueue, type WasmTimerKeyContext } from "./wasm-timer-queue.js";

/** Composite key bytes kept in the table slot; longer keys live in blobs. */
const KEY_INLINE = 16;

type AnyWasmState = AbstractWasmState<unknown> & InternalKvState;

/** Options of the Wasm keyed state backend of one operator subtask. */
export interface WasmKeyedStateBackendOptions extends KeyedStateBackendOptions {
  readonly core: WasmCore;
  /** Managed memory for this subtask's keyed state, in bytes. */
  readonly memoryBytes: number;
}

/** The type a descriptor's state is stored as in a table, or undefined when it stays on the heap. */
function tableType(descriptor: StateDescriptor<State, unknown>): TypeInformation<unknown> | "builtin" | undefined {
  if (descriptor.kind === "aggregating") {
    const fn = (descriptor as unknown as AggregatingStateDescriptor<unknown, unknown, unknown>).aggregateFunction;
    if (builtinAggregateKind(fn) !== undefined) return "builtin";
  }
  if (descriptor.kind === "map") {
    const keyType = (descriptor as unknown as MapStateDescriptor<unknown, unknown>).keyType;
    if (keyType !== undefined && isTypeInformation(keyType) && keyType.kind !== "GENERIC") {
      return descriptor.type !== undefined && isTypeInformation(descriptor.type) ? descriptor.type : Types.GENERIC;
    }
    return undefined;
  }
  const t = descriptor.type;
  if (t === undefined || !isTypeInformation(t) || t.kind === "GENERIC") return undefined;
  return t;
}

/**
 * Flink's keyed state backend over managed memory: typed ValueState, ListState, ReducingState,
 * AggregatingState (built-in aggregates folded in place) and MapState with typed keys live in Wasm state
 * tables, one per state name; untyped state lives on the JS heap as with HashMapStateBackend. The operators'
 * timers live in the core's timer heap (`createTimerQueue`), charged to the same managed memory.
 */
export class WasmKeyedStateBackend implements KeyedStateBackend, WasmTimerKeyContext {
  // ---- configuration ----
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  readonly core: WasmCore;
  private readonly operatorName: string;
  // ---- transient ----
  currentKeyGroup = -1;
  currentKeyBytes: Uint8Array = new Uint8Array(0);
  private currentKey: unknown = undefined;
  private readonly budget: MemoryBudget;
  private readonly heap: HeapKeyedStateBackend;
  private readonly wasmStates = new Map<string, AnyWasmState>();
  private readonly timerQueues = new Set<WasmTimerQueue>();
  private readonly kinds = new Map<string, { kind: string; wasm: boolean }>();
  /** Restored entries of states not registered yet: name -> [key group, entry]. */
  private readonly pending = new Map<string, Array<StateEntry>>();
  /** Kinds of the restored states, from the snapshots' state lists. */
  private readonly pendingKinds = new Map<string, string>();
  private disposed = false;

  constructor(options: WasmKeyedStateBackendOptions) {
    this.keyGroupRange = options.keyGroupRange;
    this.maxParallelism = options.maxParallelism;
    this.core = options.core;
    this.operatorName = options.operatorName;
    this.budget = MemoryBudget.create(options.memoryBytes, options.core);
    this.heap = new HeapKeyedStateBackend(options);
  }

  /** Bytes of managed memory the backend's tables hold. */
  get managedMemoryUsed(): number {
    return this.budget.usedBytes;
  }

  setCurrentKey(key: unknown): void {
    if (key === this.currentKey && this.currentKeyGroup >= 0) return;
    this.heap.setCurrentKey(key); // checks the key group range, with the heap backend's message
    this.currentKeyBytes = encodeKey(key);
    this.currentKey = key;
    this.currentKeyGroup = this.heap.getCurrentKeyGroup();
  }

  getCurrentKey(): unknown {
    return this.currentKey;
  }

  getCurrentKeyGroup(): number {
    return this.currentKeyGroup;
  }

  getOrCreateKeyedState<S extends State>(descriptor: StateDescriptor<S, unknown>): S & InternalKvState {
    const known = this.kinds.get(descriptor.name);
    if (known !== undefined && known.kind !== descriptor.kind) {
      throw new Error(
        `state '${descriptor.name}' of operator '${this.operatorName}' was registered as ${known.kind} state, not ${descriptor.kind}`,
      );
    }
    const existing = this.wasmStates.get(descriptor.name);
    if (existing !== undefined) return existing as unknown as S & InternalKvState;
    if (known !== undefined) return this.heap.getOrCreateKeyedState(descriptor);
    const type = tableType(descriptor as StateDescriptor<State, unknown>);
    if (type === undefined) {
      this.kinds.set(descriptor.name, { kind: descriptor.kind, wasm: false });
      const state = this.heap.getOrCreateKeyedState(descriptor);
      const pending = this.pending.get(descriptor.name);
      if (pending !== undefined) {
        this.pending.delete(descriptor.name);
        this.heap.restore([this.syntheticSnapshot(descriptor.name, descriptor.kind, pending)]);
      }
      return state;
    }
    const state = this.createWasmState(descriptor as StateDescriptor<State, unknown>, type);
    this.wasmStates.set(descriptor.name, state);
    this.kinds.set(descriptor.name, { kind: descriptor.kind, wasm: true });
    const pending = this.pending.get(descriptor.name);
    if (pending !== undefined) {
      this.pending.delete(descriptor.name);
      this.restoreInto(state, pending);
    }
    return state as unknown as S & InternalKvState;
  }

  getPartitionedState<S extends State>(namespace: Namespace, descriptor: StateDescriptor<S, unknown>): S & InternalKvState {
    const state = this.getOrCreateKeyedState(descriptor);
    state.setCurrentNamespace(namespace);
    return state;
  }

  private createWasmState(descriptor: StateDescriptor<State, unknown>, type: TypeInformation<unknown> | "builtin"): AnyWasmState {
    const d = descriptor as unknown as StateDescriptor<never, unknown>;
    const fixed = type !== "builtin" && !type.nullable && ["INT", "LONG", "DOUBLE", "FLOAT", "BOOLEAN"].includes(type.kind);
    const varValues = type !== "builtin" && (descriptor.kind === "list" || !fixed);
    const table = new WasmStateTable(this.budget, {
      keyInline: KEY_INLINE,
      valueWidth: type === "builtin" ? BUILTIN_ACC_WIDTH : 8,
      varValues,
      maxParallelism: this.maxParallelism,
    });
    switch (descriptor.kind) {
      case "value":
        return new WasmValueState(this, d, table, type as TypeInformation<unknown>) as unknown as AnyWasmState;
      case "list":
        return new WasmListState(this, d, table, type as TypeInformation<unknown>) as unknown as AnyWasmState;
      case "map":
        return new WasmMapState(this, descriptor as unknown as MapStateDescriptor<unknown, unknown>, table,
          type as TypeInformation<unknown>) as unknown as AnyWasmState;
      case "reducing":
        return new WasmReducingState(this, descriptor as unknown as ReducingStateDescriptor<unknown>, table,
          type as TypeInformation<unknown>) as unknown as AnyWasmState;
      case "aggregating": {
        const agg = descriptor as unknown as AggregatingStateDescriptor<number, never, number | null>;
        if (type === "builtin") {
          return new WasmBuiltinAggregatingState(this, agg as never, table,
            builtinAggregateKind(agg.aggregateFunction)!) as unknown as AnyWasmState;
        }
        return new WasmAggregatingState(this, agg as never, table, type as TypeInformation<never>) as unknown as AnyWasmState;
      }
    }
  }

  *getKeys(stateName: string, namespace: Namespace): Iterable<unknown> {
    const state = this.wasmStates.get(stateName);
    if (state === undefined) {
      const pending = this.pending.get(stateName);
      if (pending !== undefined) {
        // restored but not registered yet
        for (const [ns, key] of pending) if (ns === namespace) yield key;
        return;
      }
      yield* this.heap.getKeys(stateName, namespace);
      return;
    }
    yield* state.keysIn(namespace);
  }

  applyToAllKeys<S extends State>(
    namespace: Namespace,
    descriptor: StateDescriptor<S, unknown>,
    fn: (key: unknown, state: S) => void,
  ): void {
    applyToAllKeysOf(this, namespace, descriptor, fn);
  }

  /**
   * The synchronous part copies each key group's table bytes (a memcpy per key group); the entries are decoded
   * from the copies only when read, in the checkpoint's asynchronous part (Flink's heap backend takes a
   * copy-on-write view for the same reason: processing resumes as soon as the barrier has passed).
   */
  snapshot(): KeyedStateSnapshot {
    const heapSnap = this.heap.snapshot();
    const heapEntries = new Map(heapSnap.keyGroups.map((g) => [g.keyGroup, g.entries]));
    // State restored but not accessed since (its descriptor not registered yet) belongs in the snapshot too.
    const pendingEntries = new Map<number, KeyedStateEntry[]>();
    for (const [name, pending] of this.pending) {
      for (const [ns, key, value] of pending) {
        const kg = assignToKeyGroup(key, this.maxParallelism);
        let list = pendingEntries.get(kg);
        if (list === undefined) pendingEntries.set(kg, (list = []));
        list.push([name, ns, key, structuredClone(value)]);
      }
    }
    const keyGroups: KeyedStateSnapshot["keyGroups"][number][] = [];
    const r = this.keyGroupRange;
    for (let kg = r.startKeyGroup; kg <= r.endKeyGroup; kg++) {
      const captured: Array<readonly [string, AbstractWasmState<unknown>, Uint8Array[]]> = [];
      for (const [name, state] of this.wasmStates) {
        const chunks = state.captureEntries(kg);
        if (chunks.length > 0) captured.push([name, state, chunks]);
      }
      const fromHeap = heapEntries.get(kg);
      const fromPending = pendingEntries.get(kg);
      if (captured.length === 0 && fromHeap === undefined && fromPending === undefined) continue;
      keyGroups.push(lazyKeyGroup(kg, fromHeap, fromPending, captured));
    }
    return {
      backend: "wasm",
      maxParallelism: this.maxParallelism,
      states: [
        ...Array.from(this.kinds, ([name, { kind }]) => ({ name, kind })),
        ...Array.from(this.pendingKinds).filter(([name]) => !this.kinds.has(name)).map(([name, kind]) => ({ name, kind })),
      ],
      keyGroups,
    };
  }

  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    // Per state name, per key group, its entries.
    const byName = new Map<string, StateEntry[][]>();
    for (const snap of snapshots) {
      if (snap.maxParallelism !== this.maxParallelism) {
        throw new Error(
          `cannot restore keyed state of operator '${this.operatorName}': it was written with maxParallelism ` +
            `${snap.maxParallelism}, the job now has ${this.maxParallelism} (max parallelism cannot change across restores)`,
        );
      }
      for (const { name, kind } of snap.states) this.pendingKinds.set(name, kind);
      for (const { keyGroup, entries } of snap.keyGroups) {
        if (!this.keyGroupRange.contains(keyGroup)) continue;
        const perName = new Map<string, StateEntry[]>();
        for (const [name, ns, key, value] of entries) {
          let list = perName.get(name);
          if (list === undefined) perName.set(name, (list = []));
          list.push([ns, key, value]);
        }
        for (const [name, list] of perName) {
          let groups = byName.get(name);
          if (groups === undefined) byName.set(name, (groups = []));
          groups.push(list);
        }
      }
    }
    for (const [name, groups] of byName) {
      const entries = interleave(groups);
      const known = this.kinds.get(name);
      const wasm = this.wasmStates.get(name);
      if (wasm !== undefined) this.restoreInto(wasm, entries);
      else if (known !== undefined) this.heap.restore([this.syntheticSnapshot(name, known.kind, entries)]);
      else {
        let p = this.pending.get(name);
        if (p === undefined) this.pending.set(name, (p = []));
        for (const e of entries) p.push(e);
      }
    }
  }

  private syntheticSnapshot(name: string, kind: string, entries: readonly StateEntry[]): KeyedStateSnapshot {
    // the heap backend only reads key groups to filter them: these entries are already filtered
    const start = this.keyGroupRange.startKeyGroup;
    return {
      backend: "wasm",
      maxParallelism: this.maxParallelism,
      states: [{ name, kind }],
      keyGroups: [{ keyGroup: start, entries: entries.map(([ns, key, value]) => [name, ns, key, value] as const) }],
    };
  }

  private restoreInto(state: AnyWasmState, entries: readonly StateEntry[]): void {
    const savedKey = this.currentKey;
    const hadKey = this.currentKeyGroup >= 0;
    for (const [ns, key, value] of entries) {
      this.setCurrentKey(key);
      state.setCurrentNamespace(ns);
      state.restoreValue(value);
    }
    if (hadKey) this.setCurrentKey(savedKey);
    else {
      this.currentKey = undefined;
      this.currentKeyGroup = -1;
    }
  }

  /**
   * Timers in the core's timer heap, charged to this backend's managed memory (as Flink's RocksDB backend keeps
   * timers in RocksDB by default). Freed by `dispose` at the latest.
   */
  createTimerQueue(name: string): TimerQueue {
    const queue = new WasmTimerQueue(name, this, this.budget);
    this.timerQueues.add(queue);
    return queue;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const queue of this.timerQueues) queue.dispose();
    this.timerQueues.clear();
    for (const state of this.wasmStates.values()) state.table.drop();
    this.wasmStates.clear();
    this.heap.dispose();
    this.budget.dispose();
  }
}

/**
 * Entries of several key groups in round-robin order. A state table keeps each key group in its own band of
 * slots; inserting one key group's entries back to back overflows its band into long probe runs (restores took
 * quadratic time), while interleaving fills the bands evenly, as live traffic does.
 */
function interleave<T>(groups: readonly T[][]): T[] {
  const out: T[] = [];
  let longest = 0;
  for (const g of groups) if (g.length > longest) longest = g.length;
  for (let i = 0; i < longest; i++) for (const g of groups) if (i < g.length) out.push(g[i]!);
  return out;
}

/** A key group of a snapshot whose Wasm entries are decoded from captured bytes on first read. */
function lazyKeyGroup(
  keyGroup: number,
  fromHeap: readonly KeyedStateEntry[] | undefined,
  fromPending: readonly KeyedStateEntry[] | undefined,
  captured: ReadonlyArray<readonly [string, AbstractWasmState<unknown>, Uint8Array[]]>,
): { readonly keyGroup: number; readonly entries: readonly KeyedStateEntry[] } {
  let entries: KeyedStateEntry[] | null = null;
  return {
    keyGroup,
    get entries(): readonly KeyedStateEntry[] {
      if (entries === null) {
        const out: KeyedStateEntry[] = fromHeap === undefined ? [] : fromHeap.slice();
        for (const [name, state, chunks] of captured) state.decodeEntries(chunks, ([ns, key, value]) => out.push([name, ns, key, value]));
        if (fromPending !== undefined) out.push(...fromPending);
        entries = out;
      }
      return entries;
    },
  };
}
