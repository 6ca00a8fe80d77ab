// Keyed timers per operator: event time and processing time, deduplicated per (timestamp, key, namespace),
// fired in timestamp order (Flink's InternalTimerServiceImpl over the priority queues its keyed state backend
// creates: the JS TimerHeap, or the Wasm timer heap with WasmStateBackend).
import { assignToKeyGroup } from "../state/key-groups.js";
import type { Namespace } from "../state/keyed-state-backend.js";
import { TimerHeap } from "../state/heap-timer-queue.js";
import type { InternalTimer, TimerEntry, TimerQueue } from "../state/timer-queue.js";
import type { ProcessingTimeService } from "./processing-time-service.js";

// The queue contract lives in the state layer (backends create queues); timer code imports it from here too.
export type { InternalTimer, TimerEntry, TimerQueue } from "../state/timer-queue.js";

/** Called when timers fire; the key context is set to the timer's key first. */
export interface Triggerable {
  onEventTime(timer: InternalTimer): void;
  onProcessingTime(timer: InternalTimer): void;
}

/** Sets the current key of the operator (and its keyed state) before a timer fires. */
export interface KeyContext {
  setCurrentKey(key: unknown): void;
  getCurrentKey(): unknown;
  /** Key group of the current key, when the context already knows it (a keyed state backend computed it). */
  getCurrentKeyGroup?(): number;
}

/** The two queues of a timer service (Flink: `_timer_state/event_<name>`, `_timer_state/processing_<name>`). */
export interface TimerQueues {
  readonly eventTime: TimerQueue;
  readonly processingTime: TimerQueue;
}

/** Snapshot of one timer service: event and processing time timers with their key groups. */
export interface TimerServiceSnapshot {
  readonly name: string;
  readonly eventTime: ReadonlyArray<TimerEntry>;
  readonly processingTime: ReadonlyArray<TimerEntry>;
}

/**
 * Timers of one operator under one name (Flink's InternalTimerServiceImpl). Event-time timers fire in
 * `advanceWatermark` for every timestamp at or below the new watermark, after `currentWatermark` is set to it (as
 * Flink does); processing-time timers fire through the task's processing-time service. Timers are polled one at
 * a time, so a timer registered while others fire at a timestamp already due fires in the same advance, and a
 * timer deleted before its turn does not fire. The queues come from the keyed state backend
 * (`KeyedStateBackend.createTimerQueue`), JS heap queues otherwise.
 *
 * @example
 * ```ts
 * import { InternalTimerService, ProcessingTimeService, type Triggerable } from "rivulet";
 * declare const operator: { setCurrentKey(key: unknown): void; getCurrentKey(): unknown } & Triggerable;
 * declare const pts: ProcessingTimeService;
 * const timers = new InternalTimerService("user-timers", operator, operator, pts, 128);
 * timers.registerEventTimeTimer("", 1000); // for the operator's current key
 * timers.advanceWatermark(1000);           // operator.onEventTime({ timestamp: 1000, key, namespace: "" })
 * ```
 */
export class InternalTimerService {
  private readonly eventTimers: TimerQueue;
  private readonly processingTimers: TimerQueue;
  private currentWatermark = Number.NEGATIVE_INFINITY;
  private nextProcessingWakeUp = Number.POSITIVE_INFINITY;
  private cancelWakeUp: (() => void) | null = null;

  constructor(
    readonly name: string,
    private readonly keyContext: KeyContext,
    private readonly triggerable: Triggerable,
    private readonly processingTimeService: ProcessingTimeService,
    private readonly maxParallelism: number,
    queues: TimerQueues = { eventTime: new TimerHeap(), processingTime: new TimerHeap() },
  ) {
    this.eventTimers = queues.eventTime;
    this.processingTimers = queues.processingTime;
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime();
  }
  getCurrentWatermark(): number {
    return this.currentWatermark;
  }

  registerEventTimeTimer(namespace: Namespace, time: number): void {
    const key = this.requireKey();
    this.eventTimers.add(time, key, namespace, this.currentKeyGroup(key));
  }
  deleteEventTimeTimer(namespace: Namespace, time: number): void {
    this.eventTimers.remove(time, this.requireKey(), namespace);
  }
  registerProcessingTimeTimer(namespace: Namespace, time: number): void {
    const key = this.requireKey();
    // Only a new earliest timer can need an earlier wake-up (Flink reschedules only when `add` says so).
    if (this.processingTimers.add(time, key, namespace, this.currentKeyGroup(key))) this.scheduleWakeUp();
  }
  deleteProcessingTimeTimer(namespace: Namespace, time: number): void {
    this.processingTimers.remove(time, this.requireKey(), namespace);
  }

  /** The current key's group: the backend's (hashed once per key change), else computed. */
  private currentKeyGroup(key: unknown): number {
    const kg = this.keyContext.getCurrentKeyGroup?.() ?? -1;
    return kg >= 0 ? kg : assignToKeyGroup(key, this.maxParallelism);
  }

  /** Fires every event-time timer at or below `time`, in timestamp order. */
  advanceWatermark(time: number): void {
    this.currentWatermark = time;
    const queue = this.eventTimers;
    for (let t = queue.poll(time); t !== undefined; t = queue.poll(time)) {
      this.keyContext.setCurrentKey(t.key);
      this.triggerable.onEventTime(t);
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
    const queue = this.processingTimers;
    for (let t = queue.poll(now); t !== undefined; t = queue.poll(now)) {
      this.keyContext.setCurrentKey(t.key);
      this.triggerable.onProcessingTime(t);
    }
    this.scheduleWakeUp();
  }

  private scheduleWakeUp(): void {
    const head = this.processingTimers.peekTimestamp();
    if (head === Number.POSITIVE_INFINITY || head >= this.nextProcessingWakeUp) return;
    this.cancelWakeUp?.();
    this.nextProcessingWakeUp = head;
    this.cancelWakeUp = this.processingTimeService.registerTimer(head, (now) => this.onProcessingTime(now));
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

  /** Cancels the processing-time wake-up and frees the queues. */
  dispose(): void {
    this.cancelWakeUp?.();
    this.cancelWakeUp = null;
    this.eventTimers.dispose();
    this.processingTimers.dispose();
  }
}
