// Job configuration as Flink's key/value Configuration, plus the execution settings users set in code.
import type { Clock } from "../runtime/processing-time-service.js";

/** Flink's runtime execution modes. */
export const RuntimeExecutionMode = { STREAMING: "STREAMING", BATCH: "BATCH", AUTOMATIC: "AUTOMATIC" } as const;
export type RuntimeExecutionMode = (typeof RuntimeExecutionMode)[keyof typeof RuntimeExecutionMode];

/**
 * Flink-style string keys. Values come from code, `-D key=value` on the command line, or both (code wins).
 * Known keys: `parallelism.default` (1), `pipeline.max-parallelism` (-1: Flink's per-operator default),
 * `pipeline.auto-watermark-interval` (200 ms), `pipeline.operator-chaining` (true), `execution.runtime-mode`
 * (STREAMING), `taskmanager.network.channel-capacity` (records buffered per channel before backpressure, 1024).
 */
export class Configuration {
  private readonly values = new Map<string, string>();
  constructor(entries?: Record<string, string | number | boolean> | Configuration) {
    if (entries instanceof Configuration) for (const [k, v] of entries.values) this.values.set(k, v);
    else if (entries) for (const [k, v] of Object.entries(entries)) this.set(k, v);
  }
  set(key: string, value: string | number | boolean): this {
    this.values.set(key, String(value));
    return this;
  }
  getString(key: string, fallback: string): string {
    return this.values.get(key) ?? fallback;
  }
  getInteger(key: string, fallback: number): number {
    const v = this.values.get(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new TypeError(`configuration '${key}' must be an integer, got '${v}'`);
    return n;
  }
  getBoolean(key: string, fallback: boolean): boolean {
    const v = this.values.get(key);
    if (v === undefined) return fallback;
    if (v === "true" || v === "false") return v === "true";
    throw new TypeError(`configuration '${key}' must be true or false, got '${v}'`);
  }
  has(key: string): boolean {
    return this.values.has(key);
  }
  keys(): string[] {
    return Array.from(this.values.keys());
  }
  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

/** Options accepted by `getExecutionEnvironment`: Flink configuration keys plus a processing-time clock. */
export type EnvironmentOptions = Configuration | (Record<string, string | number | boolean | Clock | undefined> & { clock?: Clock });

/** Per-job execution settings (Flink's ExecutionConfig). */
export class ExecutionConfig {
  private autoWatermarkInterval: number;
  constructor(config: Configuration) {
    this.autoWatermarkInterval = config.getInteger("pipeline.auto-watermark-interval", 200);
  }
  /** Interval of periodic watermark emission in ms (Flink default 200); 0 disables periodic watermarks. */
  setAutoWatermarkInterval(ms: number): this {
    if (!(ms >= 0)) throw new RangeError("auto watermark interval must be >= 0");
    this.autoWatermarkInterval = ms;
    return this;
  }
  getAutoWatermarkInterval(): number {
    return this.autoWatermarkInterval;
  }
}
