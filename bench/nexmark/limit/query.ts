// Hand-written Nexmark query contract: an event processor per query, its output mode and options.

import type { Event } from "../../../host/connectors/nexmark/index.js";

/** Names of the Nexmark queries (q6 is skipped, as Flink's Nexmark suite does). */
export type QueryName =
  | "q0" | "q1" | "q2" | "q3" | "q4" | "q5" | "q7" | "q8" | "q9" | "q10" | "q11"
  | "q12" | "q13" | "q14" | "q15" | "q16" | "q17" | "q18" | "q19" | "q20" | "q21" | "q22";

/**
 * How a query's emitted rows make up its result.
 * - `append`: every emitted row is a result row (insert-only, as Flink's append streams).
 * - `upsert`: an emitted row replaces the result row with the same `key` (Flink's upsert/changelog
 *   results; these queries never delete); the final result is the last row per key.
 */
export type OutputMode<R> =
  | { readonly kind: "append" }
  | { readonly kind: "upsert"; readonly key: (row: R) => string };

/** One query instance: consumes events in the given order, emits result rows through its `emit` callback. */
export interface EventProcessor {
  /** Processes the next input event. */
  process(event: Event): void;
  /** End of input: as Flink's `Watermark.MAX`, fires every pending event-time window and timer. */
  finish(): void;
}

/** Options shared by the hand-written queries. */
export interface BaselineOptions {
  /**
   * Bounded out-of-orderness of the event-time watermark in ms (default 4000, the reference DDL's
   * `WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND`). The watermark follows every event,
   * as `WatermarkStrategy.forBoundedOutOfOrderness` with the DataStream formula `maxTimestamp - bound - 1`.
   */
  readonly outOfOrdernessMs?: number;
  /** q13's side input, key -> value (default: keys 0..9999 with their decimal string, the reference's file). */
  readonly sideInput?: ReadonlyMap<number, string>;
  /**
   * q12's processing clock: the processing time (ms) at which the `ordinal`-th input event (0-based, all
   * kinds, in input order) is processed. Default `ordinal => Math.floor(ordinal / 1000)`: a job processing
   * 1 000 000 events per second from processing time 0, which makes q12 deterministic.
   */
  readonly processingClock?: (ordinal: number) => number;
}

/** {@link BaselineOptions} with every default applied. */
export interface ResolvedBaselineOptions {
  readonly outOfOrdernessMs: number;
  readonly sideInput: ReadonlyMap<number, string>;
  readonly processingClock: (ordinal: number) => number;
}

/**
 * A hand-written single-purpose implementation of one Nexmark query: straightforward JS over Maps and
 * arrays with the reference SQL's semantics, used as the correctness oracle for the engine's jobs and as
 * the "practical limit" the benchmark compares the engine against.
 *
 * @example
 * ```ts
 * import type { BaselineQuery } from "./query.js";
 * declare const q: BaselineQuery<{ auction: number }>;
 * const rows: { auction: number }[] = [];
 * const p = q.create((row) => rows.push(row), { outOfOrdernessMs: 4000, sideInput: new Map(), processingClock: (i) => i });
 * p.finish();
 * ```
 */
export interface BaselineQuery<R> {
  readonly name: QueryName;
  /** The reference query's title. */
  readonly title: string;
  readonly output: OutputMode<R>;
  /** A fresh query instance emitting its rows to `emit`. */
  create(emit: (row: R) => void, options: ResolvedBaselineOptions): EventProcessor;
}
