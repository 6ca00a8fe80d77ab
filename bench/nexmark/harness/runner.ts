// One measured Nexmark run in this process: the DataStream job or the hand-written query, printed as JSON.
//
// Started by bench/nexmark/harness.mjs (bundled with esbuild), one process per run so that runs do not share
// heaps or JIT state: `node runner.mjs <engine|engine-timers|limit> <query> <events> <parallelism> <seed> [hashmap|wasm]`.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DataStream, StreamExecutionEnvironment, WasmStateBackend } from "../../../host/node.js";
import { NexmarkEventReader } from "../../../host/connectors/nexmark/index.js";
import { BASELINES, q10CsvLine, q10Partition, resolveBaselineOptions, type Q10Row, type QueryName } from "../limit/index.js";
import { JOBS, PartitionedFileWriter, TIMER_JOBS, writeQ10, type NexmarkJob } from "../queries/index.js";

/** What one run reports. */
export interface RunResult {
  /** `engine-timers`: the windowed queries' variants without the window API (keyed process functions and timers). */
  readonly mode: "engine" | "engine-timers" | "limit";
  readonly query: QueryName;
  readonly events: number;
  readonly parallelism: number;
  /** Rows the query emitted (null for the engine's q10, whose rows go to files only). */
  readonly emitted: number | null;
  readonly wallMs: number;
  /** User + system CPU time of the process during the run. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

async function measure(run: () => Promise<number | null> | number): Promise<{ emitted: number | null; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const emitted = await run();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { emitted, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** The engine: the query's DataStream job with a counting (blackhole) sink, or q10's partitioned file sink. */
async function engine(
  job: NexmarkJob<unknown>,
  query: QueryName,
  events: number,
  parallelism: number,
  seed: number,
  dir: string,
  stateBackend: "hashmap" | "wasm",
): Promise<number | null> {
  const env = new StreamExecutionEnvironment().setParallelism(parallelism);
  if (stateBackend === "wasm") env.setStateBackend(new WasmStateBackend());
  const rows = job(env, { maxEvents: events, seed });
  let emitted = 0;
  if (query === "q10") {
    writeQ10(rows as DataStream<Q10Row>, dir);
    await env.execute(`Nexmark ${query}`);
    return null;
  }
  rows.addSink(() => void emitted++).name("Blackhole Sink");
  await env.execute(`Nexmark ${query}`);
  return emitted;
}

/** The hand-written query over the same events (numEventGenerators = parallelism), read in time order. */
function limit(query: QueryName, events: number, parallelism: number, seed: number, dir: string): number {
  const reader = new NexmarkEventReader({ maxEvents: events, seed, numEventGenerators: parallelism });
  let emitted = 0;
  let emit: (row: unknown) => void = () => void emitted++;
  let writer: PartitionedFileWriter | null = null;
  if (query === "q10") {
    const w = (writer = new PartitionedFileWriter(dir, "part-0-0.csv"));
    emit = (row) => {
      emitted++;
      w.write(q10Partition(row as Q10Row), q10CsvLine(row as Q10Row) + "\n");
    };
  }
  const processor = BASELINES[query].create(emit, resolveBaselineOptions());
  while (reader.hasNext()) processor.process(reader.next());
  processor.finish();
  writer?.close();
  return emitted;
}

async function main(): Promise<void> {
  const [mode, query, eventsArg, parallelismArg, seedArg, backendArg = "hashmap"] = process.argv.slice(2);
  if (
    (mode !== "engine" && mode !== "engine-timers" && mode !== "limit") ||
    query === undefined ||
    !(query in BASELINES) ||
    (backendArg !== "hashmap" && backendArg !== "wasm")
  ) {
    throw new Error("usage: runner.mjs <engine|engine-timers|limit> <query> <events> <parallelism> <seed> [hashmap|wasm]");
  }
  const q = query as QueryName;
  const job = (mode === "engine-timers" ? TIMER_JOBS[q] : undefined) ?? JOBS[q];
  const events = Number(eventsArg);
  const parallelism = Number(parallelismArg ?? 1);
  const seed = Number(seedArg ?? 0);
  const dir = mkdtempSync(join(tmpdir(), `rivulet-nexmark-${q}-`));
  try {
    const m = await measure(() => (mode === "limit" ? limit(q, events, parallelism, seed, dir) : engine(job, q, events, parallelism, seed, dir, backendArg)));
    const result: RunResult = {
      mode,
      query: q,
      events,
      parallelism,
      emitted: m.emitted,
      wallMs: m.wallMs,
      cpuMs: m.cpuMs,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
