// Triggers decide when a window is evaluated and when it is emptied (Flink's Trigger, TriggerResult and
// Trigger.TriggerContext / OnMergeContext).
import type { MetricGroup } from "../runtime-context.js";
import type { State, StateDescriptor } from "../state.js";
import type { Window } from "./window.js";

/**
 * What a trigger asks of the window operator (Flink's `TriggerResult`): evaluate the window (`FIRE`), drop
 * its contents (`PURGE`), both, or nothing. Trigger state and timers are not touched by `PURGE`; the window's
 * own metadata stays until its cleanup time.
 *
 * @example
 * const r = TriggerResult.FIRE_AND_PURGE;
 * r.isFire() && r.isPurge(); // true
 */
export class TriggerResult {
  static readonly CONTINUE = new TriggerResult("CONTINUE", false, false);
  static readonly FIRE_AND_PURGE = new TriggerResult("FIRE_AND_PURGE", true, true);
  static readonly FIRE = new TriggerResult("FIRE", true, false);
  static readonly PURGE = new TriggerResult("PURGE", false, true);
  private constructor(
    readonly name: string,
    readonly fire: boolean,
    readonly purge: boolean,
  ) {}
  isFire(): boolean {
    return this.fire;
  }
  isPurge(): boolean {
    return this.purge;
  }
  toString(): string {
    return this.name;
  }
}

/**
 * What a trigger can do while it runs (Flink's `Trigger.TriggerContext`): read both clocks, set and delete
 * timers for the current key and window, and keep state scoped to the current key and window.
 */
export interface TriggerContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
  getMetricGroup(): MetricGroup;
  /** Calls `onProcessingTime(time, window)` once processing time reaches `time`. */
  registerProcessingTimeTimer(time: number): void;
  /** Calls `onEventTime(time, window)` once the watermark reaches `time`. */
  registerEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  /** State of the current key in the current window. */
  getPartitionedState<S extends State>(descriptor: StateDescriptor<S, unknown>): S;
}

/** The context of `onMerge` (Flink's `Trigger.OnMergeContext`). */
export interface OnMergeContext extends TriggerContext {
  /** Merges the state `descriptor` of the merged windows into the resulting window. */
  mergePartitionedState(descriptor: StateDescriptor<State, unknown>): void;
}

/**
 * Decides when a window fires (Flink's `Trigger`). Called for every element added to a window and for every
 * timer the trigger registered; `clear` must delete the timers and state it created. A trigger used with
 * merging (session) windows must support merging: `canMerge()` true and `onMerge` re-registering its timers
 * for the merged window.
 *
 * @example
 * class EveryElement extends Trigger<unknown, Window> {
 *   onElement() { return TriggerResult.FIRE; }
 *   onEventTime() { return TriggerResult.CONTINUE; }
 *   onProcessingTime() { return TriggerResult.CONTINUE; }
 *   clear() {}
 * }
 */
export abstract class Trigger<T, W extends Window> {
  abstract onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult;
  abstract onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  abstract onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  /** Whether `onMerge` is supported (required for merging window assigners). */
  canMerge(): boolean {
    return false;
  }
  /** Called when windows merge into `window`. */
  onMerge(_window: W, _ctx: OnMergeContext): void {
    throw new Error("This trigger does not support merging.");
  }
  /** Deletes the timers and state the trigger keeps for `window` (called when the window is cleaned up). */
  abstract clear(window: W, ctx: TriggerContext): void;
  toString(): string {
    return this.constructor.name;
  }
}

/** A custom trigger as an object literal: the same methods; `onMerge` present means it can merge. */
export interface TriggerObject<T, W extends Window> {
  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult;
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  onMerge?(window: W, ctx: OnMergeContext): void;
  canMerge?(): boolean;
  clear?(window: W, ctx: TriggerContext): void;
}

/** A trigger: a `Trigger` subclass instance or an object literal with its methods. */
export type TriggerLike<T, W extends Window> = Trigger<T, W> | TriggerObject<T, W>;

/** Adapts an object-literal trigger; checks that every call returns a TriggerResult. */
class ObjectTrigger<T, W extends Window> extends Trigger<T, W> {
  constructor(private readonly t: TriggerObject<T, W>) {
    super();
  }
  private checked(r: TriggerResult, what: string): TriggerResult {
    if (!(r instanceof TriggerResult)) {
      throw new TypeError(`trigger ${what} must return a TriggerResult (CONTINUE, FIRE, PURGE or FIRE_AND_PURGE), got ${String(r)}`);
    }
    return r;
  }
  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    return this.checked(this.t.onElement(element, timestamp, window, ctx), "onElement");
  }
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return this.checked(this.t.onProcessingTime(time, window, ctx), "onProcessingTime");
  }
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return this.checked(this.t.onEventTime(time, window, ctx), "onEventTime");
  }
  override canMerge(): boolean {
    return typeof this.t.canMerge === "function" ? this.t.canMerge() : typeof this.t.onMerge === "function";
  }
  override onMerge(window: W, ctx: OnMergeContext): void {
    if (typeof this.t.onMerge !== "function") super.onMerge(window, ctx);
    else this.t.onMerge(window, ctx);
  }
  clear(window: W, ctx: TriggerContext): void {
    this.t.clear?.(window, ctx);
  }
  override toString(): string {
    return "CustomTrigger";
  }
}

/** Normalises a trigger given as a subclass instance or an object literal. */
export function toTrigger<T, W extends Window>(trigger: TriggerLike<T, W>): Trigger<T, W> {
  if (trigger instanceof Trigger) return trigger;
  if (trigger === null || typeof trigger !== "object" || typeof trigger.onElement !== "function") {
    throw new TypeError("a trigger must be a Trigger or an object with onElement, onEventTime and onProcessingTime");
  }
  return new ObjectTrigger(trigger);
}
