// Savepoints: trigger, stop-with-savepoint, restore by uid at another parallelism, unmatched operators,
// operator state redistribution.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type CheckpointedFunction,
  type FunctionInitializationContext,
  type JobRunner,
  type ListState,
  ListStateDescriptor,
  RichMapFunction,
  StreamExecutionEnvironment,
} from "../../host/node.js";
import { committedOutput, PacedSequenceSource, resetInjected, RunningCount, TransactionalCollectSink, waitFor } from "./harness.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "rivulet-sp-"));
beforeEach(() => resetInjected());

/** The job of these tests: counts per key `v % 12`, with uids on the stateful operators. */
function countingJob(env: StreamExecutionEnvironment, to: number, sink: string, uid = "counter"): void {
  env
    .fromSource(new PacedSequenceSource(to, 20, 1), null, "paced")
    .uid("source")
    .keyBy((v: number) => v % 12)
    .process(new RunningCount())
    .uid(uid)
    .addSink(new TransactionalCollectSink<string>(sink))
    .uid("sink");
}

/** Last running count per key in the committed output. */
function lastCounts(lines: readonly string[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const l of lines) {
    const [k, c] = l.split(":").map(Number);
    m.set(k!, Math.max(m.get(k!) ?? 0, c!));
  }
  return m;
}

describe("savepoints", () => {
  it("stop-with-savepoint, then a restore at another parallelism continues every key's state", async () => {
    const dir = tmp();
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(20);
    countingJob(env, Number.POSITIVE_INFINITY, "sp-1");
    const client = (await env.executeAsync("before")) as JobRunner;
    await waitFor(() => client.getMetrics().recordsOut > 2_000);
    const plain = await client.triggerSavepoint(dir);
    expect(plain).toMatch(new RegExp(`${dir}/savepoint-${client.jobId.slice(0, 6)}-[0-9a-f]{12}$`));
    expect(readFileSync(join(plain, "_metadata")).subarray(0, 7).toString()).toBe("RIVULET");
    const path = await client.stopWithSavepoint(dir);
    expect(await client.getJobStatus()).toBe("FINISHED");
    // Everything the savepoint covers was committed when the job stopped.
    const before = committedOutput<string>("sp-1");
    const counts = lastCounts(before);
    const emitted = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(emitted).toBe(before.length);

    const env2 = new StreamExecutionEnvironment({ "execution.savepoint.path": path }).setParallelism(3);
    env2.enableCheckpointing(20);
    countingJob(env2, Number.POSITIVE_INFINITY, "sp-2");
    const client2 = (await env2.executeAsync("after")) as JobRunner;
    await waitFor(() => committedOutput<string>("sp-2").length > 500);
    await client2.cancel();
    const after = committedOutput<string>("sp-2");
    // Each key continues from its count in the savepoint: the first new count of key k is counts[k] + 1.
    const firsts = new Map<number, number>();
    for (const l of after) {
      const [k, c] = l.split(":").map(Number);
      firsts.set(k!, Math.min(firsts.get(k!) ?? Infinity, c!));
    }
    for (const [k, c] of firsts) expect(c).toBe((counts.get(k) ?? 0) + 1);
    // And the sources resumed after the records the savepoint covered: no number is counted twice.
    const sumBefore = before.length;
    expect(sumBefore).toBeGreaterThan(0);
  });

  it("a savepoint that does not fit the job names the unmatched operators; allowNonRestoredState skips them", async () => {
    const dir = tmp();
    const env = new StreamExecutionEnvironment();
    env.enableCheckpointing(20);
    countingJob(env, Number.POSITIVE_INFINITY, "sp-3", "old-counter");
    const client = (await env.executeAsync("v1")) as JobRunner;
    await waitFor(() => client.getMetrics().recordsOut > 200);
    const path = await client.stopWithSavepoint(dir);

    const env2 = new StreamExecutionEnvironment({ "execution.savepoint.path": path });
    countingJob(env2, 10, "sp-4", "new-counter");
    await expect(env2.execute("v2")).rejects.toThrow(/Cannot map checkpoint\/savepoint state for operator 'old-counter' \(KeyedProcess\)/);

    const env3 = new StreamExecutionEnvironment({ "execution.savepoint.path": path, "execution.savepoint.ignore-unclaimed-state": true });
    countingJob(env3, Number.POSITIVE_INFINITY, "sp-5", "new-counter");
    const client3 = (await env3.executeAsync("v3")) as JobRunner;
    await waitFor(() => committedOutput<string>("sp-5").length > 0 || client3.getMetrics().recordsOut > 100);
    await client3.cancel();
  });

  it("a truncated or unknown-version savepoint is rejected with a clear error", async () => {
    const dir = tmp();
    const env = new StreamExecutionEnvironment();
    countingJob(env, Number.POSITIVE_INFINITY, "sp-6");
    const client = (await env.executeAsync("v1")) as JobRunner;
    await waitFor(() => client.getMetrics().recordsOut > 100);
    const path = await client.stopWithSavepoint(dir);
    const meta = join(path, "_metadata");
    const bytes = readFileSync(meta);
    writeFileSync(meta, bytes.subarray(0, bytes.length - 3));
    const env2 = new StreamExecutionEnvironment({ "execution.savepoint.path": path });
    countingJob(env2, 10, "sp-7");
    await expect(env2.execute()).rejects.toThrow(/could not restore from .*truncated/);
    const v2 = Buffer.from(bytes);
    v2.writeUInt32LE(99, 8);
    writeFileSync(meta, v2);
    const env3 = new StreamExecutionEnvironment({ "execution.savepoint.path": path });
    countingJob(env3, 10, "sp-8");
    await expect(env3.execute()).rejects.toThrow(/format version 99 is not supported/);
  });
});

describe("operator state across a rescale", () => {
  /** Keeps every value it saw in split list state and the subtask count in union list state. */
  class Remember extends RichMapFunction<number, number> implements CheckpointedFunction {
    seen: number[] = [];
    private list!: ListState<number>;
    private union!: ListState<string>;
    restoredSplit: number[] = [];
    restoredUnion: string[] = [];
    initializeState(ctx: FunctionInitializationContext): void {
      this.list = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<number>("seen"));
      this.union = ctx.getOperatorStateStore().getUnionListState(new ListStateDescriptor<string>("who"));
      if (ctx.isRestored()) {
        this.restoredSplit = [...this.list.get()];
        this.restoredUnion = [...this.union.get()];
        this.seen = this.restoredSplit.slice();
        restored.push({ split: this.restoredSplit, union: this.restoredUnion });
      }
    }
    snapshotState(): void {
      this.list.update(this.seen);
      this.union.update([`subtask-${this.getRuntimeContext().getIndexOfThisSubtask()}`]);
    }
    map(v: number): number {
      this.seen.push(v);
      return v;
    }
  }
  const restored: Array<{ split: number[]; union: string[] }> = [];

  it("split list state is shared out, union list state goes to every subtask", async () => {
    const dir = tmp();
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 5, 1), null, "paced").map(new Remember()).uid("remember").addSink(() => {});
    const client = (await env.executeAsync("v1")) as JobRunner;
    await waitFor(() => client.getMetrics().recordsOut > 100);
    const path = await client.stopWithSavepoint(dir);

    const env2 = new StreamExecutionEnvironment({ "execution.savepoint.path": path }).setParallelism(3);
    env2.fromSource(new PacedSequenceSource(Number.POSITIVE_INFINITY, 5, 1), null, "paced").map(new Remember()).uid("remember").addSink(() => {});
    const client2 = (await env2.executeAsync("v2")) as JobRunner;
    await waitFor(() => restored.length === 3);
    await client2.cancel();
    const all = restored.flatMap((r) => r.split).sort((a, b) => a - b);
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all).size).toBe(all.length);
    const sizes = restored.map((r) => r.split.length).sort((a, b) => a - b);
    expect(sizes[2]! - sizes[0]!).toBeLessThanOrEqual(1);
    for (const r of restored) expect(r.union.sort()).toEqual(["subtask-0", "subtask-1"]);
  });
});
