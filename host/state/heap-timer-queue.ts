// Timers on the JS heap: a binary min-heap with a de-duplication index (Flink's HeapPriorityQueueSet of
// TimerHeapInternalTimers, the queue HeapKeyedStateBackend creates).
import { keyIdentity } from "./key-identity.js";
import type { Namespace } from "./keyed-state-backend.js";
import type { InternalTimer, TimerEntry, TimerQueue } from "./timer-queue.js";

interface HeapTimer extends InternalTimer {
  /** keyIdentity(key): structurally equal keys are the same key. */
  readonly keyId: unknown;
  readonly keyGroup: number;
  /** Registration order, breaking ties between equal timestamps (as the Wasm timer heap does). */
  readonly seq: number;
  heapIndex: number;
}

/**
 * Binary min-heap on (timestamp, registration order) with an index for deduplication and deletion. The index is
 * nested maps (namespace -> key identity -> the few timers of that key in that namespace), so registering a timer
 * never builds a composite string key: window operators register timers for every element.
 *
 * @example
 * ```ts
 * import { TimerHeap } from "rivulet";
 * const timers = new TimerHeap();
 * timers.add(1000, "user-1", "", 42);
 * timers.poll(Number.POSITIVE_INFINITY); // { timestamp: 1000, key: "user-1", namespace: "" }
 * ```
 */
export class TimerHeap implements TimerQueue {
  private readonly heap: HeapTimer[] = [];
  private readonly index = new Map<Namespace, Map<unknown, HeapTimer[]>>();
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  peekTimestamp(): number {
    const top = this.heap[0];
    return top === undefined ? Number.POSITIVE_INFINITY : top.timestamp;
  }

  add(timestamp: number, key: unknown, namespace: Namespace, keyGroup: number): boolean {
    const keyId = keyIdentity(key);
    let byKey = this.index.get(namespace);
    if (byKey === undefined) this.index.set(namespace, (byKey = new Map()));
    let timers = byKey.get(keyId);
    if (timers === undefined) byKey.set(keyId, (timers = []));
    else for (let i = 0; i < timers.length; i++) if (timers[i]!.timestamp === timestamp) return false;
    const t: HeapTimer = { timestamp, key, namespace, keyId, keyGroup, seq: this.nextSeq++, heapIndex: this.heap.length };
    timers.push(t);
    this.heap.push(t);
    this.siftUp(t.heapIndex);
    return this.heap[0] === t;
  }

  remove(timestamp: number, key: unknown, namespace: Namespace): boolean {
    const timers = this.index.get(namespace)?.get(keyIdentity(key));
    if (timers === undefined) return false;
    let t: HeapTimer | undefined;
    for (let i = 0; i < timers.length; i++) if (timers[i]!.timestamp === timestamp) t = timers[i];
    if (t === undefined) return false;
    this.unindex(t);
    const last = this.heap.pop()!;
    if (last !== t) {
      this.heap[t.heapIndex] = last;
      last.heapIndex = t.heapIndex;
      this.siftDown(last.heapIndex);
      this.siftUp(last.heapIndex);
    }
    return true;
  }

  poll(upTo: number): InternalTimer | undefined {
    const top = this.heap[0];
    if (top === undefined || !(top.timestamp <= upTo)) return undefined;
    this.unindex(top);
    const last = this.heap.pop()!;
    if (last !== top) {
      this.heap[0] = last;
      last.heapIndex = 0;
      this.siftDown(0);
    }
    return top;
  }

  *entries(): Iterable<TimerEntry> {
    for (const t of this.heap) yield [t.timestamp, t.key, t.namespace, t.keyGroup];
  }

  dispose(): void {}

  private unindex(t: HeapTimer): void {
    const byKey = this.index.get(t.namespace)!;
    const timers = byKey.get(t.keyId)!;
    if (timers.length === 1) {
      byKey.delete(t.keyId);
      if (byKey.size === 0) this.index.delete(t.namespace);
    } else {
      timers.splice(timers.indexOf(t), 1);
    }
  }

  private less(a: HeapTimer, b: HeapTimer): boolean {
    return a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!this.less(t, parent)) break;
      h[i] = parent;
      parent.heapIndex = i;
      i = p;
    }
    h[i] = t;
    t.heapIndex = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
      const child = h[c]!;
      if (!this.less(child, t)) break;
      h[i] = child;
      child.heapIndex = i;
      i = c;
    }
    h[i] = t;
    t.heapIndex = i;
  }
}
