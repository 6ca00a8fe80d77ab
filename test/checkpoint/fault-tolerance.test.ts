// Fault injection: jobs with keyed state run with checkpoints while a user function fails once; the committed
// output must equal the failure-free result exactly (nothing lost, nothing duplicated). Keys are `v % 12`, and
// source subtask i of p emits i+1, i+1+p, ...: with p dividing 12, all records of a key come from one source
// subtask in ascending order, so the running counts are deterministic and can be worked out independently.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  BasePathBucketAssigner,
  CheckpointingMode,
  type CheckpointedFunction,
  RichSinkFunction,
  CsvFormat,
  ExternalizedCheckpointCleanup,
  FileSink,
  FileSource,
  HashMapStateBackend,
  WasmStateBackend,
  JsonLinesFormat,
  RestartStrategies,
  StreamExecutionEnvironment,
  TextLineInputFormat,
  type JobRunner,
} from "../../host/node.js";
import {
  committedOutput,
  expectedRunningCounts,
  FailOnceMap,
  PacedSequenceSource,
  resetInjected,
  RunningCount,
  sorted,
  TransactionalCollectSink,
  waitFor,
} from "./harness.js";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const tmp = (): string => mkdtempSync(join(tmpdir(), "rivulet-ft-"));

beforeEach(() => resetInjected());

interface Scenario {
  readonly name: string;
  readonly parallelism: number;
  readonly configure?: (env: StreamExecutionEnvironment) => void;
  /** The record at which the map fails (once). */
  readonly failAt: number | null;
  /** Busy time per record after the keyed operator, so channels fill up (backpressure). */
  readonly slowMicros?: number;
}

async function runCounting(s: Scenario, n: number): Promise<{ out: string[]; client: JobRunner }> {
  const env = new StreamExecutionEnvironment().setParallelism(s.parallelism);
  env.enableCheckpointing(10);
  env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 0));
  s.configure?.(env);
  env
    .fromSource(new PacedSequenceSource(n, 100, 1), null, "paced")
    .map(new FailOnceMap<number>(s.name, (v) => v === s.failAt))
    .keyBy((v: number) => v % 12)
    .process(new RunningCount())
    .uid("running-count")
    .map((line: string) => {
      const until = performance.now() + (s.slowMicros ?? 0) / 1000;
      while (performance.now() < until);
      return line;
    })
    .addSink(new TransactionalCollectSink<string>(s.name));
  const client = (await env.executeAsync(s.name)) as JobRunner;
  await client.getJobExecutionResult();
  return { out: committedOutput<string>(s.name), client };
}

describe("exactly-once under failures", () => {
  const N = 20_000;
  const expected = sorted(expectedRunningCounts(range(N), (v) => v % 12));

  it("aligned checkpoints: a failure mid-stream restores state and rewinds the source", async () => {
    const { out, client } = await runCounting({ name: "aligned", parallelism: 2, failAt: 12_345 }, N);
    expect(client.getMetrics().restarts).toBe(1);
    expect(client.getMetrics().checkpointsCompleted).toBeGreaterThan(1);
    expect(out.length).toBe(expected.length);
    expect(sorted(out)).toEqual(expected);
  });

  it("unaligned checkpoints (in-flight records in the checkpoint) give the same output", async () => {
    // Odd numbers take a detour through a slow task, so barriers reach the keyed task at different times on its
    // channels (records in between are recorded) and queues are long (barriers overtake them).
    const env = new StreamExecutionEnvironment().setParallelism(3);
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 0));
    env.getCheckpointConfig().enableUnalignedCheckpoints();
    env.configuration.set("taskmanager.network.channel-capacity", 4096);
    const total = 60_000;
    const mapped = env.fromSource(new PacedSequenceSource(total, 3_000, 1), null, "paced").map(new FailOnceMap<number>("unaligned", (v) => v === 45_001));
    const odd = mapped
      .filter((v: number) => v % 2 === 1)
      .map((v: number) => {
        const until = performance.now() + 0.01;
        while (performance.now() < until);
        return v;
      })
      .setParallelism(1)
      .disableChaining();
    mapped
      .filter((v: number) => v % 2 === 0)
      .union(odd)
      .keyBy((v: number) => v % 12)
      .process(new RunningCount())
      .addSink(new TransactionalCollectSink<string>("unaligned"));
    const client = await env.executeAsync("unaligned");
    await client.getJobExecutionResult();
    expect(client.getMetrics().restarts).toBe(1);
    expect(sorted(committedOutput<string>("unaligned"))).toEqual(sorted(expectedRunningCounts(range(total), (v) => v % 12)));
  });

  it("a failure before the first checkpoint restarts from scratch and still commits everything once", async () => {
    const { out } = await runCounting({ name: "early", parallelism: 2, failAt: 3 }, 2_000);
    expect(sorted(out)).toEqual(sorted(expectedRunningCounts(range(2_000), (v) => v % 12)));
  });

  it("AT_LEAST_ONCE loses nothing (duplicates are allowed)", async () => {
    const { out } = await runCounting(
      { name: "alo", parallelism: 2, failAt: 9_000, configure: (env) => env.enableCheckpointing(10, CheckpointingMode.AT_LEAST_ONCE) },
      N,
    );
    const seen = new Set(out);
    for (const e of expected) expect(seen.has(e)).toBe(true);
  });

  it("without a failure the output is the expected one too", async () => {
    const { out, client } = await runCounting({ name: "clean", parallelism: 4, failAt: null }, 5_000);
    expect(client.getMetrics().restarts).toBe(0);
    expect(sorted(out)).toEqual(sorted(expectedRunningCounts(range(5_000), (v) => v % 12)));
  });
});

// One suite per state backend (the same scenario must hold for both): a failure, then a savepoint restored at
// another parallelism.
describe.each([
  ["HashMapStateBackend", () => new HashMapStateBackend()],
  ["WasmStateBackend", () => new WasmStateBackend({ managedMemoryBytes: 64 * 1024 * 1024 })],
] as const)("%s: checkpoints and restores", (name, backend) => {
  it("exactly-once across a failure, typed state", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.setStateBackend(backend());
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
    env
      .fromSource(new PacedSequenceSource(12_000, 100, 1), null, "paced")
      .map(new FailOnceMap<number>(`${name}-fail`, (v) => v === 8_000))
      .keyBy((v: number) => v % 12)
      .process(new RunningCount(true))
      .addSink(new TransactionalCollectSink<string>(`${name}-out`));
    const client = await env.executeAsync(name);
    await client.getJobExecutionResult();
    expect(client.getMetrics().restarts).toBe(1);
    expect(sorted(committedOutput<string>(`${name}-out`))).toEqual(sorted(expectedRunningCounts(range(12_000), (v) => v % 12)));
  });

  it("a checkpoint taken at parallelism 2 restores at parallelism 4 (key groups redistribute)", async () => {
    const dir = tmp();
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.setStateBackend(backend());
    env.enableCheckpointing(10);
    env.getCheckpointConfig().setCheckpointStorage(dir).setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
    const job = (e: StreamExecutionEnvironment, out: string): void => {
      e.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 50, 1), null, "paced")
        .uid("src")
        .keyBy((v: number) => v % 12)
        .process(new RunningCount(true))
        .uid("counts")
        .addSink(new TransactionalCollectSink<string>(out))
        .uid("sink");
    };
    job(env, `${name}-p2`);
    const client = (await env.executeAsync("p2")) as JobRunner;
    await waitFor(() => client.getMetrics().checkpointsCompleted >= 3 && committedOutput(`${name}-p2`).length > 1_000);
    await client.cancel();
    // Restore from the job's checkpoint directory: the newest valid chk-<n> is used.
    const env2 = new StreamExecutionEnvironment({ "execution.savepoint.path": join(dir, client.jobId) }).setParallelism(4);
    env2.setStateBackend(backend());
    env2.enableCheckpointing(10);
    job(env2, `${name}-p4`);
    const client2 = (await env2.executeAsync("p4")) as JobRunner;
    await waitFor(() => committedOutput(`${name}-p4`).length > 1_000);
    await client2.cancel();
    // Across both runs every key's counts are 1, 2, 3, ... with the right sums: nothing lost or repeated by the
    // rescaled restore (the restored sink commits what the checkpoint had pre-committed).
    const all = [...committedOutput<string>(`${name}-p2`), ...committedOutput<string>(`${name}-p4`)];
    expect(new Set(all).size).toBe(all.length);
    const expected = new Set(expectedRunningCounts(range(200_000), (v) => v % 12));
    for (const line of all) expect(expected.has(line)).toBe(true);
    const counts = new Map<number, number[]>();
    for (const l of all) {
      const [k, c] = l.split(":").map(Number);
      counts.set(k!, [...(counts.get(k!) ?? []), c!]);
    }
    expect(counts.size).toBe(12);
    for (const cs of counts.values()) {
      cs.sort((x, y) => x - y);
      expect(cs[cs.length - 1]).toBe(cs.length);
    }
  });
});

describe("finished tasks", () => {
  it("checkpoints go on after a bounded source finished, and a restore does not replay it", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
    // Multiples of 12 (key 0) come from a small bounded source that finishes early; the rest from a paced one.
    const bounded = env.fromCollection(range(50).map((i) => i * 12 - 12_000_000));
    let client!: JobRunner;
    const paced = env
      .fromSource(new PacedSequenceSource(12_000, 50, 1), null, "paced")
      .filter((v: number) => v % 12 !== 0)
      .map(new FailOnceMap<number>("finished-src", (v) => v === 9_001 && client.getMetrics().checkpointsCompleted > 3));
    paced
      .union(bounded)
      .keyBy((v: number) => ((v % 12) + 12) % 12)
      .process(new RunningCount())
      .addSink(new TransactionalCollectSink<string>("finished-src"));
    client = (await env.executeAsync("finished sources")) as JobRunner;
    await client.getJobExecutionResult();
    expect(client.getMetrics().restarts).toBe(1);
    const values = [...range(50).map((i) => i * 12 - 12_000_000), ...range(12_000).filter((v) => v % 12 !== 0)];
    expect(sorted(committedOutput<string>("finished-src"))).toEqual(sorted(expectedRunningCounts(values, (v) => ((v % 12) + 12) % 12)));
  });
});

describe("FileSink and FileSource", () => {
  const readCommitted = (dir: string): string[] => {
    const lines: string[] = [];
    for (const name of readdirSync(dir)) {
      if (name.startsWith(".")) continue;
      lines.push(...readFileSync(join(dir, name), "utf8").split("\n").filter((l) => l.length > 0));
    }
    return lines;
  };

  it("FileSink commits part files exactly once across a failure", async () => {
    const out = tmp();
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
    env
      .fromSource(new PacedSequenceSource(10_000, 100, 1), null, "paced")
      .map(new FailOnceMap<number>("filesink", (v) => v === 6_001))
      .keyBy((v: number) => v % 10)
      .process(new RunningCount())
      .sinkTo(FileSink.forRowFormat<string>(out).withBucketAssigner(new BasePathBucketAssigner()).build());
    const client = await env.executeAsync("file sink");
    await client.getJobExecutionResult();
    expect(client.getMetrics().restarts).toBe(1);
    expect(sorted(readCommitted(out))).toEqual(sorted(expectedRunningCounts(range(10_000), (v) => v % 10)));
    expect(readdirSync(out).filter((n) => !n.startsWith(".")).every((n) => /^part-[0-9a-f-]+-\d+$/.test(n))).toBe(true);
  });

  it("part files stay hidden until the checkpoint that covers them completes", async () => {
    const out = tmp();
    const env = new StreamExecutionEnvironment();
    env.enableCheckpointing(60_000);
    env.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 10, 2), null, "endless").map(String).sinkTo(
      FileSink.forRowFormat<string>(out).withBucketAssigner(() => "bucket-a").build(),
    );
    const client = (await env.executeAsync("hidden parts")) as JobRunner;
    await waitFor(() => client.getMetrics().recordsOut > 200);
    const visible = (): string[] => (existsSync(join(out, "bucket-a")) ? readdirSync(join(out, "bucket-a")).filter((n) => !n.startsWith(".")) : []);
    expect(visible()).toEqual([]);
    expect(readdirSync(join(out, "bucket-a")).some((n) => /^\.part-.*\.inprogress\./.test(n))).toBe(true);
    await client.triggerCheckpoint();
    await waitFor(() => visible().length > 0, 5_000, "commit after checkpoint");
    await client.cancel();
    const lines = readCommitted(join(out, "bucket-a")).map(Number);
    expect(lines.length).toBeGreaterThan(0);
    // Committed output is a prefix of the sequence: nothing past the checkpoint became visible.
    expect(sorted(lines.map(String))).toEqual(sorted(range(lines.length).map(String)));
  });

  it("FileSource reads text, CSV and JSON lines and resumes at its recorded position after a failure", async () => {
    const dir = tmp();
    const lines = range(3_000).map((i) => `line ${i}`);
    writeFileSync(join(dir, "a.txt"), lines.slice(0, 1_500).join("\n") + "\n");
    writeFileSync(join(dir, "b.txt"), lines.slice(1_500).join("\n"));
    writeFileSync(join(dir, ".hidden"), "ignored\n");
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
    env
      .fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).build(), null, "files")
      .map(new FailOnceMap<string>("filesource", (l) => l === "line 2500"))
      .addSink(new TransactionalCollectSink<string>("filesource"));
    await env.execute();
    expect(sorted(committedOutput<string>("filesource"))).toEqual(sorted(lines));

    const csv = join(dir, "people.csv");
    writeFileSync(csv, 'name,age\n"Doe, Jane",41\nBob,7\n');
    const rows = await new StreamExecutionEnvironment()
      .fromSource(FileSource.forRecordStreamFormat(CsvFormat.of<Record<string, string>>({ header: true }), csv).build(), null, "csv")
      .executeAndCollect();
    expect(rows).toEqual([
      { name: "Doe, Jane", age: "41" },
      { name: "Bob", age: "7" },
    ]);
    const jsonl = join(dir, "events.jsonl");
    writeFileSync(jsonl, '{"a":1}\n\n{"a":2}\n');
    const events = await new StreamExecutionEnvironment()
      .fromSource(FileSource.forRecordStreamFormat(new JsonLinesFormat<{ a: number }>(), jsonl).build(), null, "json")
      .executeAndCollect();
    expect(events).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("FileSource.monitorContinuously picks up new files", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "1.txt"), "a\nb\n");
    const env = new StreamExecutionEnvironment();
    const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).monitorContinuously(10).build();
    expect(source.boundedness).toBe("CONTINUOUS_UNBOUNDED");
    const seen: string[] = [];
    env.fromSource(source, null, "watch").addSink((l: string) => void seen.push(l));
    const client = await env.executeAsync("watch");
    await waitFor(() => seen.length === 2);
    writeFileSync(join(dir, "2.txt"), "c\n");
    await waitFor(() => seen.length === 3);
    await client.cancel();
    expect(seen).toEqual(["a", "b", "c"]);
  });
});

describe("checkpoint storage", () => {
  it("writes Flink's layout, keeps the last N, and keeps them on cancel with RETAIN_ON_CANCELLATION", async () => {
    const dir = tmp();
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(10);
    const cfg = env.getCheckpointConfig();
    cfg.setCheckpointStorage(`file://${dir}`);
    cfg.setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
    cfg.setNumRetainedCheckpoints(2);
    env.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 20, 1), null, "endless").keyBy((v: number) => v % 3).process(new RunningCount()).addSink(() => {});
    const client = (await env.executeAsync("layout")) as JobRunner;
    await waitFor(() => client.getMetrics().checkpointsCompleted >= 4);
    await client.cancel();
    const jobDir = join(dir, client.jobId);
    const chks = readdirSync(jobDir).filter((n) => n.startsWith("chk-"));
    expect(chks.length).toBe(2);
    for (const c of chks) {
      expect(readdirSync(join(jobDir, c))).toContain("_metadata");
      expect(readFileSync(join(jobDir, c, "_metadata")).subarray(0, 7).toString()).toBe("RIVULET");
    }
    expect(client.getMetrics().lastCheckpointSizeBytes).toBeGreaterThan(0);

    const env2 = new StreamExecutionEnvironment();
    env2.enableCheckpointing(10);
    env2.getCheckpointConfig().setCheckpointStorage(dir);
    env2.getCheckpointConfig().setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.DELETE_ON_CANCELLATION);
    env2.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 20, 1), null, "endless").addSink(() => {});
    const client2 = (await env2.executeAsync("deleted")) as JobRunner;
    await waitFor(() => client2.getMetrics().checkpointsCompleted >= 1);
    await client2.cancel();
    expect(existsSync(join(dir, client2.jobId))).toBe(false);
  });

  it("the asynchronous part of a checkpoint does not stall processing", async () => {
    const env = new StreamExecutionEnvironment();
    env.enableCheckpointing(3_600_000); // triggered by hand below
    env.getCheckpointConfig().setCheckpointStorage(tmp());
    let processed = 0;
    env
      .fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 2_000, 1), null, "keys")
      .keyBy((v: number) => v)
      .process(new RunningCount())
      .addSink(() => void processed++);
    const client = (await env.executeAsync("async snapshot")) as JobRunner;
    await waitFor(() => processed > 150_000, 20_000, "state to grow");
    const before = processed;
    const result = await client.triggerCheckpoint();
    const during = processed - before;
    await client.cancel();
    expect(result.sizeBytes).toBeGreaterThan(1_000_000);
    // Records kept flowing while the state was encoded and written.
    expect(during).toBeGreaterThan(0);
  });

  it("a corrupt latest checkpoint is detected and the previous one is used, with a warning", async () => {
    const dir = tmp();
    const warnings: string[] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((m: unknown) => void warnings.push(String(m)));
    try {
      const env = new StreamExecutionEnvironment().setParallelism(2);
      env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
      env.getCheckpointConfig().setCheckpointStorage(dir).setNumRetainedCheckpoints(2);
      let failed = false;
      let client!: JobRunner;
      env
        .fromSource(new PacedSequenceSource(20_000, 100, 1), null, "paced")
        .map((v: number) => {
          // Fail once two checkpoints are retained, so there is an older one to fall back to.
          if (v >= 15_000 && !failed && client.getCompletedCheckpoints().length >= 2) {
            failed = true;
            throw new Error("injected failure");
          }
          return v;
        })
        .keyBy((v: number) => v % 12)
        .process(new RunningCount())
        .addSink(new TransactionalCollectSink<string>("corrupt"));
      client = (await env.executeAsync("corrupt")) as JobRunner;
      let corrupted = "";
      client.onStatusChange((status) => {
        if (status !== "RESTARTING" || corrupted !== "") return;
        // No checkpoint completes any more: truncate a state file of the newest one the restore will consider.
        const done = client.getCompletedCheckpoints();
        const newest = done[done.length - 1]!;
        const files = readdirSync(newest.directory).filter((f) => f.endsWith(".state"));
        const victim = join(newest.directory, files.sort((a, b) => statSync(join(newest.directory, b)).size - statSync(join(newest.directory, a)).size)[0]!);
        writeFileSync(victim, readFileSync(victim).subarray(0, 10));
        corrupted = newest.directory;
      });
      await client.getJobExecutionResult();
      expect(corrupted).not.toBe("");
      expect(warnings.some((w) => /skipping checkpoint .*chk-\d+.*truncated/.test(w))).toBe(true);
      // State comes back from the older checkpoint, so nothing is lost and every key ends at its true count. When
      // the sink had already committed output of the newer (now unreadable) checkpoint, falling back replays that
      // stretch once more (exactly-once output needs the latest checkpoint to be readable): records may repeat,
      // but only records of the true output.
      const out = committedOutput<string>("corrupt");
      const expected = expectedRunningCounts(range(20_000), (v) => v % 12);
      expect([...new Set(out)].sort()).toEqual([...expected].sort());
      expect(out.length).toBeGreaterThanOrEqual(expected.length);
    } finally {
      spy.mockRestore();
    }
  });

  it("checkpoint failures beyond the tolerable number fail the job", async () => {
    class FailingSnapshots extends RichSinkFunction<number> implements CheckpointedFunction {
      invoke(): void {}
      initializeState(): void {}
      snapshotState(): void {
        throw new Error("snapshot refused");
      }
    }
    const env = new StreamExecutionEnvironment();
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.noRestart());
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(2);
    env.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 10, 1), null, "endless").addSink(new FailingSnapshots());
    const client = await env.executeAsync("declines");
    await expect(client.getJobExecutionResult()).rejects.toThrow(/Exceeded checkpoint tolerable failure threshold \(2\).*snapshot refused/);
    expect(client.getMetrics().checkpointsFailed).toBe(3);
  });
});
