// Time units and watermark bounds. All times are plain numbers in epoch milliseconds.

/** Durations in milliseconds, as Flink's `Time` (`Time.seconds(5)` is `5000`). */
export const Time = {
  milliseconds: (n: number): number => n,
  seconds: (n: number): number => n * 1000,
  minutes: (n: number): number => n * 60_000,
  hours: (n: number): number => n * 3_600_000,
  days: (n: number): number => n * 86_400_000,
} as const;

/**
 * Watermark bounds. `Watermark.MAX` marks the end of event time (Flink's `Long.MAX_VALUE` watermark sent at end
 * of input): it compares greater than every timestamp, so it fires every pending event-time window and timer.
 * `Watermark.MIN` is the watermark before any has been seen (Flink's `Long.MIN_VALUE`).
 */
export const Watermark = {
  MAX: Number.POSITIVE_INFINITY,
  MIN: Number.NEGATIVE_INFINITY,
} as const;
