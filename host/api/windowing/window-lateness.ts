// Lateness and cleanup rules of windows (Flink's WindowOperator.cleanupTime / isWindowLate / isElementLate),
// as pure functions.

/**
 * When a window's state is dropped (Flink's `WindowOperator.cleanupTime`): event-time windows at
 * `maxTimestamp + allowedLateness`, processing-time windows at `maxTimestamp`. Flink guards against `long`
 * overflow by answering `Long.MAX_VALUE` ("end of time", no cleanup timer); here a sum beyond
 * `Number.MAX_SAFE_INTEGER` (no longer exact) or infinite is end of time, `Infinity`.
 *
 * @example
 * cleanupTime(9, 5, true);         // 14
 * cleanupTime(9, 5, false);        // 9: processing time ignores lateness
 * cleanupTime(Infinity, 0, true);  // Infinity: the global window is never cleaned up
 */
export function cleanupTime(maxTimestamp: number, allowedLateness: number, isEventTime: boolean): number {
  if (!isEventTime) return maxTimestamp;
  const cleanup = maxTimestamp + allowedLateness;
  return cleanup > Number.MAX_SAFE_INTEGER ? Number.POSITIVE_INFINITY : cleanup;
}

/**
 * Whether a window is late, i.e. its state is already cleaned up (Flink's `WindowOperator.isWindowLate`):
 * event time only, `cleanupTime(window) <= currentWatermark`, which is
 * `window.maxTimestamp() + allowedLateness <= currentWatermark`.
 *
 * @example
 * isWindowLate(9, 0, true, 9);  // true: watermark 9 passed window [0,10)
 * isWindowLate(9, 1, true, 9);  // false: one more millisecond of lateness allowed
 */
export function isWindowLate(maxTimestamp: number, allowedLateness: number, isEventTime: boolean, currentWatermark: number): boolean {
  return isEventTime && cleanupTime(maxTimestamp, allowedLateness, true) <= currentWatermark;
}

/**
 * Whether an element no window accepted counts as late data (Flink's `WindowOperator.isElementLate`):
 * event time only, `timestamp + allowedLateness <= currentWatermark`. Such elements go to the late-data side
 * output when one is set, else they are dropped and counted in `numLateRecordsDropped`.
 *
 * @example
 * isElementLate(5, 0, true, 5); // true
 */
export function isElementLate(timestamp: number, allowedLateness: number, isEventTime: boolean, currentWatermark: number): boolean {
  return isEventTime && timestamp + allowedLateness <= currentWatermark;
}
