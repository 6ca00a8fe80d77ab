// Helpers for end-to-end jobs: collecting sinks, gates for sources that wait, polling, and watermark
// strategies with per-event (punctuated) watermarks so that event time advances deterministically.
import { type SourceContext, type SourceFunction, WatermarkStrategy } from "../../host/node.js";

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Polls `cond` (letting the job run in between) until it holds, or fails after `timeoutMs`. */
export async function until(cond: () => boolean, what = "condition", timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Lets the job run for a few event-loop turns. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setTimeout(r, 1));
}

/**
 * Bounded out-of-orderness with a watermark after every event (`max - delay - 1`), so a bounded input's event
 * time advances while it is read, independent of processing time.
 */
export function punctuated<T>(timestampOf: (e: T) => number, delay = 0): WatermarkStrategy<T> {
  return WatermarkStrategy.forGenerator<T>(() => {
    let max = Number.NEGATIVE_INFINITY;
    return {
      onEvent(_e, ts, out) {
        if (ts > max) max = ts;
        out.emitWatermark(max - delay - 1);
      },
      onPeriodicEmit() {},
    };
  }).withTimestampAssigner((e) => timestampOf(e));
}

/** Sort for comparing outputs whose order Flink leaves open (parallel subtasks, equal timer timestamps). */
export function sorted<T>(xs: readonly T[]): T[] {
  return xs.map((x) => [JSON.stringify(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]);
}

/** A source that runs `steps` in order: emit records/watermarks, or wait for a gate. */
export type Step<T> = { emit: T; ts?: number } | { watermark: number } | { wait: Promise<void> } | { idle: true };
export function scriptedSource<T>(steps: readonly Step<T>[]): SourceFunction<T> {
  return {
    async run(ctx: SourceContext<T>) {
      for (const s of steps) {
        if ("emit" in s) {
          if (s.ts === undefined) ctx.collect(s.emit);
          else ctx.collectWithTimestamp(s.emit, s.ts);
        } else if ("watermark" in s) ctx.emitWatermark(s.watermark);
        else if ("idle" in s) ctx.markAsTemporarilyIdle();
        else await s.wait;
      }
    },
    cancel() {},
  };
}
