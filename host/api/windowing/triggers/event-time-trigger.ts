// Fires a window once the watermark passes its end (Flink's EventTimeTrigger), the default trigger of
// event-time window assigners.
import type { Window } from "../window.js";
import { type OnMergeContext, Trigger, type TriggerContext, TriggerResult } from "../trigger.js";

/**
 * Fires when the watermark reaches `window.maxTimestamp()` (Flink's `EventTimeTrigger`). An element for a
 * window the watermark already passed (a late element within the allowed lateness) fires it at once.
 *
 * @example
 * keyed.window(GlobalWindows.create()).trigger(EventTimeTrigger.create());
 */
export class EventTimeTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new EventTimeTrigger();
  private constructor() {
    super();
  }
  static create(): EventTimeTrigger {
    return EventTimeTrigger.INSTANCE;
  }
  onElement(_element: unknown, _timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
      // The watermark is already past the window: fire immediately.
      return TriggerResult.FIRE;
    }
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }
  onEventTime(time: number, window: Window): TriggerResult {
    return time === window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }
  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }
  override canMerge(): boolean {
    return true;
  }
  override onMerge(window: Window, ctx: OnMergeContext): void {
    // Only register a timer if the watermark is not yet past the end of the merged window; otherwise the
    // cleanup timer (maxTimestamp + lateness) fires the window (as Flink).
    const max = window.maxTimestamp();
    if (max > ctx.getCurrentWatermark()) ctx.registerEventTimeTimer(max);
  }
  override toString(): string {
    return "EventTimeTrigger()";
  }
}
