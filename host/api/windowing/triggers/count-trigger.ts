// Fires a window every `maxCount` elements (Flink's CountTrigger).
import { ReducingStateDescriptor } from "../../state.js";
import type { Window } from "../window.js";
import { type OnMergeContext, Trigger, type TriggerContext, TriggerResult } from "../trigger.js";

const sum = (a: number, b: number): number => a + b;

/**
 * Fires once the window holds `maxCount` elements counted since the last firing (Flink's `CountTrigger`);
 * the count lives in the trigger state `"count"` and restarts after each firing. It does not purge: wrap it
 * in `PurgingTrigger` for tumbling count windows (what `countWindow(n)` does).
 *
 * @example
 * keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(100)));
 */
export class CountTrigger<W extends Window = Window> extends Trigger<unknown, W> {
  private readonly stateDesc = new ReducingStateDescriptor<number>("count", sum);
  private constructor(private readonly maxCount: number) {
    super();
  }
  static of<W extends Window = Window>(maxCount: number): CountTrigger<W> {
    return new CountTrigger<W>(maxCount);
  }
  onElement(_element: unknown, _timestamp: number, _window: W, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(this.stateDesc);
    count.add(1);
    if (count.get()! >= this.maxCount) {
      count.clear();
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
  override canMerge(): boolean {
    return true;
  }
  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.stateDesc);
  }
  override toString(): string {
    return `CountTrigger(${this.maxCount})`;
  }
}
