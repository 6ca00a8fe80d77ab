// Flink's legacy SourceFunction: a user loop that pushes records (env.addSource).
import type { LifecycleHooks } from "./functions.js";

/** What `SourceFunction.run` emits through (Flink's SourceFunction.SourceContext). */
export interface SourceContext<T> {
  collect(element: T): void;
  collectWithTimestamp(element: T, timestamp: number): void;
  emitWatermark(timestamp: number): void;
  markAsTemporarilyIdle(): void;
  /**
   * Resolves once the job has room for more records. Flink's `collect` blocks under backpressure; JavaScript
   * cannot block, so a source that produces faster than the job consumes should `await` this between records
   * (or batches) to keep memory bounded.
   */
  waitForCapacity(): Promise<void>;
}

/**
 * Flink's `SourceFunction`: `run` emits until it returns (bounded) or `cancel` is called. `run` may be async;
 * it should await now and then (e.g. `ctx.waitForCapacity()`) so the rest of the job gets to run.
 *
 * @example
 * env.addSource({
 *   running: true,
 *   async run(ctx) { for (let i = 0; this.running && i < 100; i++) { ctx.collect(i); await ctx.waitForCapacity(); } },
 *   cancel() { this.running = false; },
 * });
 */
export interface SourceFunction<T> extends LifecycleHooks {
  run(ctx: SourceContext<T>): void | Promise<void>;
  cancel(): void;
}
