// Fires a window every `interval` of processing time (Flink's ContinuousProcessingTimeTrigger).
import { ReducingStateDescriptor } from "../../state.js";
import type { Window } from "../window.js";
import { type OnMergeContext, Trigger, type TriggerContext, TriggerResult } from "../trigger.js";

const min = (a: number, b: number): number => Math.min(a, b);

/**
 * Fires repeatedly as processing time passes multiples of `interval` (Flink's
 * `ContinuousProcessingTimeTrigger`, 1.15+): the first element schedules `start + interval` with
 * `start = now - now % interval`, each firing the next one, never beyond `window.maxTimestamp()`; at the end
 * of the window it fires once more.
 *
 * @example
 * keyed.window(TumblingProcessingTimeWindows.of(60_000)).trigger(ContinuousProcessingTimeTrigger.of(10_000));
 */
export class ContinuousProcessingTimeTrigger<W extends Window = Window> extends Trigger<unknown, W> {
  private readonly stateDesc = new ReducingStateDescriptor<number>("fire-time", min);
  private constructor(private readonly interval: number) {
    super();
    if (!(interval > 0)) throw new RangeError("ContinuousProcessingTimeTrigger interval must be > 0");
  }
  static of<W extends Window = Window>(interval: number): ContinuousProcessingTimeTrigger<W> {
    return new ContinuousProcessingTimeTrigger<W>(interval);
  }
  getInterval(): number {
    return this.interval;
  }
  onElement(_element: unknown, _timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    const now = ctx.getCurrentProcessingTime();
    if (fireTimestamp.get() === null) this.registerNextFireTimestamp(now - (now % this.interval), window, ctx);
    return TriggerResult.CONTINUE;
  }
  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    if (fireTimestamp.get() === time) {
      fireTimestamp.clear();
      this.registerNextFireTimestamp(time, window, ctx);
      return TriggerResult.FIRE;
    }
    return TriggerResult.CONTINUE;
  }
  clear(_window: W, ctx: TriggerContext): void {
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    const timestamp = fireTimestamp.get();
    if (timestamp !== null) {
      ctx.deleteProcessingTimeTimer(timestamp);
      fireTimestamp.clear();
    }
  }
  override canMerge(): boolean {
    return true;
  }
  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.stateDesc);
    const next = ctx.getPartitionedState(this.stateDesc).get();
    if (next !== null) ctx.registerProcessingTimeTimer(next);
  }
  private registerNextFireTimestamp(time: number, window: W, ctx: TriggerContext): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    ctx.getPartitionedState(this.stateDesc).add(next);
    ctx.registerProcessingTimeTimer(next);
  }
  override toString(): string {
    return `ContinuousProcessingTimeTrigger(${this.interval})`;
  }
}
