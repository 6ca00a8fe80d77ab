// Window start arithmetic for the process-function window jobs (Flink's TimeWindow.getWindowStartWithOffset).

/**
 * Start of the window of `size` ms holding `timestamp`, aligned to epoch 0 plus `offset`:
 * `r = (ts - offset) % size; r < 0 ? ts - (r + size) : ts - r` (Flink's `TimeWindow.getWindowStartWithOffset`).
 *
 * @example
 * ```ts
 * import { windowStartOf } from "./window-start.js";
 * windowStartOf(12_345, 10_000); // 10_000
 * ```
 */
export function windowStartOf(timestamp: number, size: number, offset = 0): number {
  const r = (timestamp - offset) % size;
  return r < 0 ? timestamp - (r + size) : timestamp - r;
}
