// Event-time watermark of the hand-written queries: bounded out-of-orderness, advanced by every event.

/**
 * Tracks `maxTimestamp - bound - 1` (Flink's `BoundedOutOfOrdernessWatermarks`), updated on every event
 * rather than every 200 ms: the most eager schedule, so an event late here is late in any engine run
 * over the same order. `end()` moves it to `Infinity` (Flink's `Watermark.MAX` at end of input).
 *
 * @example
 * ```ts
 * import { WatermarkTracker } from "./watermark.js";
 * const wm = new WatermarkTracker(4000);
 * wm.observe(10_000);
 * wm.current; // 5999
 * ```
 */
export class WatermarkTracker {
  /** Current watermark; `-Infinity` before the first event. */
  current = -Infinity;
  private maxTimestamp = -Infinity;

  constructor(private readonly boundMs: number) {}

  /** Accounts for an event at `timestamp`. */
  observe(timestamp: number): void {
    if (timestamp > this.maxTimestamp) {
      this.maxTimestamp = timestamp;
      this.current = timestamp - this.boundMs - 1;
    }
  }

  /** End of input. */
  end(): void {
    this.current = Infinity;
  }
}

/**
 * Start of the window of `size` ms (offset `offset`) holding `timestamp`: Flink's
 * `TimeWindow.getWindowStartWithOffset`, `r = (ts - offset) % size; r < 0 ? ts - (r + size) : ts - r`.
 *
 * @example
 * ```ts
 * import { windowStart } from "./watermark.js";
 * windowStart(-1, 7, 3); // -4
 * ```
 */
export function windowStart(timestamp: number, size: number, offset = 0): number {
  const r = (timestamp - offset) % size;
  return r < 0 ? timestamp - (r + size) : timestamp - r;
}
