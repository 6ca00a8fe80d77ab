// Flink's HashMapStateBackend: keyed state as JS objects on the heap.
import { HeapKeyedStateBackend } from "./heap-keyed-state-backend.js";
import type { KeyedStateBackend, KeyedStateBackendOptions, StateBackend } from "./keyed-state-backend.js";

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
