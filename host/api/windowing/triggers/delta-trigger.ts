// Fires when an element differs enough from the last fired one (Flink's DeltaTrigger).
import { ValueStateDescriptor } from "../../state.js";
import type { Window } from "../window.js";
import { Trigger, type TriggerContext, TriggerResult } from "../trigger.js";

/** Flink's `DeltaFunction`: a distance between two elements. */
export type DeltaFunction<T> = ((oldDataPoint: T, newDataPoint: T) => number) | { getDelta(oldDataPoint: T, newDataPoint: T): number };

export function toDeltaFunction<T>(fn: DeltaFunction<T>): (a: T, b: T) => number {
  if (typeof fn === "function") return fn;
  if (fn !== null && typeof fn === "object" && typeof fn.getDelta === "function") return fn.getDelta.bind(fn);
  throw new TypeError("a delta function must be a function or an object with getDelta(old, new)");
}

/**
 * Fires when `delta(lastFired, element) > threshold` (Flink's `DeltaTrigger`); the first element only becomes
 * the reference. The reference is the trigger state `"last-element"`.
 *
 * @example
 * keyed.window(GlobalWindows.create()).trigger(DeltaTrigger.of(10, (a: number, b: number) => Math.abs(a - b)));
 */
export class DeltaTrigger<T, W extends Window = Window> extends Trigger<T, W> {
  private readonly stateDesc = new ValueStateDescriptor<T>("last-element");
  private readonly delta: (a: T, b: T) => number;
  private constructor(
    private readonly threshold: number,
    deltaFunction: DeltaFunction<T>,
  ) {
    super();
    this.delta = toDeltaFunction(deltaFunction);
  }
  static of<T, W extends Window = Window>(threshold: number, deltaFunction: DeltaFunction<T>): DeltaTrigger<T, W> {
    return new DeltaTrigger<T, W>(threshold, deltaFunction);
  }
  onElement(element: T, _timestamp: number, _window: W, ctx: TriggerContext): TriggerResult {
    const last = ctx.getPartitionedState(this.stateDesc);
    const previous = last.value();
    if (previous === null) {
      last.update(element);
      return TriggerResult.CONTINUE;
    }
    if (this.delta(previous, element) > this.threshold) {
      last.update(element);
      return TriggerResult.FIRE;
    }
    return TriggerResult.CONTINUE;
  }
  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  clear(_window: W, ctx: TriggerContext): void {
    ctx.getPartitionedState(this.stateDesc).clear();
  }
  override toString(): string {
    return `DeltaTrigger(${this.threshold})`;
  }
}
