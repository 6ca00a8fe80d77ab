// The trigger that never fires (Flink's GlobalWindows.NeverTrigger), default of GlobalWindows.
import type { Window } from "../window.js";
import { Trigger, TriggerResult } from "../trigger.js";

/**
 * Never fires (Flink's `GlobalWindows.NeverTrigger`): global windows need an explicit trigger.
 *
 * @example
 * NeverTrigger.create().canMerge(); // true
 */
export class NeverTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new NeverTrigger();
  private constructor() {
    super();
  }
  static create(): NeverTrigger {
    return NeverTrigger.INSTANCE;
  }
  onElement(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }
  clear(): void {}
  override canMerge(): boolean {
    return true;
  }
  override onMerge(): void {}
  override toString(): string {
    return "NeverTrigger()";
  }
}
