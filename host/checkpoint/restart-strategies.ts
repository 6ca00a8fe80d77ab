// Restart strategies: whether and when a failed job restarts (Flink's RestartStrategies).

/** A restart strategy's configuration, as built by `RestartStrategies`. */
export type RestartStrategyConfiguration =
  | { readonly kind: "none" }
  | { readonly kind: "fixed-delay"; readonly attempts: number; readonly delayMs: number }
  | { readonly kind: "failure-rate"; readonly maxFailuresPerInterval: number; readonly intervalMs: number; readonly delayMs: number };

/**
 * Flink's `RestartStrategies`. Without one, a job without checkpointing does not restart; a job with
 * checkpointing restarts with a fixed delay of 1 s indefinitely (Flink's defaults).
 */
export const RestartStrategies = {
  /** Never restart: the first failure fails the job. */
  noRestart: (): RestartStrategyConfiguration => ({ kind: "none" }),
  /** Restart up to `attempts` times, waiting `delayMs` before each. */
  fixedDelayRestart: (attempts: number, delayMs: number): RestartStrategyConfiguration => {
    if (!(attempts >= 0)) throw new RangeError("fixedDelayRestart: attempts must be >= 0");
    if (!(delayMs >= 0)) throw new RangeError("fixedDelayRestart: delay must be >= 0");
    return { kind: "fixed-delay", attempts, delayMs };
  },
  /** Restart unless more than `maxFailuresPerInterval` failures happened within `intervalMs`. */
  failureRateRestart: (maxFailuresPerInterval: number, intervalMs: number, delayMs: number): RestartStrategyConfiguration => {
    if (!(maxFailuresPerInterval >= 1)) throw new RangeError("failureRateRestart: failure rate must be >= 1");
    return { kind: "failure-rate", maxFailuresPerInterval, intervalMs, delayMs };
  },
} as const;

/** Decides per failure whether to restart and after how long (Flink's RestartBackoffTimeStrategy). */
export class RestartBackoff {
  private restarts = 0;
  private readonly failureTimes: number[] = [];
  constructor(
    private readonly config: RestartStrategyConfiguration,
    private readonly now: () => number = Date.now,
  ) {}
  /** Records a failure; returns the delay before restarting, or null when the job must fail. */
  onFailure(): number | null {
    const c = this.config;
    switch (c.kind) {
      case "none":
        return null;
      case "fixed-delay":
        if (this.restarts >= c.attempts) return null;
        this.restarts++;
        return c.delayMs;
      case "failure-rate": {
        const t = this.now();
        this.failureTimes.push(t);
        while (this.failureTimes.length > 0 && this.failureTimes[0]! <= t - c.intervalMs) this.failureTimes.shift();
        if (this.failureTimes.length > c.maxFailuresPerInterval) return null;
        this.restarts++;
        return c.delayMs;
      }
    }
  }
  get numberOfRestarts(): number {
    return this.restarts;
  }
}
