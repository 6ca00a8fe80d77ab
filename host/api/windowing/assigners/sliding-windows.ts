// Fixed-size time windows that overlap every `slide` (Flink's SlidingEventTimeWindows and
// SlidingProcessingTimeWindows).
import { EventTimeTrigger } from "../triggers/event-time-trigger.js";
import { ProcessingTimeTrigger } from "../triggers/processing-time-trigger.js";
import { TimeWindow } from "../time-window.js";
import type { Trigger } from "../trigger.js";
import { NO_TIMESTAMP_MESSAGE, WindowAssigner, type WindowAssignerContext } from "../window-assigner.js";
import type { WindowSerializer } from "../window.js";
import { getWindowStartWithOffset } from "../window-start.js";

function checkSliding(what: string, size: number, slide: number, offset: number): void {
  if (!(size > 0) || !(slide > 0) || !(Math.abs(offset) < slide)) {
    throw new RangeError(`${what} parameters must satisfy abs(offset) < slide and size > 0, got size ${size}, slide ${slide}, offset ${offset}`);
  }
}

/**
 * Every window of `size` that contains `ts`, latest start first (Flink's `SlidingEventTimeWindows.assignWindows`):
 * `lastStart = getWindowStartWithOffset(ts, offset, slide)`, then `start = lastStart, lastStart - slide, ...`
 * while `start > ts - size`. Starts may be negative (windows before the epoch), as in Flink.
 */
export function slidingWindowsFor(timestamp: number, size: number, slide: number, offset: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  const lastStart = getWindowStartWithOffset(timestamp, offset, slide);
  for (let start = lastStart; start > timestamp - size; start -= slide) windows.push(new TimeWindow(start, start + size));
  return windows;
}

/**
 * Event-time windows of `size` starting every `slide` (Flink's `SlidingEventTimeWindows`): an element belongs
 * to `ceil(size / slide)` windows (fewer when `size` is not a multiple of `slide`).
 *
 * @example
 * keyed.window(SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(5))); // ts 7 -> [5,15) and [0,10)
 */
export class SlidingEventTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
  ) {
    super();
    checkSliding("SlidingEventTimeWindows", size, slide, offset);
  }
  static of(size: number, slide: number, offset = 0): SlidingEventTimeWindows {
    return new SlidingEventTimeWindows(size, slide, offset);
  }
  assignWindows(_element: unknown, timestamp: number, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === Number.NEGATIVE_INFINITY) throw new Error(NO_TIMESTAMP_MESSAGE);
    return slidingWindowsFor(timestamp, this.size, this.slide, this.offset);
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
    return `SlidingEventTimeWindows(${this.size}, ${this.slide})`;
  }
}

/**
 * Processing-time windows of `size` starting every `slide` (Flink's `SlidingProcessingTimeWindows`).
 *
 * @example
 * keyed.window(SlidingProcessingTimeWindows.of(Time.minutes(1), Time.seconds(10)));
 */
export class SlidingProcessingTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
  ) {
    super();
    checkSliding("SlidingProcessingTimeWindows", size, slide, offset);
  }
  static of(size: number, slide: number, offset = 0): SlidingProcessingTimeWindows {
    return new SlidingProcessingTimeWindows(size, slide, offset);
  }
  assignWindows(_element: unknown, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    return slidingWindowsFor(context.getCurrentProcessingTime(), this.size, this.slide, this.offset);
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
    return `SlidingProcessingTimeWindows(${this.size}, ${this.slide})`;
  }
}
