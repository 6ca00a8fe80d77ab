// Where an aligned time window starts (Flink's TimeWindow.getWindowStartWithOffset), as a pure function.

/**
 * The start of the window of size `windowSize` (shifted by `offset`) that contains `timestamp`
 * (Flink's `TimeWindow.getWindowStartWithOffset`):
 * `r = (timestamp - offset) % windowSize; start = r < 0 ? timestamp - (r + windowSize) : timestamp - r`.
 * JavaScript's `%` truncates like Java's, so negative timestamps land in the window below them.
 *
 * @example
 * getWindowStartWithOffset(2, 3, 7); // -4: offset 3, size 7 gives ..., [-4,3), [3,10), ...
 * getWindowStartWithOffset(3, 3, 7); // 3
 */
export function getWindowStartWithOffset(timestamp: number, offset: number, windowSize: number): number {
  const remainder = (timestamp - offset) % windowSize;
  // Handles both signs: a negative remainder means the window starts one size further down.
  return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
}
