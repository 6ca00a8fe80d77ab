// Turns every FIRE of a nested trigger into FIRE_AND_PURGE (Flink's PurgingTrigger).
import type { Window } from "../window.js";
import { type OnMergeContext, Trigger, type TriggerContext, type TriggerLike, TriggerResult, toTrigger } from "../trigger.js";

function purging(r: TriggerResult): TriggerResult {
  return r.isFire() ? TriggerResult.FIRE_AND_PURGE : r;
}

/**
 * Wraps a trigger so that each firing also empties the window (Flink's `PurgingTrigger`).
 *
 * @example
 * keyed.countWindow(3); // window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(3)))
 */
export class PurgingTrigger<T, W extends Window> extends Trigger<T, W> {
  private constructor(private readonly nested: Trigger<T, W>) {
    super();
  }
  static of<T, W extends Window>(nested: TriggerLike<T, W>): PurgingTrigger<T, W> {
    return new PurgingTrigger(toTrigger(nested));
  }
  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onElement(element, timestamp, window, ctx));
  }
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onEventTime(time, window, ctx));
  }
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onProcessingTime(time, window, ctx));
  }
  clear(window: W, ctx: TriggerContext): void {
    this.nested.clear(window, ctx);
  }
  override canMerge(): boolean {
    return this.nested.canMerge();
  }
  override onMerge(window: W, ctx: OnMergeContext): void {
    this.nested.onMerge(window, ctx);
  }
  getNestedTrigger(): Trigger<T, W> {
    return this.nested;
  }
  override toString(): string {
    return `PurgingTrigger(${this.nested.toString()})`;
  }
}
