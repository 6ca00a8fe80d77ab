// Keeps the elements within `windowSize` of the newest one (Flink's TimeEvictor).
import type { Evictor, TimestampedValue } from "../evictor.js";
import type { Window } from "../window.js";

/**
 * Removes every element with `timestamp <= maxTimestamp - windowSize`, where `maxTimestamp` is the largest
 * timestamp in the window (Flink's `TimeEvictor`). Does nothing when elements carry no timestamps.
 *
 * @example
 * keyed.window(GlobalWindows.create()).trigger(CountTrigger.of(5)).evictor(TimeEvictor.of(1000));
 */
export class TimeEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private constructor(
    private readonly windowSize: number,
    private readonly doEvictAfter: boolean,
  ) {}
  static of<W extends Window = Window>(windowSize: number, doEvictAfter = false): TimeEvictor<W> {
    return new TimeEvictor<W>(windowSize, doEvictAfter);
  }
  getWindowSize(): number {
    return this.windowSize;
  }
  evictBefore(elements: TimestampedValue<unknown>[]): void {
    if (!this.doEvictAfter) this.evict(elements);
  }
  evictAfter(elements: TimestampedValue<unknown>[]): void {
    if (this.doEvictAfter) this.evict(elements);
  }
  private evict(elements: TimestampedValue<unknown>[]): void {
    if (elements.length === 0 || !elements[0]!.hasTimestamp()) return;
    let current = Number.NEGATIVE_INFINITY;
    for (const e of elements) current = Math.max(current, e.getTimestamp());
    const cutoff = current - this.windowSize;
    let w = 0;
    for (let r = 0; r < elements.length; r++) {
      const e = elements[r]!;
      if (!(e.getTimestamp() <= cutoff)) elements[w++] = e;
    }
    elements.length = w;
  }
}
