// Running a hand-written query over events: options, counting or collecting, and result materialisation.

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { defaultSideInput } from "./q13.js";
import type { BaselineOptions, BaselineQuery, ResolvedBaselineOptions } from "./query.js";

/** Default out-of-orderness bound of the queries' watermark (the reference DDL's 4 s). */
export const DEFAULT_OUT_OF_ORDERNESS_MS = 4000;

let sharedSideInput: Map<number, string> | undefined;

/** Applies the defaults of {@link BaselineOptions}. */
export function resolveBaselineOptions(options: BaselineOptions = {}): ResolvedBaselineOptions {
  return {
    outOfOrdernessMs: options.outOfOrdernessMs ?? DEFAULT_OUT_OF_ORDERNESS_MS,
    sideInput: options.sideInput ?? (sharedSideInput ??= defaultSideInput()),
    processingClock: options.processingClock ?? ((ordinal) => Math.floor(ordinal / 1000)),
  };
}

/** Result of {@link runBaseline}. */
export interface BaselineResult<R> {
  /** Rows emitted (appends, or upserts including superseded ones). */
  readonly emitted: number;
  /** The query's result: every row (append) or the last row per key (upsert); empty when `countOnly`. */
  readonly rows: R[];
}

/**
 * Materialises an emitted row sequence into the query's result: unchanged for append queries, the last
 * row per key (in first-emission order of keys) for upsert queries. Apply it to an engine job's output
 * to compare with {@link runBaseline}'s `rows`.
 */
export function materialize<R>(query: BaselineQuery<R>, emitted: Iterable<R>): R[] {
  if (query.output.kind === "append") return [...emitted];
  const key = query.output.key;
  const byKey = new Map<string, R>();
  for (const row of emitted) byKey.set(key(row), row);
  return [...byKey.values()];
}

/**
 * Runs `query` over `events` (in iteration order), ends the input, and returns its result; with
 * `countOnly` it only counts emitted rows (the benchmark mode: rows are still built, as a job would).
 *
 * @example
 * ```ts
 * import { NexmarkEventReader } from "../../../host/connectors/nexmark/index.js";
 * import { runBaseline } from "./run.js";
 * import { q2 } from "./q2.js";
 * const { rows } = runBaseline(q2, new NexmarkEventReader({ maxEvents: 10_000 }));
 * ```
 */
export function runBaseline<R>(
  query: BaselineQuery<R>,
  events: Iterable<Event>,
  options: BaselineOptions & { readonly countOnly?: boolean } = {},
): BaselineResult<R> {
  let emitted = 0;
  const resolved = resolveBaselineOptions(options);
  if (options.countOnly) {
    const processor = query.create(() => {
      emitted++;
    }, resolved);
    for (const e of events) processor.process(e);
    processor.finish();
    return { emitted, rows: [] };
  }
  const out: R[] = [];
  const processor = query.create((row) => {
    emitted++;
    out.push(row);
  }, resolved);
  for (const e of events) processor.process(e);
  processor.finish();
  return { emitted, rows: materialize(query, out) };
}

/** A row's canonical text: JSON with keys sorted, so rows compare independently of key order. */
export function canonicalRow(row: unknown): string {
  if (row === null || typeof row !== "object") return JSON.stringify(row);
  const entries = Object.entries(row as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return "{" + entries.map(([k, v]) => JSON.stringify(k) + ":" + canonicalRow(v)).join(",") + "}";
}

/** Rows as a sorted list of {@link canonicalRow} texts: equal iff the two results are equal as multisets. */
export function canonicalRows(rows: Iterable<unknown>): string[] {
  return [...rows].map(canonicalRow).sort();
}
