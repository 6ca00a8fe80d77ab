// Keyed state on the JS heap, organised by key group for snapshots and rescaling (Flink's HeapKeyedStateBackend).
import type {
  AggregatingStateDescriptor,
  ReducingStateDescriptor,
  State,
  StateDescriptor,
} from "../api/state.js";
import { assignToKeyGroup, type KeyGroupRange } from "./key-groups.js";
import { keyIdentity } from "./key-identity.js";
import {
  type AbstractHeapState,
  HeapAggregatingState,
  type HeapKeyContext,
  HeapListState,
  HeapMapState,
  HeapReducingState,
  HeapValueState,
} from "./heap-states.js";
import type {
  InternalKvState,
  KeyedStateBackend,
  KeyedStateBackendOptions,
  KeyedStateEntry,
  KeyedStateSnapshot,
  Namespace,
} from "./keyed-state-backend.js";
import { applyToAllKeysOf } from "./keyed-state-backend.js";
import { TimerHeap } from "./heap-timer-queue.js";
import type { TimerQueue } from "./timer-queue.js";

type AnyHeapState = AbstractHeapState<unknown> & InternalKvState;

export class HeapKeyedStateBackend implements KeyedStateBackend, HeapKeyContext {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  currentKeyId: unknown = undefined;
  private currentKey: unknown = undefined;
  private currentKeyGroup = -1;
  private readonly states = new Map<string, AnyHeapState>();
  /** Entries restored for states not yet registered: name -> [ns, keyId, value]. */
  private readonly pendingRestore = new Map<string, Array<[Namespace, unknown, unknown]>>();
  /** Kinds of the restored states, from the snapshots' state lists. */
  private readonly pendingKinds = new Map<string, string>();

  constructor(private readonly options: KeyedStateBackendOptions) {
    this.keyGroupRange = options.keyGroupRange;
    this.maxParallelism = options.maxParallelism;
  }

  setCurrentKey(key: unknown): void {
    if (key === this.currentKey && this.currentKeyGroup >= 0) return;
    const kg = assignToKeyGroup(key, this.maxParallelism);
    if (!this.keyGroupRange.contains(kg)) {
      throw new Error(
        `Key group ${kg} of key ${String(key)} is not in ${this.keyGroupRange} of operator '${this.options.operatorName}'` +
          " (the key selector is not deterministic, or the key was changed after keyBy)",
      );
    }
    this.currentKey = key;
    this.currentKeyGroup = kg;
    this.currentKeyId = keyIdentity(key);
  }
  getCurrentKey(): unknown {
    return this.currentKey;
  }
  getCurrentKeyGroup(): number {
    return this.currentKeyGroup;
  }

  getOrCreateKeyedState<S extends State>(descriptor: StateDescriptor<S, unknown>): S & InternalKvState {
    const existing = this.states.get(descriptor.name);
    if (existing !== undefined) {
      if (existing.descriptor.kind !== descriptor.kind) {
        throw new Error(
          `state '${descriptor.name}' of operator '${this.options.operatorName}' was registered as ${existing.descriptor.kind} state, not ${descriptor.kind}`,
        );
      }
      return existing as unknown as S & InternalKvState;
    }
    const state = this.createState(descriptor);
    this.states.set(descriptor.name, state);
    this.applyPendingRestore(descriptor.name, state);
    return state as unknown as S & InternalKvState;
  }

  getPartitionedState<S extends State>(namespace: Namespace, descriptor: StateDescriptor<S, unknown>): S & InternalKvState {
    const state = this.getOrCreateKeyedState(descriptor);
    state.setCurrentNamespace(namespace);
    return state;
  }

  private createState(descriptor: StateDescriptor<State, unknown>): AnyHeapState {
    const d = descriptor as unknown as StateDescriptor<never, unknown>;
    switch (descriptor.kind) {
      case "value":
        return new HeapValueState(this, d) as unknown as AnyHeapState;
      case "list":
        return new HeapListState(this, d) as unknown as AnyHeapState;
      case "map":
        return new HeapMapState(this, d) as unknown as AnyHeapState;
      case "reducing":
        return new HeapReducingState(this, descriptor as unknown as ReducingStateDescriptor<unknown>) as unknown as AnyHeapState;
      case "aggregating":
        return new HeapAggregatingState(
          this,
          descriptor as unknown as AggregatingStateDescriptor<unknown, unknown, unknown>,
        ) as unknown as AnyHeapState;
    }
  }

  *getKeys(stateName: string, namespace: Namespace): Iterable<unknown> {
    const byKey = this.states.get(stateName)?.table.get(namespace);
    if (byKey === undefined) return;
    for (const keyId of Array.from(byKey.keys())) yield keyFromIdentity(keyId);
  }

  applyToAllKeys<S extends State>(
    namespace: Namespace,
    descriptor: StateDescriptor<S, unknown>,
    fn: (key: unknown, state: S) => void,
  ): void {
    applyToAllKeysOf(this, namespace, descriptor, fn);
  }

  snapshot(): KeyedStateSnapshot {
    // Indexed by key group; hashing a key again is cheaper than caching 10^6 key groups in a Map.
    const byGroup: Array<KeyedStateEntry[] | undefined> = [];
    const maxParallelism = this.maxParallelism;
    const add = (name: string, ns: Namespace, keyId: unknown, value: unknown): void => {
      const key = keyFromIdentity(keyId);
      const kg = assignToKeyGroup(key, maxParallelism);
      let entries = byGroup[kg];
      if (entries === undefined) byGroup[kg] = entries = [];
      entries.push([name, ns, key, copyValue(value)]);
    };
    for (const [name, state] of this.states) {
      for (const [ns, byKey] of state.table) for (const [keyId, value] of byKey) add(name, ns, keyId, value);
    }
    // State restored but not accessed since (its descriptor not registered yet) belongs in the snapshot too.
    for (const [name, pending] of this.pendingRestore) for (const [ns, keyId, value] of pending) add(name, ns, keyId, value);
    const states: Array<{ name: string; kind: string }> = Array.from(this.states.values(), (s) => ({ name: s.descriptor.name, kind: s.descriptor.kind }));
    for (const [name, kind] of this.pendingKinds) if (!this.states.has(name)) states.push({ name, kind });
    return {
      backend: "heap",
      maxParallelism: this.maxParallelism,
      states,
      keyGroups: byGroup.flatMap((entries, keyGroup) => (entries === undefined ? [] : [{ keyGroup, entries }])),
    };
  }

  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    for (const snap of snapshots) {
      if (snap.maxParallelism !== this.maxParallelism) {
        throw new Error(
          `cannot restore keyed state of operator '${this.options.operatorName}': it was written with maxParallelism ` +
            `${snap.maxParallelism}, the job now has ${this.maxParallelism} (max parallelism cannot change across restores)`,
        );
      }
      for (const { name, kind } of snap.states) this.pendingKinds.set(name, kind);
      for (const { keyGroup, entries } of snap.keyGroups) {
        if (!this.keyGroupRange.contains(keyGroup)) continue;
        for (const [name, ns, key, value] of entries) {
          let pending = this.pendingRestore.get(name);
          if (pending === undefined) this.pendingRestore.set(name, (pending = []));
          pending.push([ns, keyIdentity(key), value]);
        }
      }
    }
    for (const [name, state] of this.states) this.applyPendingRestore(name, state);
  }

  private applyPendingRestore(name: string, state: AnyHeapState): void {
    const pending = this.pendingRestore.get(name);
    if (pending === undefined) return;
    this.pendingRestore.delete(name);
    for (const [ns, keyId, value] of pending) {
      let byKey = state.table.get(ns);
      if (byKey === undefined) state.table.set(ns, (byKey = new Map()));
      byKey.set(keyId, value);
    }
    state.resetCache();
  }

  /** Timers on the JS heap (Flink's HeapPriorityQueueSetFactory). */
  createTimerQueue(_name: string): TimerQueue {
    return new TimerHeap();
  }

  dispose(): void {
    this.states.clear();
    this.pendingRestore.clear();
    this.pendingKinds.clear();
  }
}

/** Inverse of keyIdentity: structured keys are stored as canonical JSON behind a marker character. */
function keyFromIdentity(keyId: unknown): unknown {
  if (typeof keyId === "string" && keyId.charCodeAt(0) === 1) return JSON.parse(keyId.slice(1));
  return keyId;
}

/** Copy-on-snapshot for heap values: containers are cloned so later in-place updates do not leak in. */
function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
