// The priority queue an operator's timers live in, created by its keyed state backend (Flink's
// KeyGroupedInternalPriorityQueue of timers, made by the backend as a PriorityQueueSetFactory).
import type { Namespace } from "./keyed-state-backend.js";

/** A registered timer: fires for `key` in `namespace` at `timestamp` (Flink's InternalTimer). */
export interface InternalTimer {
  readonly timestamp: number;
  readonly key: unknown;
  readonly namespace: Namespace;
}

/** One timer as snapshots carry it: `[timestamp, key, namespace, keyGroup]` with JS keys and namespaces. */
export type TimerEntry = readonly [number, unknown, Namespace, number];

/**
 * The timers of one time domain of one timer service: a set of (timestamp, key, namespace), de-duplicated, popped
 * in timestamp order with equal timestamps in registration order (Flink's `KeyGroupedInternalPriorityQueue` of
 * `TimerHeapInternalTimer`s). The keyed state backend creates it (`KeyedStateBackend.createTimerQueue`), so a
 * backend decides where timers live, as Flink's heap backend gives heap queues and RocksDB gives RocksDB queues.
 *
 * @example
 * ```ts
 * import { TimerHeap, type TimerQueue } from "rivulet";
 * const q: TimerQueue = new TimerHeap();
 * q.add(2000, "k", "", 7); // true: the earliest timer changed
 * q.add(1000, "k", "", 7); // true
 * q.poll(1500);            // { timestamp: 1000, key: "k", namespace: "" }
 * q.peekTimestamp();       // 2000
 * ```
 */
export interface TimerQueue {
  /** Timers registered and neither deleted nor polled. */
  readonly size: number;
  /** Adds a timer unless an equal one exists; returns whether the earliest timer changed (Flink's `add`). */
  add(timestamp: number, key: unknown, namespace: Namespace, keyGroup: number): boolean;
  /** Deletes a timer; returns whether it was there. */
  remove(timestamp: number, key: unknown, namespace: Namespace): boolean;
  /** Timestamp of the earliest timer, or +Infinity when there is none. */
  peekTimestamp(): number;
  /**
   * Removes and returns the earliest timer if its timestamp is <= `upTo`, else undefined. One timer per call:
   * what the caller registers or deletes while that timer fires counts before the next one is polled.
   */
  poll(upTo: number): InternalTimer | undefined;
  /** Every timer, for snapshots (any order). */
  entries(): Iterable<TimerEntry>;
  /** Frees what the queue holds outside the JS heap. The queue is not used afterwards. */
  dispose(): void;
}
