// The window abstraction and how a window is named as a keyed-state namespace (Flink's Window and the
// window serializer WindowOperator uses for state and timer namespaces).

/**
 * A bucket of elements (Flink's `Window`). Every window has a largest timestamp it can hold: event-time
 * triggers fire at `maxTimestamp()`, and window state is cleaned up at `maxTimestamp() + allowedLateness`.
 *
 * @example
 * const w: Window = new TimeWindow(0, 10);
 * w.maxTimestamp(); // 9
 */
export abstract class Window {
  /** The largest timestamp that still belongs to this window. */
  abstract maxTimestamp(): number;
}

/**
 * Names windows as keyed-state namespaces and back (the role of Flink's window `TypeSerializer`). Window
 * contents, trigger state and timers are stored under this name, so they are snapshotted like any keyed state.
 * A namespace must never be `""` (the void namespace of plain keyed state).
 *
 * @example
 * const ns = TimeWindow.SERIALIZER.toNamespace(new TimeWindow(0, 10)); // "0:10"
 * TimeWindow.SERIALIZER.fromNamespace(ns).end;                        // 10
 */
export interface WindowSerializer<W extends Window> {
  toNamespace(window: W): string;
  fromNamespace(namespace: string): W;
}
