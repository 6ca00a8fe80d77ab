// Evictors remove elements from a window before or after the window function runs (Flink's Evictor,
// Evictor.EvictorContext and TimestampedValue).
import type { MetricGroup } from "../runtime-context.js";
import type { Window } from "./window.js";

const NO_TIMESTAMP =
  "Record has no timestamp. Is the time characteristic set to 'ProcessingTime', or did you forget to call " +
  "'DataStream.assignTimestampsAndWatermarks(...)'?";

/**
 * A window element with its timestamp (Flink's `TimestampedValue`).
 *
 * @example
 * new TimestampedValue("a", 5).getTimestamp(); // 5
 */
export class TimestampedValue<T> {
  constructor(
    readonly value: T,
    private readonly timestamp: number | null = null,
  ) {}
  getValue(): T {
    return this.value;
  }
  hasTimestamp(): boolean {
    return this.timestamp !== null;
  }
  /** The timestamp; throws when the element has none (as Flink). */
  getTimestamp(): number {
    if (this.timestamp === null) throw new Error(NO_TIMESTAMP);
    return this.timestamp;
  }
}

/** What an evictor can read (Flink's `Evictor.EvictorContext`). */
export interface EvictorContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
  getMetricGroup(): MetricGroup;
}

/**
 * Removes elements from a window when it fires (Flink's `Evictor`). `elements` is the window's contents in
 * arrival order; an evictor removes elements by mutating the array in place (`splice`), where Flink's evictors
 * call `iterator.remove()`. What remains after `evictAfter` stays in the window.
 *
 * @example
 * const keepLastTwo: Evictor<number, TimeWindow> = {
 *   evictBefore(elements) { if (elements.length > 2) elements.splice(0, elements.length - 2); },
 *   evictAfter() {},
 * };
 */
export interface Evictor<T, W extends Window> {
  /** Before the window function; `size` is the number of elements. */
  evictBefore(elements: TimestampedValue<T>[], size: number, window: W, ctx: EvictorContext): void;
  /** After the window function. */
  evictAfter(elements: TimestampedValue<T>[], size: number, window: W, ctx: EvictorContext): void;
}
