// Session windows: one window per burst of activity, closed by a gap of inactivity (Flink's
// EventTimeSessionWindows, ProcessingTimeSessionWindows and their Dynamic* variants).
import { EventTimeTrigger } from "../triggers/event-time-trigger.js";
import { ProcessingTimeTrigger } from "../triggers/processing-time-trigger.js";
import { type MergeCallback, TimeWindow } from "../time-window.js";
import type { Trigger } from "../trigger.js";
import { MergingWindowAssigner, NO_TIMESTAMP_MESSAGE, type WindowAssignerContext } from "../window-assigner.js";
import type { WindowSerializer } from "../window.js";

/** Flink's `SessionWindowTimeGapExtractor`: the gap after an element, in ms (must be > 0). */
export type SessionWindowTimeGapExtractor<T> = ((element: T) => number) | { extract(element: T): number };

function toExtractor<T>(e: SessionWindowTimeGapExtractor<T>): (element: T) => number {
  if (typeof e === "function") return e;
  if (e !== null && typeof e === "object" && typeof e.extract === "function") return e.extract.bind(e);
  throw new TypeError("a session gap extractor must be a function or an object with extract(element)");
}

function checkGap(what: string, gap: number): void {
  if (!(gap > 0)) throw new RangeError(`${what} parameters must satisfy 0 < size, got ${gap}`);
}

function dynamicGap(gap: number): number {
  if (!(gap > 0)) throw new RangeError(`Dynamic session time gap must satisfy 0 < gap, got ${gap}`);
  return gap;
}

/**
 * Event-time sessions (Flink's `EventTimeSessionWindows`): each element opens `[ts, ts + gap)` and windows that
 * overlap or touch merge, so a session ends once no element arrived for `gap`.
 *
 * @example
 * keyed.window(EventTimeSessionWindows.withGap(Time.minutes(10)));
 * keyed.window(EventTimeSessionWindows.withDynamicGap((e: { gap: number }) => e.gap));
 */
export class EventTimeSessionWindows extends MergingWindowAssigner<unknown, TimeWindow> {
  protected constructor(readonly sessionTimeout: number) {
    super();
    checkGap("EventTimeSessionWindows", sessionTimeout);
  }
  static withGap(size: number): EventTimeSessionWindows {
    return new EventTimeSessionWindows(size);
  }
  static withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): DynamicEventTimeSessionWindows<T> {
    return new DynamicEventTimeSessionWindows<T>(toExtractor(extractor));
  }
  assignWindows(_element: unknown, timestamp: number, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === Number.NEGATIVE_INFINITY) throw new Error(NO_TIMESTAMP_MESSAGE);
    return [new TimeWindow(timestamp, timestamp + this.sessionTimeout)];
  }
  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    TimeWindow.mergeWindows(windows, callback);
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }
  isEventTime(): boolean {
    return true;
  }
  getWindowSerializer(): WindowSerializer<TimeWindow> {
    return TimeWindow.SERIALIZER;
  }
  override toString(): string {
    return `EventTimeSessionWindows(${this.sessionTimeout})`;
  }
}

/** Event-time sessions whose gap each element chooses (Flink's `DynamicEventTimeSessionWindows`). */
export class DynamicEventTimeSessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  constructor(private readonly gapOf: (element: T) => number) {
    super();
  }
  assignWindows(element: T, timestamp: number, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === Number.NEGATIVE_INFINITY) throw new Error(NO_TIMESTAMP_MESSAGE);
    return [new TimeWindow(timestamp, timestamp + dynamicGap(this.gapOf(element)))];
  }
  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    TimeWindow.mergeWindows(windows, callback);
  }
  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return EventTimeTrigger.create();
  }
  isEventTime(): boolean {
    return true;
  }
  getWindowSerializer(): WindowSerializer<TimeWindow> {
    return TimeWindow.SERIALIZER;
  }
  override toString(): string {
    return "DynamicEventTimeSessionWindows()";
  }
}

/**
 * Processing-time sessions (Flink's `ProcessingTimeSessionWindows`): each element opens `[now, now + gap)`.
 *
 * @example
 * keyed.window(ProcessingTimeSessionWindows.withGap(Time.seconds(30)));
 */
export class ProcessingTimeSessionWindows extends MergingWindowAssigner<unknown, TimeWindow> {
  protected constructor(readonly sessionTimeout: number) {
    super();
    checkGap("ProcessingTimeSessionWindows", sessionTimeout);
  }
  static withGap(size: number): ProcessingTimeSessionWindows {
    return new ProcessingTimeSessionWindows(size);
  }
  static withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): DynamicProcessingTimeSessionWindows<T> {
    return new DynamicProcessingTimeSessionWindows<T>(toExtractor(extractor));
  }
  assignWindows(_element: unknown, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    const now = context.getCurrentProcessingTime();
    return [new TimeWindow(now, now + this.sessionTimeout)];
  }
  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    TimeWindow.mergeWindows(windows, callback);
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }
  isEventTime(): boolean {
    return false;
  }
  getWindowSerializer(): WindowSerializer<TimeWindow> {
    return TimeWindow.SERIALIZER;
  }
  override toString(): string {
    return `ProcessingTimeSessionWindows(${this.sessionTimeout})`;
  }
}

/** Processing-time sessions whose gap each element chooses (Flink's `DynamicProcessingTimeSessionWindows`). */
export class DynamicProcessingTimeSessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  constructor(private readonly gapOf: (element: T) => number) {
    super();
  }
  assignWindows(element: T, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    const now = context.getCurrentProcessingTime();
    return [new TimeWindow(now, now + dynamicGap(this.gapOf(element)))];
  }
  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    TimeWindow.mergeWindows(windows, callback);
  }
  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }
  isEventTime(): boolean {
    return false;
  }
  getWindowSerializer(): WindowSerializer<TimeWindow> {
    return TimeWindow.SERIALIZER;
  }
  override toString(): string {
    return "DynamicProcessingTimeSessionWindows()";
  }
}
