import { describe, expect, it } from "vitest";
import {
  assignKeyToParallelOperator,
  pointwiseTargets,
  RichMapFunction,
  StreamExecutionEnvironment,
} from "../../host/index.js";

/** Tags each record with the index of the subtask that saw it. */
class WhereAmI<T> extends RichMapFunction<T, [T, number]> {
  map(v: T): [T, number] {
    return [v, this.getRuntimeContext().getIndexOfThisSubtask()];
  }
}

/** Tags each record with the (source subtask, per-source sequence number) it was produced as. */
class Origin extends RichMapFunction<number, { src: number; seq: number; v: number }> {
  private seq = 0;
  map(v: number): { src: number; seq: number; v: number } {
    return { src: this.getRuntimeContext().getIndexOfThisSubtask(), seq: this.seq++, v };
  }
}

describe("partitioners route as Flink's", () => {
  it("keyBy sends every record of a key to the subtask the key-group formula names", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(4);
    const words = Array.from({ length: 500 }, (_, i) => `w${i % 37}`);
    const out = await env.fromCollection(words).keyBy((w) => w).map(new WhereAmI<string>()).executeAndCollect();
    expect(out).toHaveLength(500);
    const subtaskOf = new Map<string, number>();
    for (const [w, sub] of out) {
      expect(sub).toBe(assignKeyToParallelOperator(w, 128, 4));
      if (subtaskOf.has(w)) expect(subtaskOf.get(w)).toBe(sub);
      subtaskOf.set(w, sub);
    }
    expect(new Set(subtaskOf.values()).size).toBeGreaterThan(1);
  });

  it("keyBy uses the operator's max parallelism for key groups", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(3).setMaxParallelism(7);
    const out = await env.fromSequence(0, 99).keyBy((v) => v).map(new WhereAmI<number>()).executeAndCollect();
    for (const [v, sub] of out) expect(sub).toBe(assignKeyToParallelOperator(v, 7, 3));
  });

  it("rebalance is round robin from each sender", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env.fromSequence(0, 11).rebalance().map(new WhereAmI<number>()).setParallelism(3).executeAndCollect();
    const byValue = new Map(out.map(([v, sub]) => [v, sub]));
    // The single sender starts at channel 0 (its own index) and cycles 0, 1, 2, 0, ...
    for (let v = 0; v <= 11; v++) expect(byValue.get(v)).toBe(v % 3);
  });

  it("changing parallelism without a partitioner defaults to rebalance", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env.fromSequence(0, 5).map(new WhereAmI<number>()).setParallelism(2).executeAndCollect();
    expect(new Map(out).get(0)).toBe(0);
    expect(new Map(out).get(1)).toBe(1);
  });

  it("broadcast reaches every subtask", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env.fromElements("x", "y").broadcast().map(new WhereAmI<string>()).setParallelism(3).executeAndCollect();
    expect(out.map(([v, s]) => `${v}${s}`).sort()).toEqual(["x0", "x1", "x2", "y0", "y1", "y2"]);
  });

  it("global sends everything to subtask 0", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(3);
    const out = await env.fromSequence(0, 29).global().map(new WhereAmI<number>()).executeAndCollect();
    expect(out).toHaveLength(30);
    expect(out.every(([, s]) => s === 0)).toBe(true);
  });

  it("shuffle spreads records over all subtasks", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env.fromSequence(0, 2999).shuffle().map(new WhereAmI<number>()).setParallelism(3).executeAndCollect();
    const counts = [0, 0, 0];
    for (const [, s] of out) counts[s]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it("rescale feeds a local group of receivers round robin", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env
      .fromSequence(0, 39)
      .setParallelism(2)
      .map(new Origin())
      .setParallelism(2)
      .rescale()
      .map(new WhereAmI<{ src: number; seq: number; v: number }>())
      .setParallelism(4)
      .executeAndCollect();
    for (const [rec, sub] of out) {
      // Sender 0 feeds receivers 0-1, sender 1 feeds 2-3, alternating.
      expect(sub).toBe(rec.src * 2 + (rec.seq % 2));
    }
    expect(pointwiseTargets(0, 2, 4)).toEqual([0, 1]);
    expect(pointwiseTargets(1, 2, 4)).toEqual([2, 3]);
    expect(pointwiseTargets(3, 4, 2)).toEqual([1]);
  });

  it("partitionCustom applies the user's partitioner and checks its answer", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env
      .fromSequence(0, 9)
      .partitionCustom((key: number, n: number) => (key >= 5 ? n - 1 : 0), (v) => v)
      .map(new WhereAmI<number>())
      .setParallelism(3)
      .executeAndCollect();
    for (const [v, s] of out) expect(s).toBe(v >= 5 ? 2 : 0);
    const bad = new StreamExecutionEnvironment();
    await expect(
      bad.fromSequence(0, 1).partitionCustom(() => 7, (v) => v).map((v: number) => v).setParallelism(2).executeAndCollect(),
    ).rejects.toThrow(/custom partitioner returned channel 7/);
  });

  it("forward requires equal parallelism", () => {
    const env = new StreamExecutionEnvironment();
    env.fromSequence(0, 1).forward().map((v: number) => v).setParallelism(2).print();
    expect(() => env.getExecutionPlan()).toThrow(/Forward partitioning does not allow change of parallelism/);
  });
});

describe("channels", () => {
  it("keep per-channel FIFO order from each sender", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(3);
    const out = await env
      .fromSequence(0, 29_999)
      .map(new Origin())
      .keyBy((r) => r.v % 5)
      .map(new WhereAmI<{ src: number; seq: number; v: number }>())
      .executeAndCollect();
    expect(out).toHaveLength(30_000);
    // For every (sender, receiver) pair the sequence numbers arrive increasing.
    const last = new Map<string, number>();
    for (const [rec, sub] of out) {
      const pair = `${rec.src}->${sub}`;
      expect(rec.seq).toBeGreaterThan(last.get(pair) ?? -1);
      last.set(pair, rec.seq);
    }
    expect(last.size).toBeGreaterThan(3);
  });
});
