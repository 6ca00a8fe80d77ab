// Fixed-size, non-overlapping time windows (Flink's TumblingEventTimeWindows and
// TumblingProcessingTimeWindows).
import { EventTimeTrigger } from "../triggers/event-time-trigger.js";
import { ProcessingTimeTrigger } from "../triggers/processing-time-trigger.js";
import { TimeWindow } from "../time-window.js";
import type { Trigger } from "../trigger.js";
import { NO_TIMESTAMP_MESSAGE, WindowAssigner, type WindowAssignerContext } from "../window-assigner.js";
import type { WindowSerializer } from "../window.js";
import { getWindowStartWithOffset } from "../window-start.js";

function checkTumbling(what: string, size: number, offset: number): void {
  if (!(size > 0) || !(Math.abs(offset) < size)) {
    throw new RangeError(`${what} parameters must satisfy abs(offset) < size, got size ${size} and offset ${offset}`);
  }
}

/**
 * Event-time windows of `size` ms, aligned to the epoch plus `offset` (Flink's `TumblingEventTimeWindows`):
 * an element at `ts` goes to `[start, start + size)` with `start = getWindowStartWithOffset(ts, offset, size)`.
 *
 * @example
 * keyed.window(TumblingEventTimeWindows.of(Time.hours(1), Time.minutes(15))); // [00:15, 01:15), ...
 */
export class TumblingEventTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private constructor(
    readonly size: number,
    readonly offset: number,
  ) {
    super();
    checkTumbling("TumblingEventTimeWindows", size, offset);
  }
  static of(size: number, offset = 0): TumblingEventTimeWindows {
    return new TumblingEventTimeWindows(size, offset);
  }
  assignWindows(_element: unknown, timestamp: number, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === Number.NEGATIVE_INFINITY) throw new Error(NO_TIMESTAMP_MESSAGE);
    const start = getWindowStartWithOffset(timestamp, this.offset, this.size);
    return [new TimeWindow(start, start + this.size)];
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
    return `TumblingEventTimeWindows(${this.size})`;
  }
}

/**
 * Processing-time windows of `size` ms (Flink's `TumblingProcessingTimeWindows`): each element goes to the
 * window containing the current processing time.
 *
 * @example
 * keyed.window(TumblingProcessingTimeWindows.of(Time.seconds(5)));
 */
export class TumblingProcessingTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private constructor(
    readonly size: number,
    readonly offset: number,
  ) {
    super();
    checkTumbling("TumblingProcessingTimeWindows", size, offset);
  }
  static of(size: number, offset = 0): TumblingProcessingTimeWindows {
    return new TumblingProcessingTimeWindows(size, offset);
  }
  assignWindows(_element: unknown, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    const start = getWindowStartWithOffset(context.getCurrentProcessingTime(), this.offset, this.size);
    return [new TimeWindow(start, start + this.size)];
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
    return `TumblingProcessingTimeWindows(${this.size})`;
  }
}
