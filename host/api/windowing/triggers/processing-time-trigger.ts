// Fires a window once processing time passes its end (Flink's ProcessingTimeTrigger), the default trigger of
// processing-time window assigners.
import type { Window } from "../window.js";
import { type OnMergeContext, Trigger, type TriggerContext, TriggerResult } from "../trigger.js";

/**
 * Fires when processing time reaches `window.maxTimestamp()` (Flink's `ProcessingTimeTrigger`).
 *
 * @example
 * keyed.window(TumblingProcessingTimeWindows.of(1000)).trigger(ProcessingTimeTrigger.create());
 */
export class ProcessingTimeTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new ProcessingTimeTrigger();
  private constructor() {
    super();
  }
  static create(): ProcessingTimeTrigger {
    return ProcessingTimeTrigger.INSTANCE;
  }
  onElement(_element: unknown, _timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }
  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  onProcessingTime(): TriggerResult {
    return TriggerResult.FIRE;
  }
  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp());
  }
  override canMerge(): boolean {
    return true;
  }
  override onMerge(window: Window, ctx: OnMergeContext): void {
    // Only if processing time has not yet passed the end of the merged window (as Flink).
    const max = window.maxTimestamp();
    if (max > ctx.getCurrentProcessingTime()) ctx.registerProcessingTimeTimer(max);
  }
  override toString(): string {
    return "ProcessingTimeTrigger()";
  }
}
