// Keyed timers per operator: event time and processing time, deduplicated per (timestamp, key, namespace),
// fired in timestamp order (Flink's InternalTimerServiceImpl over a HeapPriorityQueue).
import { assignToKeyGroup } from "../state/key-groups.js";
import { keyIdentity } from "../state/key-identity.js";
import type { Namespace } from "../state/keyed-state-backend.js";
import type { ProcessingTimeService } from "./processing-time-service.js";

/** A registered timer: fires for `key` in `namespace` at `timestamp`. */
export interface InternalTimer {
  readonly timestamp: number;
  readonly key: unknown;
  readonly namespace: Namespace;
}

interface HeapTimer extends InternalTimer {
  /** keyIdentity(key): structurally equal keys are the same key. */
  readonly keyId: unknown;
  readonly keyGroup: number;
  heapIndex: number;
}

/** Called when timers fire; the key context is set to the timer's key first. */
export interface Triggerable {
  onEventTime(timer: InternalTimer): void;
  onProcessingTime(timer: InternalTimer): void;
}

/** Sets the current key of the operator (and its keyed state) before a timer fires. */
export interface KeyContext {
  setCurrentKey(key: unknown): void;
  getCurrentKey(): unknown;
}

/**
 * Binary min-heap on timestamp with an index for deduplication and deletion. The index is nested maps
 * (namespace -> key identity -> the few timers of that key in that namespace), so registering a timer never
 * builds a composite string key: window operators register timers for every element.
 */
export class TimerHeap {
  private readonly heap: HeapTimer[] = [];
  private readonly index = new Map<Namespace, Map<unknown, HeapTimer[]>>();
  get size(): number {
    return this.heap.length;
  }
  peek(): InternalTimer | undefined {
    return this.heap[0];
  }
  /** Adds a timer unless an equal one exists; returns whether the earliest timer changed. */
  add(timestamp: number, key: unknown, namespace: Namespace, keyGroup: number): boolean {
    const keyId = keyIdentity(key);
    let byKey = this.index.get(namespace);
    if (byKey === undefined) this.index.set(namespace, (byKey = new Map()));
    let timers = byKey.get(keyId);
    if (timers === undefined) byKey.set(keyId, (timers = []));
    else for (let i = 0; i < timers.length; i++) if (timers[i]!.timestamp === timestamp) return false;
    const t: HeapTimer = { timestamp, key, namespace, keyId, keyGroup, heapIndex: this.heap.length };
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
  poll(): InternalTimer | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.unindex(top);
    const last = this.heap.pop()!;
    if (last !== top) {
      this.heap[0] = last;
      last.heapIndex = 0;
      this.siftDown(0);
    }
    return top;
  }
  /** All timers, for snapshots: `[timestamp, key, namespace, keyGroup]`. */
  *entries(): Iterable<readonly [number, unknown, Namespace, number]> {
    for (const t of this.heap) yield [t.timestamp, t.key, t.namespace, t.keyGroup];
  }
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
    return a.timestamp < b.timestamp;
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

/** Snapshot of one timer service: event and processing time timers with their key groups. */
export interface TimerServiceSnapshot {
  readonly name: string;
  readonly eventTime: ReadonlyArray<readonly [number, unknown, Namespace, number]>;
  readonly processingTime: ReadonlyArray<readonly [number, unknown, Namespace, number]>;
}

/**
 * Timers of one operator under one name. Event-time timers fire in `advanceWatermark` for every timestamp at or
 * below the new watermark, after `currentWatermark` is set to it (as Flink does); processing-time timers fire
 * through the task's processing-time service.
 */
export class InternalTimerService {
  private readonly eventTimers = new TimerHeap();
  private readonly processingTimers = new TimerHeap();
  private currentWatermark = Number.NEGATIVE_INFINITY;
  private nextProcessingWakeUp = Number.POSITIVE_INFINITY;
  private cancelWakeUp: (() => void) | null = null;

  constructor(
    readonly name: string,
    private readonly keyContext: KeyContext,
    private readonly triggerable: Triggerable,
    private readonly processingTimeService: ProcessingTimeService,
    private readonly maxParallelism: number,
  ) {}

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime();
  }
  getCurrentWatermark(): number {
    return this.currentWatermark;
  }

  registerEventTimeTimer(namespace: Namespace, time: number): void {
    const key = this.requireKey();
    this.eventTimers.add(time, key, namespace, assignToKeyGroup(key, this.maxParallelism));
  }
  deleteEventTimeTimer(namespace: Namespace, time: number): void {
    this.eventTimers.remove(time, this.requireKey(), namespace);
  }
  registerProcessingTimeTimer(namespace: Namespace, time: number): void {
    const key = this.requireKey();
    this.processingTimers.add(time, key, namespace, assignToKeyGroup(key, this.maxParallelism));
    this.scheduleWakeUp();
  }
  deleteProcessingTimeTimer(namespace: Namespace, time: number): void {
    this.processingTimers.remove(time, this.requireKey(), namespace);
  }

  /** Fires every event-time timer at or below `time`, in timestamp order. */
  advanceWatermark(time: number): void {
    this.currentWatermark = time;
    const heap = this.eventTimers;
    let t = heap.peek();
    while (t !== undefined && t.timestamp <= time) {
      heap.poll();
      this.keyContext.setCurrentKey(t.key);
      this.triggerable.onEventTime(t);
      t = heap.peek();
    }
  }

  /** Number of event-time timers pending (for tests and metrics). */
  numEventTimeTimers(): number {
    return this.eventTimers.size;
  }
  numProcessingTimeTimers(): number {
    return this.processingTimers.size;
  }

  private onProcessingTime(now: number): void {
    this.cancelWakeUp = null;
    this.nextProcessingWakeUp = Number.POSITIVE_INFINITY;
    const heap = this.processingTimers;
    let t = heap.peek();
    while (t !== undefined && t.timestamp <= now) {
      heap.poll();
      this.keyContext.setCurrentKey(t.key);
      this.triggerable.onProcessingTime(t);
      t = heap.peek();
    }
    this.scheduleWakeUp();
  }

  private scheduleWakeUp(): void {
    const head = this.processingTimers.peek();
    if (head === undefined || head.timestamp >= this.nextProcessingWakeUp) return;
    this.cancelWakeUp?.();
    this.nextProcessingWakeUp = head.timestamp;
    this.cancelWakeUp = this.processingTimeService.registerTimer(head.timestamp, (now) => this.onProcessingTime(now));
  }

  private requireKey(): unknown {
    const key = this.keyContext.getCurrentKey();
    if (key === undefined) throw new Error("Timers can only be used on keyed streams, with a current key set");
    return key;
  }

  snapshot(): TimerServiceSnapshot {
    return { name: this.name, eventTime: Array.from(this.eventTimers.entries()), processingTime: Array.from(this.processingTimers.entries()) };
  }

  /** Restores the timers whose key group `owns` accepts (rescaling keeps this subtask's share). */
  restore(snapshot: TimerServiceSnapshot, owns: (keyGroup: number) => boolean): void {
    for (const [ts, key, ns, kg] of snapshot.eventTime) if (owns(kg)) this.eventTimers.add(ts, key, ns, kg);
    for (const [ts, key, ns, kg] of snapshot.processingTime) if (owns(kg)) this.processingTimers.add(ts, key, ns, kg);
    this.scheduleWakeUp();
  }

  dispose(): void {
    this.cancelWakeUp?.();
    this.cancelWakeUp = null;
  }
}
