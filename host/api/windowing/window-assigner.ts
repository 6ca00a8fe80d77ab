// Window assigners put each element into zero or more windows (Flink's WindowAssigner and
// MergingWindowAssigner).
import type { MergeCallback } from "./time-window.js";
import type { Trigger } from "./trigger.js";
import type { Window, WindowSerializer } from "./window.js";

/** What an assigner can read while assigning (Flink's `WindowAssigner.WindowAssignerContext`). */
export interface WindowAssignerContext {
  getCurrentProcessingTime(): number;
}

/**
 * Assigns elements to windows (Flink's `WindowAssigner`). `timestamp` is the element's event timestamp, or
 * `-Infinity` when it has none (Flink's `Long.MIN_VALUE`). Event-time assigners fail on such elements;
 * processing-time assigners use `context.getCurrentProcessingTime()` instead.
 *
 * @example
 * TumblingEventTimeWindows.of(10).assignWindows("x", 12, ctx); // [TimeWindow{start=10, end=20}]
 */
export abstract class WindowAssigner<T, W extends Window> {
  abstract assignWindows(element: T, timestamp: number, context: WindowAssignerContext): W[];
  /** The trigger used when `WindowedStream.trigger` is not called. */
  abstract getDefaultTrigger(): Trigger<T, W>;
  /** Whether windows are in event time (lateness, cleanup and merging checks depend on it). */
  abstract isEventTime(): boolean;
  /** How windows are named as keyed-state namespaces. */
  abstract getWindowSerializer(): WindowSerializer<W>;
}

/**
 * An assigner whose windows can merge, such as sessions (Flink's `MergingWindowAssigner`). The window operator
 * keeps, per key, which in-flight window holds its state in which state window (`MergingWindowSet`).
 */
export abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  /** Reports, through `callback`, every group of `windows` that merges and its result. */
  abstract mergeWindows(windows: readonly W[], callback: MergeCallback<W>): void;
}

export const NO_TIMESTAMP_MESSAGE =
  "Record has Long.MIN_VALUE timestamp (= no timestamp marker). Is the time characteristic set to 'ProcessingTime', " +
  "or did you forget to call 'DataStream.assignTimestampsAndWatermarks(...)'?";
