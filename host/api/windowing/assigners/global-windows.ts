// Every element in one global window per key (Flink's GlobalWindows).
import { GlobalWindow } from "../global-window.js";
import { NeverTrigger } from "../triggers/never-trigger.js";
import type { Trigger } from "../trigger.js";
import { WindowAssigner, type WindowAssignerContext } from "../window-assigner.js";
import type { WindowSerializer } from "../window.js";

/**
 * Puts all elements of a key into the single `GlobalWindow` (Flink's `GlobalWindows`). The default trigger
 * never fires, so a custom trigger is required; count windows are global windows with count triggers.
 *
 * @example
 * keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(5)));
 */
export class GlobalWindows extends WindowAssigner<unknown, GlobalWindow> {
  private static readonly INSTANCE = new GlobalWindows();
  private readonly windows: readonly GlobalWindow[] = [GlobalWindow.get()];
  private constructor() {
    super();
  }
  static create(): GlobalWindows {
    return GlobalWindows.INSTANCE;
  }
  assignWindows(_element?: unknown, _timestamp?: number, _context?: WindowAssignerContext): GlobalWindow[] {
    return this.windows as GlobalWindow[];
  }
  getDefaultTrigger(): Trigger<unknown, GlobalWindow> {
    return NeverTrigger.create();
  }
  isEventTime(): boolean {
    return false;
  }
  getWindowSerializer(): WindowSerializer<GlobalWindow> {
    return GlobalWindow.SERIALIZER;
  }
  override toString(): string {
    return "GlobalWindows()";
  }
}
