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
  KeyedStateSnapshot,
  Namespace,
  StateBackend,
} from "./keyed-state-backend.js";

type AnyHeapState = AbstractHeapState<unknown> & InternalKvState;

export class HeapKeyedStateBackend implements KeyedStateBackend, HeapKeyContext {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  readonly numberOfKeyGroups: number;
  currentKeyId: unknown = undefined;
  currentKeyGroupIndex = 0;
  private currentKey: unknown = undefined;
  private currentKeyGroup = -1;
  private readonly states = new Map<string, AnyHeapState>();
  /** Entries restored for states not yet registered: name -> [keyGroup, ns, keyId, value]. */
  private readonly pendingRestore = new Map<string, Array<[number, Namespace, unknown, unknown]>>();

  constructor(private readonly options: KeyedStateBackendOptions) {
    this.keyGroupRange = options.keyGroupRange;
    this.maxParallelism = options.maxParallelism;
    this.numberOfKeyGroups = options.keyGroupRange.numberOfKeyGroups;
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
    this.currentKeyGroupIndex = kg - this.keyGroupRange.startKeyGroup;
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
    const state = this.states.get(stateName);
    if (state === undefined) return;
    for (const byNs of state.table) {
      const byKey = byNs?.get(namespace);
      if (byKey === undefined) continue;
      for (const keyId of Array.from(byKey.keys())) yield keyFromIdentity(keyId);
    }
  }

  applyToAllKeys<S extends State>(
    namespace: Namespace,
    descriptor: StateDescriptor<S, unknown>,
    fn: (key: unknown, state: S) => void,
  ): void {
    const state = this.getPartitionedState(namespace, descriptor);
    const savedKey = this.currentKey;
    const hadKey = this.currentKeyGroup >= 0;
    for (const key of Array.from(this.getKeys(descriptor.name, namespace))) {
      this.setCurrentKey(key);
      state.setCurrentNamespace(namespace);
      fn(key, state);
    }
    if (hadKey) this.setCurrentKey(savedKey);
  }

  snapshot(): KeyedStateSnapshot {
    const keyGroups: Array<{ keyGroup: number; entries: Array<readonly [string, Namespace, unknown, unknown]> }> = [];
    for (let i = 0; i < this.numberOfKeyGroups; i++) {
      const entries: Array<readonly [string, Namespace, unknown, unknown]> = [];
      for (const [name, state] of this.states) {
        const byNs = state.table[i];
        if (byNs === undefined) continue;
        for (const [ns, byKey] of byNs) {
          for (const [keyId, value] of byKey) entries.push([name, ns, keyFromIdentity(keyId), copyValue(value)]);
        }
      }
      if (entries.length > 0) keyGroups.push({ keyGroup: this.keyGroupRange.startKeyGroup + i, entries });
    }
    return {
      backend: "heap",
      maxParallelism: this.maxParallelism,
      states: Array.from(this.states.values(), (s) => ({ name: s.descriptor.name, kind: s.descriptor.kind })),
      keyGroups,
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
      for (const { keyGroup, entries } of snap.keyGroups) {
        if (!this.keyGroupRange.contains(keyGroup)) continue;
        for (const [name, ns, key, value] of entries) {
          let pending = this.pendingRestore.get(name);
          if (pending === undefined) this.pendingRestore.set(name, (pending = []));
          pending.push([keyGroup, ns, keyIdentity(key), value]);
        }
      }
    }
    for (const [name, state] of this.states) this.applyPendingRestore(name, state);
  }

  private applyPendingRestore(name: string, state: AnyHeapState): void {
    const pending = this.pendingRestore.get(name);
    if (pending === undefined) return;
    this.pendingRestore.delete(name);
    for (const [kg, ns, keyId, value] of pending) {
      const idx = kg - this.keyGroupRange.startKeyGroup;
      let byNs = state.table[idx];
      if (byNs === undefined) state.table[idx] = byNs = new Map();
      let byKey = byNs.get(ns);
      if (byKey === undefined) byNs.set(ns, (byKey = new Map()));
      byKey.set(keyId, value);
    }
  }

  dispose(): void {
    this.states.clear();
    this.pendingRestore.clear();
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

/**
 * Keyed state as JS objects on the heap (Flink's `HashMapStateBackend`): fastest for small state, any
 * structured-cloneable value, snapshots copy the owned key groups.
 */
export class HashMapStateBackend implements StateBackend {
  readonly name = "hashmap";
  createKeyedStateBackend(options: KeyedStateBackendOptions): KeyedStateBackend {
    return new HeapKeyedStateBackend(options);
  }
}
