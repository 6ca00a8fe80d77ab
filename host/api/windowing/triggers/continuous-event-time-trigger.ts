// Fires a window every `interval` of event time and at its end (Flink's ContinuousEventTimeTrigger).
import { ReducingStateDescriptor } from "../../state.js";
import type { Window } from "../window.js";
import { type OnMergeContext, Trigger, type TriggerContext, TriggerResult } from "../trigger.js";

const min = (a: number, b: number): number => Math.min(a, b);

/**
 * Fires repeatedly as the watermark passes multiples of `interval`, and at the end of the window (Flink's
 * `ContinuousEventTimeTrigger`, 1.15+): the first element schedules `start + interval` with
 * `start = timestamp - timestamp % interval`, each firing the next one, never beyond `window.maxTimestamp()`.
 * The pending fire time is the trigger state `"fire-time"` (merged by minimum).
 *
 * @example
 * keyed.window(TumblingEventTimeWindows.of(Time.hours(1))).trigger(ContinuousEventTimeTrigger.of(Time.minutes(5)));
 */
export class ContinuousEventTimeTrigger<W extends Window = Window> extends Trigger<unknown, W> {
  private readonly stateDesc = new ReducingStateDescriptor<number>("fire-time", min);
  private constructor(private readonly interval: number) {
    super();
    if (!(interval > 0)) throw new RangeError("ContinuousEventTimeTrigger interval must be > 0");
  }
  static of<W extends Window = Window>(interval: number): ContinuousEventTimeTrigger<W> {
    return new ContinuousEventTimeTrigger<W>(interval);
  }
  getInterval(): number {
    return this.interval;
  }
  onElement(_element: unknown, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
      // The watermark is already past the window: fire immediately.
      return TriggerResult.FIRE;
    }
    ctx.registerEventTimeTimer(window.maxTimestamp());
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    if (fireTimestamp.get() === null) this.registerNextFireTimestamp(timestamp - (timestamp % this.interval), window, ctx);
    return TriggerResult.CONTINUE;
  }
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return TriggerResult.FIRE;
    const fireTimestampState = ctx.getPartitionedState(this.stateDesc);
    const fireTimestamp = fireTimestampState.get();
    if (fireTimestamp !== null && fireTimestamp === time) {
      fireTimestampState.clear();
      this.registerNextFireTimestamp(time, window, ctx);
      return TriggerResult.FIRE;
    }
    return TriggerResult.CONTINUE;
  }
  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  clear(_window: W, ctx: TriggerContext): void {
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    const timestamp = fireTimestamp.get();
    if (timestamp !== null) {
      ctx.deleteEventTimeTimer(timestamp);
      fireTimestamp.clear();
    }
  }
  override canMerge(): boolean {
    return true;
  }
  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.stateDesc);
    const next = ctx.getPartitionedState(this.stateDesc).get();
    if (next !== null) ctx.registerEventTimeTimer(next);
  }
  private registerNextFireTimestamp(time: number, window: W, ctx: TriggerContext): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    ctx.getPartitionedState(this.stateDesc).add(next);
    ctx.registerEventTimeTimer(next);
  }
  override toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`;
  }
}
