// Runs a Nexmark DataStream job and its hand-written oracle over the same generated events.

import { expect } from "vitest";
import { StreamExecutionEnvironment, WatermarkStrategy } from "../../../host/index.js";
import { NexmarkEventReader, eventTimestamp, type Event } from "../../../host/connectors/nexmark/index.js";
import { BASELINES, canonicalRows, materialize, runBaseline, type BaselineOptions, type QueryName } from "../../../bench/nexmark/limit/index.js";
import { JOBS } from "../../../bench/nexmark/queries/index.js";
import { OUT_OF_ORDERNESS_MS, type NexmarkJob, type NexmarkJobOptions } from "../../../bench/nexmark/queries/source.js";

const eventCache = new Map<string, Event[]>();

/** The events a job at `parallelism` generates, in time order (numEventGenerators = parallelism). */
export function eventsFor(options: NexmarkJobOptions, parallelism: number): Event[] {
  const key = JSON.stringify({ ...options, sideInput: undefined, parallelism });
  let events = eventCache.get(key);
  if (events === undefined) {
    const { outOfOrdernessMs: _o, sideInput: _s, ...config } = options;
    events = [...new NexmarkEventReader({ ...config, numEventGenerators: config.numEventGenerators ?? parallelism })];
    eventCache.set(key, events);
  }
  return events;
}

/** Runs `job` at `parallelism` and collects its emitted rows. */
export async function runJob<R>(job: NexmarkJob<R>, options: NexmarkJobOptions, parallelism: number, env?: StreamExecutionEnvironment): Promise<R[]> {
  const e = (env ?? new StreamExecutionEnvironment()).setParallelism(parallelism);
  return job(e, options).executeAndCollect();
}

/**
 * Runs the job for `name` (from `JOBS`) and the hand-written query over the same events and expects equal results
 * (emitted rows materialised: appends as they are, upserts to the last row per key). Returns the result size.
 */
export async function expectSameResult(
  name: QueryName,
  options: NexmarkJobOptions,
  parallelism: number,
  baselineOptions: BaselineOptions = {},
  job: NexmarkJob<unknown> = JOBS[name],
): Promise<number> {
  const query = BASELINES[name];
  const emitted = await runJob(job, options, parallelism);
  const actual = canonicalRows(materialize(query, emitted as unknown[]));
  const expected = canonicalRows(runBaseline(query, eventsFor(options, parallelism), { sideInput: options.sideInput, ...baselineOptions }).rows);
  expect(actual.length, `${name} at parallelism ${parallelism}: result size`).toBe(expected.length);
  // Compare as one string first (fast), and show the first difference when they differ.
  if (actual.join("\n") !== expected.join("\n")) {
    const at = actual.findIndex((row, i) => row !== expected[i]);
    expect(actual[at], `${name} at parallelism ${parallelism}: first differing row (#${at})`).toBe(expected[at]);
  }
  return expected.length;
}

/**
 * Runs the job's query over hand-built `events` (a collection source in list order, the jobs' watermark strategy,
 * timestamps from the events) and expects the hand-written query's result over the same events.
 */
export async function expectSameResultOn<R>(name: QueryName, events: Event[], job: NexmarkJob<unknown> = JOBS[name]): Promise<R[]> {
  const env = new StreamExecutionEnvironment();
  const stream = env
    .fromCollection(events)
    .assignTimestampsAndWatermarks(WatermarkStrategy.forBoundedOutOfOrderness<Event>(OUT_OF_ORDERNESS_MS).withTimestampAssigner((e) => eventTimestamp(e)));
  const query = BASELINES[name];
  const rows = materialize(query, (await job.query(stream, {}).executeAndCollect()) as unknown[]) as R[];
  expect(canonicalRows(rows), name).toEqual(canonicalRows(runBaseline(query, events).rows));
  return rows;
}
