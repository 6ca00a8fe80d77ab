// The contract every keyed state backend implements (Flink's KeyedStateBackend / InternalKvState).
import type { State, StateDescriptor } from "../api/state.js";
import type { KeyGroupRange } from "./key-groups.js";
import type { TimerQueue } from "./timer-queue.js";

/**
 * A state namespace: the void namespace for plain keyed state, a window's id for window state.
 * Flink's `VoidNamespace` is the empty string here.
 */
export type Namespace = string | number;
export const VOID_NAMESPACE: Namespace = "";

/** Internal side of a state handle: which namespace the next access addresses. */
export interface InternalKvState {
  setCurrentNamespace(namespace: Namespace): void;
}

/** States whose contents can be merged across namespaces (session windows merging). */
export interface InternalMergingState extends InternalKvState {
  /** Merges the state of every source namespace into `target` and clears the sources, for the current key. */
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void;
}

/** One entry of a keyed state snapshot: `[stateName, namespace, key, value]`. */
export type KeyedStateEntry = readonly [string, Namespace, unknown, unknown];

/** A keyed state backend's snapshot of the key groups it owns; entries are copies, safe to write asynchronously. */
export interface KeyedStateSnapshot {
  readonly backend: string;
  readonly maxParallelism: number;
  /** Every registered state: name and kind, so a restore can recreate handles before the first access. */
  readonly states: ReadonlyArray<{ name: string; kind: string }>;
  /** Per key group, its entries. */
  readonly keyGroups: ReadonlyArray<{ keyGroup: number; entries: ReadonlyArray<KeyedStateEntry> }>;
}

/**
 * Keyed state of one operator subtask, for the key groups it owns. The operator sets the current key before it
 * processes a record or fires a timer; handles read and write the state of that key (Flink's KeyedStateBackend).
 */
export interface KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  /** Scopes every handle to `key`; fails if the key's group is not owned by this backend. */
  setCurrentKey(key: unknown): void;
  getCurrentKey(): unknown;
  getCurrentKeyGroup(): number;
  /** The handle for a descriptor (created on first use; one per state name). */
  getOrCreateKeyedState<S extends State>(descriptor: StateDescriptor<S, unknown>): S & InternalKvState;
  /** The handle for a descriptor with its namespace set (Flink's getPartitionedState). */
  getPartitionedState<S extends State>(namespace: Namespace, descriptor: StateDescriptor<S, unknown>): S & InternalKvState;
  /** Keys that have state `stateName` in `namespace`, across all owned key groups. */
  getKeys(stateName: string, namespace: Namespace): Iterable<unknown>;
  /** Calls `fn` with the current key set to each key that has state `descriptor` in `namespace`. */
  applyToAllKeys<S extends State>(namespace: Namespace, descriptor: StateDescriptor<S, unknown>, fn: (key: unknown, state: S) => void): void;
  /** Copy of the owned key groups' state (copy-on-snapshot: later writes do not change it). */
  snapshot(): KeyedStateSnapshot;
  /** Loads the entries of the snapshots that fall in the owned key groups (rescaling picks its share). */
  restore(snapshots: readonly KeyedStateSnapshot[]): void;
  /**
   * A new, empty queue for the timers of one time domain of a timer service, named `name` (Flink:
   * `_timer_state/event_<service>` and `_timer_state/processing_<service>`). The keyed state backend is the factory
   * of timer queues, as in Flink (`KeyedStateBackend#create`, a `PriorityQueueSetFactory`): HeapKeyedStateBackend
   * gives heap queues, RocksDB gives RocksDB queues unless `state.backend.rocksdb.timer-service.factory: HEAP`.
   * Operators without one use JS heap queues. The queues' contents are snapshotted by the timer service, in
   * the backend-independent `TimerServiceSnapshot`; `dispose` frees the queues the backend created.
   */
  createTimerQueue?(name: string): TimerQueue;
  dispose(): void;
}

/** Creates keyed state backends for operator subtasks (Flink's StateBackend). */
export interface StateBackend {
  readonly name: string;
  createKeyedStateBackend(options: KeyedStateBackendOptions): KeyedStateBackend;
}

export interface KeyedStateBackendOptions {
  readonly operatorName: string;
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;
}

/** Flink's message for keyed state used outside a keyed stream. */
export const KEYED_STATE_ONLY_ON_KEYED_STREAM =
  "Keyed state can only be used on a 'keyed stream', i.e., after a 'keyBy()' operation.";

/**
 * `KeyedStateBackend.applyToAllKeys` for any backend: sets each key of `descriptor`'s state in `namespace` as the
 * current key, calls `fn`, and restores the key that was current before.
 */
export function applyToAllKeysOf<S extends State>(
  backend: KeyedStateBackend,
  namespace: Namespace,
  descriptor: StateDescriptor<S, unknown>,
  fn: (key: unknown, state: S) => void,
): void {
  const state = backend.getPartitionedState(namespace, descriptor);
  const savedKey = backend.getCurrentKey();
  const hadKey = backend.getCurrentKeyGroup() >= 0;
  for (const key of Array.from(backend.getKeys(descriptor.name, namespace))) {
    backend.setCurrentKey(key);
    state.setCurrentNamespace(namespace);
    fn(key, state);
  }
  if (hadKey) backend.setCurrentKey(savedKey);
}
