// Keeps at most `maxCount` elements, dropping the oldest (Flink's CountEvictor).
import type { Evictor, TimestampedValue } from "../evictor.js";
import type { Window } from "../window.js";

/**
 * Keeps the last `maxCount` elements of a window, removing the earliest ones (Flink's `CountEvictor`);
 * before the window function unless `doEvictAfter`.
 *
 * @example
 * keyed.window(GlobalWindows.create()).evictor(CountEvictor.of(10)).trigger(CountTrigger.of(2)); // countWindow(10, 2)
 */
export class CountEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private constructor(
    private readonly maxCount: number,
    private readonly doEvictAfter: boolean,
  ) {}
  static of<W extends Window = Window>(maxCount: number, doEvictAfter = false): CountEvictor<W> {
    return new CountEvictor<W>(maxCount, doEvictAfter);
  }
  evictBefore(elements: TimestampedValue<unknown>[], size: number): void {
    if (!this.doEvictAfter) this.evict(elements, size);
  }
  evictAfter(elements: TimestampedValue<unknown>[], size: number): void {
    if (this.doEvictAfter) this.evict(elements, size);
  }
  private evict(elements: TimestampedValue<unknown>[], size: number): void {
    if (size <= this.maxCount) return;
    elements.splice(0, Math.min(size - this.maxCount, elements.length));
  }
}
