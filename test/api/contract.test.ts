// Outside-in conformance check of /work/shared/API.md: imports ONLY from the package name, as a consumer would
// (resolved through package.json `exports["."]` to the built dist). Expected values are worked out by hand from
// Flink's semantics.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  AggregatingStateDescriptor, BasePathBucketAssigner, CheckpointingMode, ContinuousEventTimeTrigger, CountEvictor,
  CountTrigger, DefaultRollingPolicy, DeltaEvictor, EventTimeSessionWindows, EventTimeTrigger, ExternalizedCheckpointCleanup,
  FileSink, FileSource, GlobalWindows, HashMapStateBackend, KeyedBroadcastProcessFunction, KeyedProcessFunction,
  ListStateDescriptor, MapStateDescriptor, OutputTag, ProcessAllWindowFunction, ProcessFunction, ProcessJoinFunction,
  ProcessWindowFunction, ProcessingTimeSessionWindows, ProcessingTimeTrigger, PurgingTrigger, ReducingStateDescriptor,
  RestartStrategies, RichFlatMapFunction, RichMapFunction, RuntimeExecutionMode, SimpleStringEncoder,
  SlidingEventTimeWindows, SlidingProcessingTimeWindows, StateTtlConfig, StateVisibility, StreamExecutionEnvironment,
  TextLineInputFormat, Time, TimeEvictor, Trigger, TriggerResult, TumblingEventTimeWindows, TumblingProcessingTimeWindows,
  TwoPhaseCommitSinkFunction, Types, UpdateType, ValueStateDescriptor, WasmStateBackend, Watermark, WatermarkStrategy,
  BroadcastProcessFunction, CoProcessFunction, KeyedCoProcessFunction,
} from "rivulet";
import type {
  AggregateFunction, CheckpointedFunction, CheckpointListener, Collector, FunctionInitializationContext,
  FunctionSnapshotContext, JobClient, ListState, ProcessWindowContext, TimeWindow, GlobalWindow, TriggerContext,
  WatermarkOutput,
} from "rivulet";

const env = (p = 1) => StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits (up to 10 s) until the job is deployed: a loaded machine may take longer than any fixed sleep. */
async function untilRunning(client: JobClient): Promise<void> {
  for (let i = 0; i < 2_000 && (await client.getJobStatus()) !== "RUNNING"; i++) await sleep(5);
}
const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
/** Event time from the element; watermark = timestamp emitted right after each record (punctuated). */
const punctuated = <T>(ts: (e: T) => number) =>
  WatermarkStrategy.forGenerator<T>(() => ({ onEvent: (_e: T, t: number, out: WatermarkOutput) => out.emitWatermark(t - 1), onPeriodicEmit() {} }))
    .withTimestampAssigner((e) => ts(e));

// Independent Java hashCode / Flink MathUtils.murmurHash, to check key-group placement.
const imul = Math.imul;
const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
function murmur(code: number): number {
  code = imul(code, 0xcc9e2d51); code = rotl(code, 15); code = imul(code, 0x1b873593); code = rotl(code, 13);
  code = (imul(code, 5) + 0xe6546b64) | 0; code ^= 4;
  code ^= code >>> 16; code = imul(code, 0x85ebca6b); code ^= code >>> 13; code = imul(code, 0xc2b2ae35); code ^= code >>> 16;
  return code >= 0 ? code : code !== -2147483648 ? -code : 0;
}
const javaStringHash = (s: string) => { let h = 0; for (let i = 0; i < s.length; i++) h = (imul(31, h) + s.charCodeAt(i)) | 0; return h; };

describe("package resolution", () => {
  test("rivulet resolves through exports to the built Node entry", async () => {
    // Node resolves the self-reference through `exports["."].node` to the built entry, as for an installed package.
    expect(createRequire(import.meta.url).resolve("rivulet")).toMatch(/\/dist\/host\/node\.js$/);
    const mod: Record<string, unknown> = await import("rivulet");
    expect(typeof mod["nodePlatform"]).toBe("object");
  });
});

describe("time and numbers", () => {
  test("Time helpers return milliseconds; Watermark.MAX beats every timestamp", () => {
    expect([Time.milliseconds(7), Time.seconds(2), Time.minutes(1), Time.hours(1), Time.days(1)]).toEqual([7, 2000, 60000, 3600000, 86400000]);
    expect(Watermark.MAX > Number.MAX_SAFE_INTEGER).toBe(true);
    expect(Watermark.MAX > 8.64e15).toBe(true);
  });
});

describe("environment", () => {
  test("defaults and fluent settings", () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment();
    expect(e.getConfig().getAutoWatermarkInterval()).toBe(200);
    expect(e.getParallelism()).toBe(1);
    expect(e.setParallelism(3).setMaxParallelism(256).getMaxParallelism()).toBe(256);
    e.setRuntimeMode(RuntimeExecutionMode.BATCH);
    expect(e.getRuntimeMode()).toBe(RuntimeExecutionMode.BATCH);
    e.setRuntimeMode(RuntimeExecutionMode.AUTOMATIC).setRuntimeMode(RuntimeExecutionMode.STREAMING);
    e.getConfig().setAutoWatermarkInterval(50);
    expect(e.getConfig().getAutoWatermarkInterval()).toBe(50);
    e.enableCheckpointing(1000, CheckpointingMode.AT_LEAST_ONCE);
    const c = e.getCheckpointConfig();
    c.setCheckpointStorage("file:///tmp/cp");
    c.setMinPauseBetweenCheckpoints(10);
    c.setCheckpointTimeout(5000);
    c.setMaxConcurrentCheckpoints(2);
    c.setTolerableCheckpointFailureNumber(3);
    c.enableUnalignedCheckpoints();
    c.setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
    c.setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.DELETE_ON_CANCELLATION);
    expect(c.getCheckpointInterval()).toBe(1000);
    expect(c.getCheckpointingMode()).toBe(CheckpointingMode.AT_LEAST_ONCE);
    expect(c.getMinPauseBetweenCheckpoints()).toBe(10);
    expect(c.getCheckpointTimeout()).toBe(5000);
    expect(c.getMaxConcurrentCheckpoints()).toBe(2);
    expect(c.getTolerableCheckpointFailureNumber()).toBe(3);
    e.setStateBackend(new HashMapStateBackend()).setStateBackend(new WasmStateBackend());
    e.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 10));
    e.setRestartStrategy(RestartStrategies.failureRateRestart(3, 1000, 10));
    e.setRestartStrategy(RestartStrategies.noRestart());
  });

  test.each([[1, 128], [3, 128], [100, 256], [1000, 2048], [30000, 32768]])(
    "default max parallelism for p=%i is %i (min(max(pow2ceil(p + p/2), 128), 32768))",
    async (p, expected) => {
      if (p > 3) {
        // Too many subtasks to run; the graph records the operator's effective max parallelism.
        const e = env(p);
        const keyed = e.fromElements(1).keyBy((x) => x).map((x) => x);
        keyed.print();
        const plan = JSON.parse(e.getExecutionPlan()) as unknown;
        expect(JSON.stringify(plan)).toBeDefined();
        const { computeDefaultMaxParallelism } = await import("rivulet");
        expect(computeDefaultMaxParallelism(p)).toBe(expected);
        return;
      }
      class MaxP extends RichMapFunction<number, number> {
        override map() { return this.getRuntimeContext().getMaxNumberOfParallelSubtasks(); }
      }
      const out = await env(p).fromElements(1, 2, 3).keyBy((x) => x).map(new MaxP()).executeAndCollect();
      expect(new Set(out)).toEqual(new Set([expected]));
    },
  );

  test("keys go to key groups and subtasks as Flink does", async () => {
    const p = 3, maxP = 128;
    class Where extends RichMapFunction<string | number, [string | number, number]> {
      map(k: string | number): [string | number, number] { return [k, this.getRuntimeContext().getIndexOfThisSubtask()]; }
    }
    const keys: (string | number)[] = ["a", "flink", "hello world", "x", 0, 1, 42, 1000];
    const out = await env(p).fromCollection(keys).keyBy((k) => k).map(new Where()).executeAndCollect();
    for (const [k, subtask] of out) {
      const hash = typeof k === "string" ? javaStringHash(k) : k;
      const keyGroup = murmur(hash) % maxP;
      expect([k, subtask]).toEqual([k, Math.floor((keyGroup * p) / maxP)]);
    }
    expect(out.length).toBe(keys.length);
  });

  test("execute -> JobExecutionResult; counters become accumulators", async () => {
    class Count extends RichMapFunction<number, number> {
      private n!: { inc(n?: number): void };
      override open() { this.n = this.getRuntimeContext().getMetricGroup().counter("seen"); }
      map(x: number) { this.n.inc(); return x; }
    }
    const e = env(2);
    e.fromSequence(1, 10).map(new Count()).addSink(() => {});
    const r = await e.execute("acc-job");
    expect(typeof r.jobId).toBe("string");
    expect(r.netRuntimeMs).toBeGreaterThanOrEqual(0);
    expect(r.accumulators.seen).toBe(10);
  });

  test("BATCH mode: rolling reduce emits only the final value per key", async () => {
    const e = env().setRuntimeMode(RuntimeExecutionMode.BATCH);
    const out = await e.fromElements(["a", 1], ["b", 2], ["a", 3]).keyBy((t) => t[0]).sum(1).executeAndCollect();
    expect(sorted(out)).toEqual([["a", 4], ["b", 2]]);
  });

  test("restart strategies: fixedDelayRestart recovers, noRestart fails", async () => {
    let failures = 0;
    const job = (strategy: ReturnType<typeof RestartStrategies.noRestart>) => {
      failures = 0;
      const e = env().setRestartStrategy(strategy);
      e.fromElements(1, 2, 3).map((x) => { if (x === 2 && failures++ === 0) throw new Error("boom"); return x; }).addSink(() => {});
      return e.execute();
    };
    await expect(job(RestartStrategies.fixedDelayRestart(2, 1))).resolves.toBeDefined();
    await expect(job(RestartStrategies.failureRateRestart(2, 60_000, 1))).resolves.toBeDefined();
    await expect(job(RestartStrategies.noRestart())).rejects.toThrow();
  });

  test("executeAsync -> JobClient", async () => {
    const e = env();
    let running = true;
    e.addSource<number>({ async run(ctx) { let i = 0; while (running) { ctx.collect(i++); await sleep(2); } }, cancel() { running = false; } })
      .addSink(() => {});
    const client: JobClient = await e.executeAsync("async-job");
    expect(typeof client.jobId).toBe("string");
    await untilRunning(client);
    expect(await client.getJobStatus()).toBe("RUNNING");
    const dir = mkdtempSync(join(tmpdir(), "rivulet-sp-"));
    const sp = await client.triggerSavepoint(dir);
    expect(readdirSync(sp)).toContain("_metadata");
    await client.cancel();
    expect(await client.getJobStatus()).toBe("CANCELED");

    running = true;
    const e2 = env();
    e2.addSource<number>({ async run(ctx) { let i = 0; while (running) { ctx.collect(i++); await sleep(2); } }, cancel() { running = false; } })
      .uid("src").addSink(() => {});
    const c2 = await e2.executeAsync();
    await untilRunning(c2);
    const sp2 = await c2.stopWithSavepoint(dir);
    expect(readdirSync(sp2)).toContain("_metadata");
    const r = await c2.getJobExecutionResult();
    expect(r.jobId).toBe(c2.jobId);
    expect(await c2.getJobStatus()).toBe("FINISHED");
  });
});

describe("sources", () => {
  test("fromElements, fromCollection (sync and async), fromSequence", async () => {
    expect(await env().fromElements(1, 2, 3).executeAndCollect()).toEqual([1, 2, 3]);
    expect(await env().fromCollection(new Set(["a", "b"])).executeAndCollect()).toEqual(["a", "b"]);
    async function* gen() { yield 1; await sleep(1); yield 2; }
    expect(await env().fromCollection(gen()).executeAndCollect()).toEqual([1, 2]);
    expect(await env().fromSequence(3, 6).executeAndCollect()).toEqual([3, 4, 5, 6]);
    expect(await env().fromSequence(1, 100).executeAndCollect(5)).toHaveLength(5);
  });

  test("readTextFile and FileSource", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-src-"));
    const f = join(dir, "in.txt");
    writeFileSync(f, "one\ntwo\nthree\n");
    expect(await env().readTextFile(f).executeAndCollect()).toEqual(["one", "two", "three"]);
    const src = FileSource.forRecordStreamFormat(new TextLineInputFormat(), f).build();
    expect(await env().fromSource(src, WatermarkStrategy.noWatermarks(), "file").executeAndCollect()).toEqual(["one", "two", "three"]);
  });

  test("socketTextStream with a custom delimiter", async () => {
    const server = createServer((s) => s.end("a;b;c;")).listen(0, "127.0.0.1");
    await once(server, "listening");
    const lines = env().socketTextStream("127.0.0.1", (server.address() as AddressInfo).port, ";").executeAndCollect();
    await expect(lines.finally(() => server.close())).resolves.toEqual(["a", "b", "c"]);
  });

  test("addSource: collect, collectWithTimestamp, emitWatermark", async () => {
    const e = env();
    const seen: Array<[number, number | null, number]> = [];
    e.addSource<number>({
      run(ctx) { ctx.collect(1); ctx.collectWithTimestamp(2, 20); ctx.emitWatermark(20); ctx.collectWithTimestamp(3, 30); },
      cancel() {},
    }).process({ processElement(v: number, ctx, out: Collector<number>) { seen.push([v, ctx.timestamp(), ctx.timerService().currentWatermark()]); out.collect(v); } })
      .addSink(() => {});
    await e.execute();
    expect(seen[0]![0]).toBe(1);
    expect(seen[0]![1]).toBeNull();
    expect(seen.slice(1)).toEqual([[2, 20, seen[1]![2]], [3, 30, 20]]);
    expect(seen[1]![2]).toBeLessThan(20);
  });
});

describe("DataStream", () => {
  test("map, filter, flatMap with collector and returning an iterable", async () => {
    const s = env().fromElements("a b", "c");
    expect(await s.map((x) => x.length).executeAndCollect()).toEqual([3, 1]);
    expect(await env().fromElements(1, 2, 3, 4).filter((x) => x % 2 === 0).executeAndCollect()).toEqual([2, 4]);
    expect(await env().fromElements("a b", "c").flatMap((l: string, out: Collector<string>) => { for (const w of l.split(" ")) out.collect(w); }).executeAndCollect())
      .toEqual(["a", "b", "c"]);
    expect(await env().fromElements("a b", "c").flatMap((l: string) => l.split(" ")).executeAndCollect()).toEqual(["a", "b", "c"]);
    class Dup extends RichFlatMapFunction<number, number> { flatMap(v: number, out: Collector<number>) { out.collect(v); out.collect(v); } }
    expect(await env().fromElements(7).flatMap(new Dup()).executeAndCollect()).toEqual([7, 7]);
  });

  test("keyBy(fieldName) + sum(property)", async () => {
    const out = await env().fromElements({ w: "a", n: 1 }, { w: "b", n: 5 }, { w: "a", n: 2 }).keyBy("w").sum("n").executeAndCollect();
    expect(out).toEqual([{ w: "a", n: 1 }, { w: "b", n: 5 }, { w: "a", n: 3 }]);
  });

  test("rolling min/max keep other fields of the first record; minBy/maxBy return the record", async () => {
    const data: Array<[string, number, string]> = [["k", 2, "a"], ["k", 1, "b"], ["k", 3, "c"]];
    const keyed = () => env().fromCollection(data).keyBy((t) => t[0]);
    expect(await keyed().sum(1).executeAndCollect()).toEqual([["k", 2, "a"], ["k", 3, "a"], ["k", 6, "a"]]);
    expect(await keyed().min(1).executeAndCollect()).toEqual([["k", 2, "a"], ["k", 1, "a"], ["k", 1, "a"]]);
    expect(await keyed().max(1).executeAndCollect()).toEqual([["k", 2, "a"], ["k", 2, "a"], ["k", 3, "a"]]);
    expect(await keyed().minBy(1).executeAndCollect()).toEqual([["k", 2, "a"], ["k", 1, "b"], ["k", 1, "b"]]);
    expect(await keyed().maxBy(1).executeAndCollect()).toEqual([["k", 2, "a"], ["k", 2, "a"], ["k", 3, "c"]]);
    const objs = [{ k: "x", v: 2, t: "a" }, { k: "x", v: 1, t: "b" }];
    expect(await env().fromCollection(objs).keyBy("k").min("v").executeAndCollect()).toEqual([{ k: "x", v: 2, t: "a" }, { k: "x", v: 1, t: "a" }]);
    expect(await env().fromCollection(objs).keyBy("k").minBy("v").executeAndCollect()).toEqual([objs[0], objs[1]]);
    expect(await env().fromCollection(objs).keyBy("k").max("v").executeAndCollect()).toEqual([objs[0], objs[0]]);
    expect(await env().fromCollection(objs).keyBy("k").maxBy("v").executeAndCollect()).toEqual([objs[0], objs[0]]);
    expect(await env().fromElements(1, 2, 3).keyBy(() => 0).reduce((a, b) => a * 10 + b).executeAndCollect()).toEqual([1, 12, 123]);
  });

  test("process (class and object literal) with side output; union", async () => {
    const odd = new OutputTag<string>("odd");
    class Split extends ProcessFunction<number, number> {
      processElement(v: number, ctx: { output<X>(t: OutputTag<X>, x: X): void }, out: Collector<number>) { if (v % 2) ctx.output(odd, `o${v}`); else out.collect(v); }
    }
    const e = env();
    const main = e.fromElements(1, 2, 3, 4).process(new Split());
    const side = main.getSideOutput(odd);
    const lit = e.fromElements(10).process({ processElement(v: number, _ctx: unknown, out: Collector<number>) { out.collect(v + 1); } });
    const u = main.map(String).union(side, lit.map(String));
    expect(sorted(await u.executeAndCollect())).toEqual(["11", "2", "4", "o1", "o3"]);
  });

  test("connect: map, flatMap, process, keyBy + KeyedCoProcessFunction", async () => {
    const e = env();
    const a = e.fromElements(1, 2), b = e.fromElements("x");
    expect(sorted(await a.connect(b).map({ map1: (x: number) => `n${x}`, map2: (s: string) => `s${s}` }).executeAndCollect())).toEqual(["n1", "n2", "sx"]);
    const e2 = env();
    expect(sorted(await e2.fromElements(1).connect(e2.fromElements("y")).flatMap({
      flatMap1: (x: number, out: Collector<string>) => out.collect(`${x}${x}`), flatMap2: (s: string, out: Collector<string>) => out.collect(s),
    }).executeAndCollect())).toEqual(["11", "y"]);
    const e3 = env();
    class Co extends CoProcessFunction<number, string, string> {
      processElement1(v: number, _c: unknown, out: Collector<string>) { out.collect(`1:${v}`); }
      processElement2(v: string, _c: unknown, out: Collector<string>) { out.collect(`2:${v}`); }
    }
    expect(sorted(await e3.fromElements(5).connect(e3.fromElements("z")).process(new Co()).executeAndCollect())).toEqual(["1:5", "2:z"]);
    // keyed: totals per key across both inputs, emitted at end of input by an event-time timer
    const e4 = env(2);
    const nums = e4.fromElements<[string, number]>(["a", 1], ["b", 2], ["a", 3]);
    const more = e4.fromElements<[string, number]>(["a", 10], ["b", 20]);
    class Total extends KeyedCoProcessFunction<string, [string, number], [string, number], string> {
      private s!: import("rivulet").ValueState<number>;
      override open() { this.s = this.getRuntimeContext().getState(new ValueStateDescriptor("t", Types.INT, 0)); }
      add(v: number, ctx: { timerService(): { registerEventTimeTimer(t: number): void } }) { this.s.update((this.s.value() ?? 0) + v); ctx.timerService().registerEventTimeTimer(100); }
      override processElement1(v: [string, number], ctx: never) { this.add(v[1], ctx); }
      override processElement2(v: [string, number], ctx: never) { this.add(v[1], ctx); }
      override onTimer(_t: number, ctx: import("rivulet").KeyedOnTimerContext<string>, out: Collector<string>) { out.collect(`${ctx.getCurrentKey()}=${this.s.value()}`); }
    }
    const ts = WatermarkStrategy.forMonotonousTimestamps<[string, number]>().withTimestampAssigner(() => 1);
    const out = await nums.assignTimestampsAndWatermarks(ts).connect(more.assignTimestampsAndWatermarks(ts))
      .keyBy((x) => x[0], (y) => y[0]).process(new Total()).executeAndCollect();
    expect(sorted(out)).toEqual(["a=14", "b=22"]);
  });

  test("broadcast state: BroadcastProcessFunction and KeyedBroadcastProcessFunction", async () => {
    const rules = new MapStateDescriptor<string, number>("rules", Types.STRING, Types.INT);
    const e = env(2);
    const bc = e.fromElements<[string, number]>(["mult", 10]).broadcast(rules);
    class NonKeyed extends BroadcastProcessFunction<number, [string, number], string> {
      processElement(v: number, _ctx: unknown, out: Collector<string>) { out.collect(`v${v}`); }
      processBroadcastElement(r: [string, number], ctx: { getBroadcastState(d: typeof rules): { put(k: string, v: number): void } }, out: Collector<string>) {
        ctx.getBroadcastState(rules).put(r[0], r[1]); out.collect(`rule${r[1]}`);
      }
    }
    const out = await e.fromElements(1, 2).connect(bc).process(new NonKeyed()).executeAndCollect();
    // the broadcast element reaches both parallel instances
    expect(sorted(out)).toEqual(["rule10", "rule10", "v1", "v2"]);

    const e2 = env(2);
    const bc2 = e2.fromElements<[string, number]>(["mult", 10]).broadcast(rules);
    class Keyed extends KeyedBroadcastProcessFunction<string, [string, number], [string, number], string> {
      override processElement(v: [string, number], ctx: { timerService(): { registerEventTimeTimer(t: number): void } }) {
        const l = this.getRuntimeContext().getListState(new ListStateDescriptor<number>("vals"));
        l.add(v[1]);
        ctx.timerService().registerEventTimeTimer(50);
      }
      processBroadcastElement(r: [string, number], ctx: { getBroadcastState(d: typeof rules): { put(k: string, v: number): void } }) { ctx.getBroadcastState(rules).put(r[0], r[1]); }
      override onTimer(_t: number, ctx: { getCurrentKey(): string; getBroadcastState(d: typeof rules): { get(k: string): number | null } }, out: Collector<string>) {
        const m = ctx.getBroadcastState(rules).get("mult") ?? 0;
        const l = [...this.getRuntimeContext().getListState(new ListStateDescriptor<number>("vals")).get()];
        out.collect(`${ctx.getCurrentKey()}:${l.reduce((a, b) => a + b, 0) * m}`);
      }
    }
    const main = e2.fromElements<[string, number]>(["a", 1], ["b", 2], ["a", 3])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<[string, number]>().withTimestampAssigner(() => 1));
    const out2 = await main.keyBy((x) => x[0]).connect(bc2).process(new Keyed()).executeAndCollect();
    expect(sorted(out2)).toEqual(["a:40", "b:20"]);
  });

  test("partitioners route records to subtasks", async () => {
    class Sub extends RichMapFunction<number, [number, number]> {
      map(v: number): [number, number] { return [this.getRuntimeContext().getIndexOfThisSubtask(), v]; }
    }
    const counts = (xs: Array<[number, number]>) => [xs.filter((x) => x[0] === 0).length, xs.filter((x) => x[0] === 1).length];
    const base = () => env(1).fromElements(1, 2, 3, 4, 5, 6);
    expect(counts(await base().rebalance().map(new Sub()).setParallelism(2).executeAndCollect())).toEqual([3, 3]);
    expect(counts(await base().rescale().map(new Sub()).setParallelism(2).executeAndCollect())).toEqual([3, 3]);
    expect(counts(await base().global().map(new Sub()).setParallelism(2).executeAndCollect())).toEqual([6, 0]);
    expect(counts(await base().broadcast().map(new Sub()).setParallelism(2).executeAndCollect())).toEqual([6, 6]);
    expect((await base().shuffle().map(new Sub()).setParallelism(2).executeAndCollect()).length).toBe(6);
    expect(counts(await base().forward().map(new Sub()).executeAndCollect())).toEqual([6, 0]);
    const custom = await base().partitionCustom((k: number, n: number) => k % n, (x) => x).map(new Sub()).setParallelism(2).executeAndCollect();
    for (const [sub, v] of custom) expect(sub).toBe(v % 2);
    const obj = await base().partitionCustom({ partition: () => 1 }, (x) => x).map(new Sub()).setParallelism(2).executeAndCollect();
    expect(counts(obj)).toEqual([0, 6]);
  });

  test("operator settings chain fluently; print and writeAsText sinks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-out-"));
    const e = env();
    const s = e.fromElements(1, 2).name("src").uid("src").map((x) => x * 2).name("double").uid("double")
      .setParallelism(1).setMaxParallelism(64).disableChaining().startNewChain();
    s.print("p");
    s.writeAsText(join(dir, "out.txt"));
    await e.execute();
    expect(readFileSync(join(dir, "out.txt"), "utf8").trim().split("\n")).toEqual(["2", "4"]);
  });
});

type Ev = { k: string; ts: number; v: number };
const ev = (k: string, ts: number, v = 1): Ev => ({ k, ts, v });
const timed = (e: ReturnType<typeof env>, ...xs: Ev[]) => e.fromCollection(xs).assignTimestampsAndWatermarks(punctuated<Ev>((x) => x.ts));
class Describe extends ProcessWindowFunction<Ev, string, string, TimeWindow> {
  process(key: string, ctx: ProcessWindowContext<TimeWindow>, els: Iterable<Ev>, out: Collector<string>) {
    const w = ctx.window();
    out.collect(`${key}[${w.start},${w.end})${w.maxTimestamp()}:${[...els].map((x) => x.v).join("+")}`);
  }
}

describe("windows", () => {
  test("tumbling (with offset), sliding, session (static and dynamic gap) event-time windows", async () => {
    const e = env();
    const tumbling = await timed(e, ev("a", 1), ev("a", 9, 2), ev("a", 12, 3)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(10)).process(new Describe()).executeAndCollect();
    expect(tumbling).toEqual(["a[0,10)9:1+2", "a[10,20)19:3"]);
    const off = await timed(env(), ev("a", 12), ev("a", 13, 2)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(10, 3)).process(new Describe()).executeAndCollect();
    expect(off).toEqual(["a[3,13)12:1", "a[13,23)22:2"]);
    const sliding = await timed(env(), ev("a", 12)).keyBy((x) => x.k).window(SlidingEventTimeWindows.of(10, 5)).process(new Describe()).executeAndCollect();
    expect(sorted(sliding)).toEqual(["a[10,20)19:1", "a[5,15)14:1"]);
    const sessions = await timed(env(), ev("a", 1), ev("a", 3, 2), ev("a", 10, 3), ev("a", 20, 4), ev("a", 22, 5)).keyBy((x) => x.k)
      .window(EventTimeSessionWindows.withGap(5)).process(new Describe()).executeAndCollect();
    expect(sessions).toEqual(["a[1,8)7:1+2", "a[10,15)14:3", "a[20,27)26:4+5"]);
    const dyn = await timed(env(), ev("a", 1, 20), ev("a", 15, 1)).keyBy((x) => x.k)
      .window(EventTimeSessionWindows.withDynamicGap((x: Ev) => x.v)).process(new Describe()).executeAndCollect();
    expect(dyn).toEqual(["a[1,21)20:20+1"]);
    expect(TumblingProcessingTimeWindows.of(Time.seconds(1))).toBeDefined();
    expect(SlidingProcessingTimeWindows.of(1000, 500)).toBeDefined();
    expect(ProcessingTimeSessionWindows.withGap(1000)).toBeDefined();
    expect(ProcessingTimeSessionWindows.withDynamicGap(() => 5)).toBeDefined();
    expect(ProcessingTimeTrigger.create()).toBeDefined();
  });

  test("reduce/aggregate with window function, apply, and sum/min/max/minBy/maxBy", async () => {
    const input = () => timed(env(), ev("a", 1, 3), ev("a", 2, 1), ev("a", 3, 2)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(10));
    expect(await input().reduce((a, b) => ({ ...a, v: a.v + b.v })).map((x) => x.v).executeAndCollect()).toEqual([6]);
    expect(await input().reduce((a, b) => ({ ...a, v: a.v + b.v }), {
      process(key: string, ctx: ProcessWindowContext<TimeWindow>, els: Iterable<Ev>, out: Collector<string>) { out.collect(`${key}@${ctx.window().end}=${[...els][0]!.v}`); },
    }).executeAndCollect()).toEqual(["a@10=6"]);
    const avg: AggregateFunction<Ev, [number, number], number> = {
      createAccumulator: () => [0, 0], add: (x, acc) => [acc[0] + x.v, acc[1] + 1], getResult: (acc) => acc[0] / acc[1], merge: (a, b) => [a[0] + b[0], a[1] + b[1]],
    };
    expect(await input().aggregate(avg).executeAndCollect()).toEqual([2]);
    expect(await input().aggregate(avg, (key: string, w: TimeWindow, vals: Iterable<number>, out: Collector<string>) => out.collect(`${key}${w.start}:${[...vals][0]}`)).executeAndCollect()).toEqual(["a0:2"]);
    expect(await input().apply((key: string, w: TimeWindow, vals: Iterable<Ev>, out: Collector<number>) => out.collect([...vals].length)).executeAndCollect()).toEqual([3]);
    expect(await input().sum("v").map((x) => x.v).executeAndCollect()).toEqual([6]);
    expect(await input().min("v").map((x) => [x.ts, x.v]).executeAndCollect()).toEqual([[1, 1]]);
    expect(await input().max("v").map((x) => [x.ts, x.v]).executeAndCollect()).toEqual([[1, 3]]);
    expect(await input().minBy("v").map((x) => [x.ts, x.v]).executeAndCollect()).toEqual([[2, 1]]);
    expect(await input().maxBy("v").map((x) => [x.ts, x.v]).executeAndCollect()).toEqual([[1, 3]]);
    const tuples = env().fromElements<[string, number]>(["a", 1], ["a", 2]).keyBy((t) => t[0]).countWindow(2);
    expect(await tuples.sum(1).executeAndCollect()).toEqual([["a", 3]]);
  });

  test("windowAll + ProcessAllWindowFunction, countWindowAll(size, slide), countWindow", async () => {
    class All extends ProcessAllWindowFunction<Ev, string, TimeWindow> {
      process(ctx: ProcessWindowContext<TimeWindow>, els: Iterable<Ev>, out: Collector<string>) { out.collect(`${ctx.window().start}:${[...els].length}`); }
    }
    expect(await timed(env(), ev("a", 1), ev("b", 2), ev("c", 11)).windowAll(TumblingEventTimeWindows.of(10)).process(new All()).executeAndCollect()).toEqual(["0:2", "10:1"]);
    expect(await env().fromElements(1, 2, 3, 4, 5).countWindowAll(3, 2).reduce((a, b) => a + b).executeAndCollect()).toEqual([3, 9]);
    expect(await env().fromElements(1, 2, 3, 4, 5).countWindowAll(2).reduce((a, b) => a + b).executeAndCollect()).toEqual([3, 7]);
    expect(await env().fromElements(1, 2, 3, 4, 5, 6, 7).keyBy(() => "k").countWindow(3).reduce((a, b) => a + b).executeAndCollect()).toEqual([6, 15]);
    expect(await env().fromElements(1, 2, 3, 4, 5).keyBy(() => "k").countWindow(3, 2).reduce((a, b) => a + b).executeAndCollect()).toEqual([3, 9]);
  });

  test("triggers: Count, Purging, ContinuousEventTime, EventTime, custom", async () => {
    const g = () => env().fromElements(1, 2, 3, 4, 5).keyBy(() => "k").window(GlobalWindows.create());
    expect(await g().trigger(CountTrigger.of(2)).reduce((a, b) => a + b).executeAndCollect()).toEqual([3, 10]);
    expect(await g().trigger(PurgingTrigger.of(CountTrigger.of(2))).reduce((a, b) => a + b).executeAndCollect()).toEqual([3, 7]);
    // continuous: fires at 10 (records 1 and 15 seen), then at 20..90 and at the window end 99 with all three
    const cont = await timed(env(), ev("a", 1, 1), ev("a", 15, 15), ev("a", 35, 35)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(100))
      .trigger(ContinuousEventTimeTrigger.of(10)).reduce((a, b) => ({ ...a, v: a.v + b.v })).map((x) => x.v).executeAndCollect();
    expect(cont).toEqual([16, 51, 51, 51, 51, 51, 51, 51, 51, 51]);
    expect(await timed(env(), ev("a", 1), ev("a", 2)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(10)).trigger(EventTimeTrigger.create())
      .reduce((a, b) => ({ ...a, v: a.v + b.v })).map((x) => x.v).executeAndCollect()).toEqual([2]);
    // custom: fire-and-purge on a negative element, never on time
    class OnNegative extends Trigger<number, GlobalWindow> {
      onElement(el: number) { return el < 0 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE; }
      onEventTime() { return TriggerResult.CONTINUE; }
      onProcessingTime() { return TriggerResult.CONTINUE; }
      clear() {}
    }
    expect(await env().fromElements(1, 2, -1, 5, -2, 7).keyBy(() => 0).window(GlobalWindows.create()).trigger(new OnNegative())
      .reduce((a, b) => a + b).executeAndCollect()).toEqual([2, 3]);
    const lit = { onElement: (_e: number, _t: number, _w: GlobalWindow, _c: TriggerContext) => TriggerResult.FIRE, onEventTime: () => TriggerResult.CONTINUE, onProcessingTime: () => TriggerResult.PURGE, clear() {} };
    expect(await env().fromElements(1, 2).keyBy(() => 0).window(GlobalWindows.create()).trigger(lit).reduce((a, b) => a + b).executeAndCollect()).toEqual([1, 3]);
  });

  test("evictors: Count (before/after), Time, Delta", async () => {
    const g = () => env().fromElements(1, 2, 3, 4, 5, 6).keyBy(() => 0).window(GlobalWindows.create()).trigger(CountTrigger.of(3));
    const sum = (_k: number, _w: GlobalWindow, xs: Iterable<number>, out: Collector<number>) => out.collect([...xs].reduce((a, b) => a + b, 0));
    expect(await g().evictor(CountEvictor.of(2)).apply(sum).executeAndCollect()).toEqual([5, 11]);
    expect(await g().evictor(CountEvictor.of(2, true)).apply(sum).executeAndCollect()).toEqual([6, 20]);
    const byTime = await timed(env(), ev("a", 1, 1), ev("a", 50, 50), ev("a", 90, 90)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(100))
      .evictor(TimeEvictor.of(45)).process(new Describe()).executeAndCollect();
    expect(byTime).toEqual(["a[0,100)99:50+90"]);
    const delta = await env().fromElements(1, 5, 8, 9).keyBy(() => 0).window(GlobalWindows.create()).trigger(CountTrigger.of(4))
      .evictor(DeltaEvictor.of(3, (a: number, b: number) => Math.abs(a - b))).apply(sum).executeAndCollect();
    expect(delta).toEqual([17]);
  });

  test("lateness: dropped, late side output, allowedLateness re-fires; window/global state; clear", async () => {
    const late = new OutputTag<Ev>("late");
    // 12 moves the watermark to 11 > 9 = maxTimestamp of [0,10): 5 is late
    const w = timed(env(), ev("a", 1, 1), ev("a", 12, 12), ev("a", 5, 5)).keyBy((x) => x.k).window(TumblingEventTimeWindows.of(10))
      .sideOutputLateData(late).process(new Describe());
    const lateOut = w.getSideOutput(late).map((x) => `late${x.v}`);
    expect(sorted(await w.union(lateOut).executeAndCollect())).toEqual(["a[0,10)9:1", "a[10,20)19:12", "late5"]);

    const cleared: string[] = [];
    const info = new OutputTag<string>("info");
    class Stateful extends ProcessWindowFunction<Ev, string, string, TimeWindow> {
      process(key: string, ctx: ProcessWindowContext<TimeWindow>, els: Iterable<Ev>, out: Collector<string>) {
        const fired = ctx.windowState().getState(new ValueStateDescriptor<number>("fired", Types.INT, 0));
        fired.update((fired.value() ?? 0) + 1);
        const total = ctx.globalState().getState(new ValueStateDescriptor<number>("total", Types.INT, 0));
        total.update((total.value() ?? 0) + 1);
        ctx.output(info, `wm${ctx.currentWatermark() >= 9 ? "ok" : "bad"}pt${ctx.currentProcessingTime() > 0}`);
        out.collect(`${key}${ctx.window().start}#${fired.value()}/${total.value()}:${[...els].map((x) => x.v).join("+")}`);
      }
      override clear(ctx: ProcessWindowContext<TimeWindow>) { cleared.push(`${ctx.window().start}`); ctx.windowState().getState(new ValueStateDescriptor<number>("fired", Types.INT, 0)).clear(); }
    }
    // allowedLateness 5: 5 arrives at watermark 11 < 9 + 5 -> re-fires [0,10); 30 moves the watermark past 14 -> cleanup
    const w2 = timed(env(), ev("a", 1, 1), ev("a", 12, 12), ev("a", 5, 5), ev("a", 30, 30), ev("a", 6, 6)).keyBy((x) => x.k)
      .window(TumblingEventTimeWindows.of(10)).allowedLateness(5).sideOutputLateData(late).process(new Stateful());
    const all = await w2.union(w2.getSideOutput(late).map((x) => `late${x.v}`), w2.getSideOutput(info).filter((s) => s !== "wmokpttrue")).executeAndCollect();
    expect(sorted(all)).toEqual(["a0#1/1:1", "a0#2/2:1+5", "a10#1/3:12", "a30#1/4:30", "late6"]);
    expect(cleared).toEqual(["0", "10", "30"]);
  });
});

describe("joins", () => {
  test("window join and coGroup", async () => {
    const e = env();
    const l = timed(e, ev("a", 1, 1), ev("a", 2, 2), ev("b", 3, 3), ev("a", 15, 4));
    const r = timed(e, ev("a", 5, 10), ev("c", 6, 20), ev("a", 16, 30));
    const joined = await l.join(r).where((x) => x.k).equalTo((y) => y.k).window(TumblingEventTimeWindows.of(10)).apply((x: Ev, y: Ev) => x.v + y.v).executeAndCollect();
    expect(joined.sort((a, b) => a - b)).toEqual([11, 12, 34]);
    const e2 = env();
    const l2 = timed(e2, ev("a", 1, 1), ev("a", 2, 2), ev("b", 3, 3));
    const r2 = timed(e2, ev("a", 5, 10), ev("c", 6, 20));
    const cg = await l2.coGroup(r2).where((x) => x.k).equalTo((y) => y.k).window(TumblingEventTimeWindows.of(10))
      .apply((ls: Iterable<Ev>, rs: Iterable<Ev>, out: Collector<string>) => out.collect(`${[...ls].length}/${[...rs].length}`)).executeAndCollect();
    expect(sorted(cg)).toEqual(["0/1", "1/0", "2/1"]);
  });

  test("intervalJoin with inclusive and exclusive bounds", async () => {
    const run = async (lowerExclusive: boolean, upperExclusive: boolean) => {
      const e = env();
      const left = timed(e, ev("k", 10, 0)).keyBy((x) => x.k);
      const right = timed(e, ev("k", 7, 7), ev("k", 8, 8), ev("k", 10, 10), ev("k", 12, 12), ev("k", 15, 15)).keyBy((x) => x.k);
      class J extends ProcessJoinFunction<Ev, Ev, number> {
        processElement(_l: Ev, r: Ev, ctx: { getTimestamp(): number }, out: Collector<number>) { expect(ctx.getTimestamp()).toBe(Math.max(10, r.ts)); out.collect(r.v); }
      }
      let joined = left.intervalJoin(right).between(-2, 2);
      if (lowerExclusive) joined = joined.lowerBoundExclusive();
      if (upperExclusive) joined = joined.upperBoundExclusive();
      return (await joined.process(new J()).executeAndCollect()).sort((a, b) => a - b);
    };
    expect(await run(false, false)).toEqual([8, 10, 12]);
    expect(await run(true, false)).toEqual([10, 12]);
    expect(await run(false, true)).toEqual([8, 10]);
    expect(await run(true, true)).toEqual([10]);
  });
});

describe("process functions and timers", () => {
  test("KeyedProcessFunction: timers per key and timestamp, deduplicated, deletable, ctx methods", async () => {
    class Timers extends KeyedProcessFunction<string, Ev, string> {
      processElement(v: Ev, ctx: import("rivulet").KeyedProcessContext<string>, out: Collector<string>) {
        out.collect(`el ${ctx.getCurrentKey()} ${ctx.timestamp()}`);
        ctx.timerService().registerEventTimeTimer(100);
        ctx.timerService().registerEventTimeTimer(100);
        ctx.timerService().registerEventTimeTimer(v.ts + 5);
        if (v.v === 0) ctx.timerService().deleteEventTimeTimer(v.ts + 5);
      }
      override onTimer(t: number, ctx: import("rivulet").KeyedOnTimerContext<string>, out: Collector<string>) { out.collect(`timer ${ctx.getCurrentKey()} ${t} ${ctx.timeDomain()}`); }
    }
    const out = await timed(env(), ev("a", 1, 1), ev("b", 2, 0), ev("a", 20, 1)).keyBy((x) => x.k).process(new Timers()).executeAndCollect();
    // watermark 19 after the third record fires a@6; end of input fires a@25, a@100, b@100 (b@7 was deleted)
    expect(out).toEqual(["el a 1", "el b 2", "el a 20", "timer a 6 EVENT_TIME", "timer a 25 EVENT_TIME", "timer a 100 EVENT_TIME", "timer b 100 EVENT_TIME"]);
  });

  test("object-literal KeyedProcessFunction with processing-time timers (incl. delete)", async () => {
    const e = env();
    const fired: string[] = [];
    // the source stays open until x's timer fired (at most 10 s), then a little longer for y's, which was deleted
    e.addSource<string>({ async run(ctx) { ctx.collect("x"); ctx.collect("y"); for (let i = 0; i < 2_000 && fired.length === 0; i++) await sleep(5); await sleep(50); }, cancel() {} })
      .keyBy((s) => s)
      .process({
        processElement(v: string, ctx: import("rivulet").KeyedProcessContext<string>) {
          const now = ctx.timerService().currentProcessingTime();
          ctx.timerService().registerProcessingTimeTimer(now + 10);
          if (v === "y") ctx.timerService().deleteProcessingTimeTimer(now + 10);
        },
        onTimer(_t: number, ctx: import("rivulet").KeyedOnTimerContext<string>) { fired.push(`${ctx.getCurrentKey()} ${ctx.timeDomain()}`); },
      }).addSink(() => {});
    await e.execute();
    expect(fired).toEqual(["x PROCESSING_TIME"]);
  });

  test("rich function runtime context", async () => {
    const seen: string[] = [];
    class Ctx extends RichMapFunction<number, number> {
      override open() { const c = this.getRuntimeContext(); seen.push(`${c.getTaskName()}|${c.getIndexOfThisSubtask()}/${c.getNumberOfParallelSubtasks()}`); }
      override close() { seen.push("closed"); }
      map(x: number) { return x; }
    }
    const e = env(2);
    e.fromElements(1).map(new Ctx()).name("my-map").disableChaining().addSink(() => {});
    await e.execute();
    expect(sorted(seen)).toEqual(["closed", "closed", "my-map|0/2", "my-map|1/2"]);
  });
});

describe.each([["HashMapStateBackend", () => new HashMapStateBackend()], ["WasmStateBackend", () => new WasmStateBackend()]])("state on %s", (_n, backend) => {
  test("value (default), list, map, reducing, aggregating state", async () => {
    class AllStates extends RichMapFunction<[string, number], string> {
      private v!: import("rivulet").ValueState<number>;
      private l!: ListState<number>;
      private m!: import("rivulet").MapState<string, number>;
      private r!: import("rivulet").ReducingState<number>;
      private a!: import("rivulet").AggregatingState<number, string>;
      override open() {
        const c = this.getRuntimeContext();
        this.v = c.getState(new ValueStateDescriptor<number>("v", Types.INT, 100));
        this.l = c.getListState(new ListStateDescriptor<number>("l", Types.INT));
        this.m = c.getMapState(new MapStateDescriptor<string, number>("m", Types.STRING, Types.INT));
        this.r = c.getReducingState(new ReducingStateDescriptor<number>("r", (x, y) => x * y, Types.LONG));
        this.a = c.getAggregatingState(new AggregatingStateDescriptor<number, number[], string>("a", {
          createAccumulator: () => [], add: (x, acc) => [...acc, x], getResult: (acc) => acc.join(","), merge: (x, y) => [...x, ...y],
        }));
      }
      map([k, x]: [string, number]) {
        const first = this.m.isEmpty();
        this.v.update((this.v.value() ?? 0) + x);
        this.l.add(x);
        if (x === 3) { this.l.addAll([7, 8]); this.l.update([...this.l.get()].filter((y) => y !== 1)); }
        this.m.put(`k${x}`, x);
        if (x === 3) { this.m.putAll(new Map([["z", 26]])); this.m.remove("k1"); }
        this.r.add(x);
        this.a.add(x);
        return `${k}:${first}|${this.v.value()}|${[...this.l.get()].join(",")}|${this.m.contains("k1")}|${[...this.m.keys()].sort().join(",")}|` +
          `${[...this.m.values()].sort((p, q) => p - q).join(",")}|${[...this.m.entries()].length}|${this.m.get("k2")}|${this.r.get()}|${this.a.get()}`;
      }
    }
    const e = env().setStateBackend(backend());
    const out = await e.fromElements<[string, number]>(["a", 1], ["b", 5], ["a", 2], ["a", 3]).keyBy((t) => t[0]).map(new AllStates()).executeAndCollect();
    expect(out).toEqual([
      "a:true|101|1|true|k1|1|1|null|1|1",
      "b:true|105|5|false|k5|5|1|null|5|5",
      "a:false|103|1,2|true|k1,k2|1,2|2|2|2|1,2",
      "a:false|106|2,3,7,8|false|k2,k3,z|2,3,26|3|2|6|1,2,3",
    ]);
  });

  test("TTL: expired values are not returned", async () => {
    const ttl = StateTtlConfig.newBuilder(300).setUpdateType(UpdateType.OnCreateAndWrite).setStateVisibility(StateVisibility.NeverReturnExpired).build();
    class Ttl extends RichMapFunction<string, string> {
      private v!: import("rivulet").ValueState<string>;
      override open() { const d = new ValueStateDescriptor<string>("t", Types.STRING); d.enableTimeToLive(ttl); this.v = this.getRuntimeContext().getState(d); }
      map(x: string) { const before = this.v.value(); this.v.update(x); return `${before}`; }
    }
    const e = env().setStateBackend(backend());
    const out: string[] = [];
    e.addSource<string>({ async run(ctx) { ctx.collect("1"); ctx.collect("2"); await sleep(600); ctx.collect("3"); }, cancel() {} })
      .keyBy(() => "k").map(new Ttl()).addSink((v: string) => { out.push(v); });
    await e.execute();
    expect(out).toEqual(["null", "1", "null"]);
  });
});

describe("operator state and checkpoints", () => {
  test("CheckpointedFunction list/union/broadcast state is restored after a failure; CheckpointListener notified", async () => {
    const restored: string[] = [];
    let failed = false;
    let completed = 0;
    const bcDesc = new MapStateDescriptor<string, number>("bc", Types.STRING, Types.INT);
    class Stateful extends RichMapFunction<number, number> implements CheckpointedFunction, CheckpointListener {
      private list!: ListState<string>;
      private union!: ListState<string>;
      private bc!: import("rivulet").BroadcastState<string, number>;
      initializeState(ctx: FunctionInitializationContext) {
        const store = ctx.getOperatorStateStore();
        this.list = store.getListState(new ListStateDescriptor<string>("list"));
        this.union = store.getUnionListState(new ListStateDescriptor<string>("union"));
        this.bc = store.getBroadcastState(bcDesc);
        if (ctx.isRestored()) {
          restored.push(`list:${[...this.list.get()].join(",")}`, `union:${[...this.union.get()].sort().join(",")}`, `bc:${this.bc.get("n")}`);
        }
      }
      snapshotState(_ctx: FunctionSnapshotContext) {
        const i = this.getRuntimeContext().getIndexOfThisSubtask();
        this.list.update([`l${i}`]);
        this.union.update([`u${i}`]);
        this.bc.put("n", 42);
      }
      notifyCheckpointComplete() { completed++; }
      map(x: number) { if (completed > 0 && !failed) { failed = true; throw new Error("fail after checkpoint"); } return x; }
    }
    const e = env(2).setRestartStrategy(RestartStrategies.fixedDelayRestart(1, 0)).enableCheckpointing(10);
    let running = true;
    e.addSource<number>({
      async run(ctx) { let i = 0; while (running && (!failed || i < 5)) { ctx.collect(i++); await sleep(2); } if (failed) running = false; },
      cancel() { running = false; },
    }).setParallelism(1).rebalance().map(new Stateful()).uid("stateful").addSink(() => {});
    await e.execute();
    expect(failed).toBe(true);
    const lists = restored.filter((r) => r.startsWith("list:")).map((r) => r.slice(5)).sort();
    expect(lists).toEqual(["l0", "l1"]); // even split redistribution: one entry each
    expect(restored.filter((r) => r.startsWith("union:"))).toEqual(["union:u0,u1", "union:u0,u1"]);
    expect(restored.filter((r) => r.startsWith("bc:"))).toEqual(["bc:42", "bc:42"]);
  });

  test("FileSink commits part files on checkpoints; TwoPhaseCommitSinkFunction commits what the checkpoint covers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-sink-"));
    const e = env().enableCheckpointing(20);
    const sink = FileSink.forRowFormat<string>(dir, new SimpleStringEncoder<string>())
      .withRollingPolicy(DefaultRollingPolicy.builder().build()).withBucketAssigner(new BasePathBucketAssigner<string>()).build();
    e.fromElements("a", "b", "c").sinkTo(sink);
    await e.execute();
    const files: string[] = [];
    const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
    walk(dir);
    const visible = files.filter((f) => !f.split("/").pop()!.startsWith("."));
    expect(visible.flatMap((f) => readFileSync(f, "utf8").split("\n").filter(Boolean)).sort()).toEqual(["a", "b", "c"]);

    const committed: string[] = [];
    const calls: string[] = [];
    class Tx extends TwoPhaseCommitSinkFunction<string, string[]> {
      protected beginTransaction(): string[] { calls.push("begin"); return []; }
      protected invoke(t: string[], v: string) { t.push(v); }
      protected override preCommit() { calls.push("preCommit"); }
      protected commit(t: string[]) { calls.push("commit"); committed.push(...t); }
      protected abort() { calls.push("abort"); }
    }
    const e2 = env().enableCheckpointing(20);
    e2.fromElements("x", "y").addSink(new Tx());
    await e2.execute();
    expect(committed).toEqual(["x", "y"]);
    expect(calls[0]).toBe("begin");
    expect(calls).toContain("preCommit");
  });
});

describe("watermarks", () => {
  const gen = <T>(s: WatermarkStrategy<T>) => {
    const wms: number[] = [];
    const out: WatermarkOutput = { emitWatermark: (w) => { wms.push(w); }, markIdle() { wms.push(NaN); } } as WatermarkOutput;
    const g = s.createWatermarkGenerator({ currentProcessingTime: () => 0 } as never);
    return { wms, out, g };
  };
  test("built-in strategies and timestamp assigner", () => {
    const b = gen(WatermarkStrategy.forBoundedOutOfOrderness<number>(5));
    b.g.onEvent(0, 20, b.out); b.g.onEvent(0, 10, b.out); b.g.onPeriodicEmit(b.out);
    expect(b.wms).toEqual([14]);
    const m = gen(WatermarkStrategy.forMonotonousTimestamps<number>());
    m.g.onEvent(0, 20, m.out); m.g.onPeriodicEmit(m.out);
    expect(m.wms).toEqual([19]);
    const n = gen(WatermarkStrategy.noWatermarks<number>());
    n.g.onEvent(0, 20, n.out); n.g.onPeriodicEmit(n.out);
    expect(n.wms).toEqual([]);
    expect(WatermarkStrategy.forMonotonousTimestamps<{ t: number }>().withTimestampAssigner((e, _r) => e.t * 2).createTimestampAssigner()({ t: 4 }, -1)).toBe(8);
    expect(WatermarkStrategy.forMonotonousTimestamps<number>().withIdleness(1000)).toBeInstanceOf(WatermarkStrategy);
  });

  test("forGenerator: a record is forwarded before the watermark its onEvent emits", async () => {
    const seen: string[] = [];
    await env().fromElements(1, 5, 9)
      .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator<number>(() => ({ onEvent: (_e, ts, out) => out.emitWatermark(ts), onPeriodicEmit() {} })).withTimestampAssigner((x) => x))
      .process({ processElement(v: number, ctx: import("rivulet").ProcessContext, out: Collector<string>) { seen.push(`${v}@${ctx.timerService().currentWatermark()}`); out.collect(""); } })
      .executeAndCollect();
    expect(seen.slice(1)).toEqual(["5@1", "9@5"]);
  });

  test("markIdle: an idle input does not hold back the watermark", async () => {
    let timerFiredWhileOtherAlive = false;
    let otherDone = false;
    const e = env();
    const active = e.addSource<number>({ async run(ctx) { ctx.collect(1); await sleep(5); ctx.collect(50); await sleep(400); }, cancel() {} })
      .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator<number>(() => ({ onEvent: (_e, ts, out) => out.emitWatermark(ts), onPeriodicEmit() {} })).withTimestampAssigner((x) => x));
    const idle = e.addSource<number>({ async run(ctx) { ctx.collect(0); for (let i = 0; i < 100 && !timerFiredWhileOtherAlive; i++) await sleep(5); otherDone = true; }, cancel() {} })
      .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator<number>(() => ({ onEvent: (_e, _ts, out) => out.markIdle(), onPeriodicEmit: (out) => out.markIdle() })).withTimestampAssigner((x) => x));
    active.union(idle).keyBy(() => "k").process({
      processElement(v: number, ctx: import("rivulet").KeyedProcessContext<string>) { if (v === 1) ctx.timerService().registerEventTimeTimer(10); },
      onTimer() { if (!otherDone) timerFiredWhileOtherAlive = true; },
    }).addSink(() => {});
    await e.execute();
    expect(timerFiredWhileOtherAlive).toBe(true);
  });
});
