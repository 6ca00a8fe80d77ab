// Removes elements too far from the newest one (Flink's DeltaEvictor).
import type { Evictor, TimestampedValue } from "../evictor.js";
import { type DeltaFunction, toDeltaFunction } from "../triggers/delta-trigger.js";
import type { Window } from "../window.js";

/**
 * Removes every element whose `delta(element, last) >= threshold`, `last` being the newest element of the
 * window (Flink's `DeltaEvictor`).
 *
 * @example
 * keyed.window(GlobalWindows.create()).trigger(CountTrigger.of(3))
 *   .evictor(DeltaEvictor.of(5, (a: number, b: number) => Math.abs(a - b)));
 */
export class DeltaEvictor<T, W extends Window = Window> implements Evictor<T, W> {
  private readonly delta: (a: T, b: T) => number;
  private constructor(
    private readonly threshold: number,
    deltaFunction: DeltaFunction<T>,
    private readonly doEvictAfter: boolean,
  ) {
    this.delta = toDeltaFunction(deltaFunction);
  }
  static of<T, W extends Window = Window>(threshold: number, deltaFunction: DeltaFunction<T>, doEvictAfter = false): DeltaEvictor<T, W> {
    return new DeltaEvictor<T, W>(threshold, deltaFunction, doEvictAfter);
  }
  evictBefore(elements: TimestampedValue<T>[]): void {
    if (!this.doEvictAfter) this.evict(elements);
  }
  evictAfter(elements: TimestampedValue<T>[]): void {
    if (this.doEvictAfter) this.evict(elements);
  }
  private evict(elements: TimestampedValue<T>[]): void {
    if (elements.length === 0) return;
    const last = elements[elements.length - 1]!.getValue();
    let w = 0;
    for (let r = 0; r < elements.length; r++) {
      const e = elements[r]!;
      if (!(this.delta(e.getValue(), last) >= this.threshold)) elements[w++] = e;
    }
    elements.length = w;
  }
}
