// Timers in the Wasm core's timer heap (core-wasm/timers.ts), charged to the keyed state backend's managed
// memory: the queue WasmKeyedStateBackend creates, as Flink's RocksDB backend keeps timers in RocksDB.
import type { MemoryBudget } from "../core/memory-budget.js";
import { type PolledTimerView, WasmTimerHeap } from "../core/timer-heap.js";
import { assignToKeyGroup } from "./key-groups.js";
import type { Namespace } from "./keyed-state-backend.js";
import type { InternalTimer, TimerEntry, TimerQueue } from "./timer-queue.js";
import { decodeKey, decodeNamespace, encodeKey, encodeNamespace, sameBytes } from "./wasm-serializers.js";
import type { WasmKeyContext } from "./wasm-states.js";

/** What the queue needs of its backend: the current key, already encoded, and the max parallelism. */
export interface WasmTimerKeyContext extends WasmKeyContext {
  readonly maxParallelism: number;
  getCurrentKey(): unknown;
}

const EMPTY = new Uint8Array(0);

/**
 * A `TimerQueue` in core memory: keys and namespaces are stored as the Wasm state backend's bytes (`encodeKey`,
 * `encodeNamespace`; the current key's bytes are the backend's, encoded once per key), ties in registration
 * order. The core heap is created on the first timer, so a timer service that never registers in a time domain
 * costs no managed memory.
 *
 * @example
 * ```ts
 * import { StreamExecutionEnvironment, WasmStateBackend } from "rivulet";
 * const env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.setStateBackend(new WasmStateBackend()); // keyed operators' timers now live in WasmTimerQueues
 * ```
 */
export class WasmTimerQueue implements TimerQueue {
  // ---- configuration ----
  private readonly ctx: WasmTimerKeyContext;
  private readonly budget: MemoryBudget;
  // ---- transient ----
  private heap: WasmTimerHeap | null = null;
  private disposed = false;
  /** The earliest timestamp when known, NaN when it must be asked of the core (after a poll or a removal). */
  private head = Number.POSITIVE_INFINITY;
  /**
   * The timer last added, while it is certainly queued (nothing polled or removed since): adding it again is a
   * duplicate, answered without a call into the core (a window operator registers the same timer for every
   * element of a window, twice without allowed lateness: the firing and the cleanup timer).
   */
  private lastAddedTimestamp = Number.NaN;
  private lastAddedKey: unknown = undefined;
  private lastAddedNamespace: Namespace = "";
  /** The namespace last encoded, and its bytes (window operators register runs of timers in one window). */
  private lastNamespace: Namespace = "";
  private lastNamespaceBytes: Uint8Array = EMPTY;
  /** The namespace last polled, and its bytes (timers of many keys fire for one window). */
  private polledNamespace: Namespace = "";
  private polledNamespaceBytes: Uint8Array = EMPTY;
  private readonly polled: PolledTimerView = { timestamp: 0, keyGroup: 0, keyAddress: 0, keyLength: 0, namespaceLength: 0 };

  /** `name` is the queue's state name (Flink's `_timer_state/event_<service>`), for errors. */
  constructor(
    readonly name: string,
    ctx: WasmTimerKeyContext,
    budget: MemoryBudget,
  ) {
    this.ctx = ctx;
    this.budget = budget;
  }

  get size(): number {
    return this.heap === null ? 0 : this.heap.size;
  }

  peekTimestamp(): number {
    if (Number.isNaN(this.head)) this.head = this.heap === null ? Number.POSITIVE_INFINITY : this.heap.peek();
    return this.head;
  }

  add(timestamp: number, key: unknown, namespace: Namespace, keyGroup: number): boolean {
    if (timestamp === this.lastAddedTimestamp && key === this.lastAddedKey && namespace === this.lastAddedNamespace) return false;
    const heap = this.heap ?? this.createHeap();
    const before = this.peekTimestamp();
    const ctx = this.ctx;
    const keyBytes = key === ctx.getCurrentKey() && ctx.currentKeyGroup >= 0 ? ctx.currentKeyBytes : encodeKey(key);
    const added = heap.register(timestamp, keyGroup, keyBytes, this.namespaceBytes(namespace));
    this.lastAddedTimestamp = timestamp;
    this.lastAddedKey = key;
    this.lastAddedNamespace = namespace;
    if (!added) return false;
    if (timestamp < before) {
      this.head = timestamp;
      return true;
    }
    // +Infinity is both "empty" and a timer at +Infinity: the new timer is the head only if it is alone.
    return timestamp === before && before === Number.POSITIVE_INFINITY && heap.size === 1;
  }

  remove(timestamp: number, key: unknown, namespace: Namespace): boolean {
    const heap = this.heap;
    if (heap === null) return false;
    // The backend encoded the current key (and found its key group) once, when the key was set.
    const ctx = this.ctx;
    const current = key === ctx.getCurrentKey() && ctx.currentKeyGroup >= 0;
    const keyGroup = current ? ctx.currentKeyGroup : assignToKeyGroup(key, ctx.maxParallelism);
    const keyBytes = current ? ctx.currentKeyBytes : encodeKey(key);
    if (!heap.delete(timestamp, keyGroup, keyBytes, this.namespaceBytes(namespace))) return false;
    this.lastAddedTimestamp = Number.NaN;
    if (!(timestamp > this.head)) this.head = Number.NaN;
    return true;
  }

  poll(upTo: number): InternalTimer | undefined {
    const heap = this.heap;
    // A known head later than upTo answers without a call into the core.
    if (heap === null || this.head > upTo) return undefined;
    const v = this.polled;
    this.head = Number.NaN;
    if (!heap.pollOneInto(upTo, v)) return undefined;
    this.lastAddedTimestamp = Number.NaN;
    const u8 = this.ctx.core.u8;
    const keyEnd = v.keyAddress + v.keyLength;
    const key = decodeKey(u8.subarray(v.keyAddress, keyEnd));
    const namespace = this.decodePolledNamespace(u8.subarray(keyEnd, keyEnd + v.namespaceLength));
    return { timestamp: v.timestamp, key, namespace };
  }

  *entries(): Iterable<TimerEntry> {
    if (this.heap === null) return;
    for (const t of this.heap.timers()) yield [t.timestamp, decodeKey(t.key), decodeNamespace(t.namespace), t.keyGroup];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.heap?.drop();
    this.heap = null;
  }

  private createHeap(): WasmTimerHeap {
    if (this.disposed) throw new Error(`timer queue '${this.name}' was used after it was disposed`);
    return (this.heap = new WasmTimerHeap(this.budget, this.ctx.maxParallelism));
  }

  private namespaceBytes(namespace: Namespace): Uint8Array {
    if (namespace !== this.lastNamespace) {
      this.lastNamespaceBytes = encodeNamespace(namespace);
      this.lastNamespace = namespace;
    }
    return this.lastNamespaceBytes;
  }

  private decodePolledNamespace(bytes: Uint8Array): Namespace {
    if (!sameBytes(bytes, this.polledNamespaceBytes)) {
      this.polledNamespace = decodeNamespace(bytes);
      this.polledNamespaceBytes = bytes.slice();
    }
    return this.polledNamespace;
  }
}
