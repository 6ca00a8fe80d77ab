// Built-in window aggregations on the Wasm pane kernel: the same results as the JS window operator, late
// elements dropped as Flink does, and kernel state that survives a failure with exactly-once output.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Collector,
  installWasmWindowKernel,
  installWindowAggregationKernel,
  RestartStrategies,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  type TimeWindow,
  TumblingEventTimeWindows,
  WasmWindowAggregateOperator,
  WatermarkStrategy,
  WindowAggregates,
  type SourceContext,
} from "../../host/node.js";
import { committedOutput, FailOnceMap, PacedSequenceSource, resetInjected, TransactionalCollectSink } from "../checkpoint/harness.js";

type Bid = { auction: string; price: number; ts: number };

beforeEach(() => {
  installWasmWindowKernel();
  resetInjected();
});
afterEach(() => installWindowAggregationKernel(null));

const sortedStrings = (xs: string[]): string[] => [...xs].sort();

describe("Wasm window kernel", () => {
  it("computes sliding sums and tumbling stats like the window operator", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(2);
    const bids: Bid[] = [
      { auction: "x", price: 10, ts: 100 },
      { auction: "y", price: 7, ts: 200 },
      { auction: "x", price: 30, ts: 900 },
      { auction: "x", price: 5, ts: 1200 },
    ];
    const src = env
      .fromElements(...bids)
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Bid>().withTimestampAssigner((b) => b.ts));
    const sums: string[] = [];
    src
      .keyBy((b) => b.auction)
      .window(SlidingEventTimeWindows.of(2000, 1000))
      .aggregate(WindowAggregates.sum<Bid>("price"), (k: string, w: TimeWindow, s: Iterable<number>, out: Collector<string>) => {
        for (const v of s) out.collect(`${k} [${w.start},${w.end}) ${v}`);
      })
      .addSink((v) => void sums.push(v));
    const stats: unknown[] = [];
    src.keyBy((b) => b.auction).window(TumblingEventTimeWindows.of(1000)).aggregate(WindowAggregates.stats<Bid>("price")).addSink((v) => void stats.push(v));
    const plan = env.getStreamGraph("kernel", false);
    // The kernel runs both windowed aggregations.
    const ops = plan.nodes.filter((n) => n.name.startsWith("Window")).map((n) => n.operatorFactory!());
    expect(ops.every((o) => o instanceof WasmWindowAggregateOperator)).toBe(true);
    await env.execute();
    // x: [-1000,1000) 10+30, [0,2000) 10+30+5, [1000,3000) 5; y: [-1000,1000) 7, [0,2000) 7.
    expect(sortedStrings(sums)).toEqual(
      sortedStrings(["x [-1000,1000) 40", "x [0,2000) 45", "x [1000,3000) 5", "y [-1000,1000) 7", "y [0,2000) 7"]),
    );
    expect(stats).toHaveLength(3);
    expect(stats).toContainEqual({ count: 2, sum: 40, min: 10, max: 30, avg: 20 });
    expect(stats).toContainEqual({ count: 1, sum: 7, min: 7, max: 7, avg: 7 });
    expect(stats).toContainEqual({ count: 1, sum: 5, min: 5, max: 5, avg: 5 });
  });

  it("drops an element whose every window has closed, keeps one that still has an open window", async () => {
    const env = new StreamExecutionEnvironment();
    const out: string[] = [];
    env
      .addSource<[string, number]>({
        run(ctx: SourceContext<[string, number]>) {
          ctx.collectWithTimestamp(["k", 1], 500);
          ctx.emitWatermark(1999); // closes [0,1000) and [1000,2000) but not [1000,3000)/[2000,...)
          ctx.collectWithTimestamp(["k", 10], 900); // windows [-1000,1000), [0,2000): all closed -> dropped
          ctx.collectWithTimestamp(["k", 100], 1500); // [0,2000) closed, [1000,3000) open -> counted there
        },
        cancel() {},
      })
      .keyBy((t) => t[0])
      .window(SlidingEventTimeWindows.of(2000, 1000))
      .aggregate(WindowAggregates.sum<[string, number]>(1), (k: string, w: TimeWindow, s: Iterable<number>, o: Collector<string>) => {
        for (const v of s) o.collect(`[${w.start},${w.end}) ${v}`);
      })
      .addSink((v) => void out.push(v));
    await env.execute();
    // Element 1@500 is in [-1000,1000) and [0,2000), both fired at watermark 1999; 100@1500 only reaches [1000,3000).
    expect(out).toEqual(["[-1000,1000) 1", "[0,2000) 1", "[1000,3000) 100"]);
  });

  it("kernel state is checkpointed: a failure mid-stream gives exactly-once window results", async () => {
    const N = 6000;
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(10);
    env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 0));
    env
      .fromSource(new PacedSequenceSource(N, 100, 1), null, "paced")
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((v) => v))
      .map(new FailOnceMap<number>("kernel", (v) => v === 4321))
      .keyBy((v: number) => v % 5)
      .window(TumblingEventTimeWindows.of(1000))
      .aggregate(WindowAggregates.sum<number>(), (k: number, w: TimeWindow, s: Iterable<number>, o: Collector<string>) => {
        for (const v of s) o.collect(`${k}:${w.start}:${v}`);
      })
      .uid("kernel-window")
      .addSink(new TransactionalCollectSink<string>("kernel"));
    const client = await env.executeAsync("kernel");
    await client.getJobExecutionResult();
    // The failure happened, and the job resumed from a checkpoint holding kernel panes.
    expect(client.getMetrics().restarts).toBe(1);
    expect(client.getMetrics().checkpointsCompleted).toBeGreaterThan(0);
    // Independent result: per key (v % 5) and window start, the sum of v.
    const expected = new Map<string, number>();
    for (let v = 1; v <= N; v++) {
      const id = `${v % 5}:${Math.floor(v / 1000) * 1000}`;
      expected.set(id, (expected.get(id) ?? 0) + v);
    }
    const want = sortedStrings(Array.from(expected, ([id, sum]) => `${id}:${sum}`));
    expect(sortedStrings(committedOutput<string>("kernel"))).toEqual(want);
  });
});
