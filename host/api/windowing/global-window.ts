// The single window of everything (Flink's GlobalWindow), used by GlobalWindows and count windows.
import { Window, type WindowSerializer } from "./window.js";

const GLOBAL_NAMESPACE = "global";

/**
 * The one window that holds every element of a key (Flink's `GlobalWindow`). Its `maxTimestamp()` is the end
 * of time (`Infinity`, Flink's `Long.MAX_VALUE`), so its state is never cleaned up by time; a trigger such as
 * `CountTrigger` (with `PurgingTrigger`) decides when it fires and empties.
 *
 * @example
 * GlobalWindow.get().maxTimestamp(); // Infinity
 */
export class GlobalWindow extends Window {
  private static readonly INSTANCE = new GlobalWindow();
  static readonly SERIALIZER: WindowSerializer<GlobalWindow> = {
    toNamespace: () => GLOBAL_NAMESPACE,
    fromNamespace: (ns) => {
      if (ns !== GLOBAL_NAMESPACE) throw new Error(`'${ns}' is not the global window namespace`);
      return GlobalWindow.INSTANCE;
    },
  };
  private constructor() {
    super();
  }
  static get(): GlobalWindow {
    return GlobalWindow.INSTANCE;
  }
  maxTimestamp(): number {
    return Number.POSITIVE_INFINITY;
  }
  equals(other: unknown): boolean {
    return other instanceof GlobalWindow;
  }
  override toString(): string {
    return "GlobalWindow";
  }
}
