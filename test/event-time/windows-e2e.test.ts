// End-to-end window jobs at parallelism 1 and > 1: out-of-order input, late data, idle inputs, session merges,
// count windows, windowAll, processing-time windows on a driven clock, built-in aggregates. Expected outputs
// are worked out by hand from Flink's semantics (see the comments).
import { afterEach, describe, expect, it } from "vitest";
import {
  type AggregateFunction,
  type Collector,
  EventTimeSessionWindows,
  installWindowAggregationKernel,
  ManualClock,
  OutputTag,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TimeWindow,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  WatermarkStrategy,
  WindowAggregates,
  type WindowAggregationKernelSpec,
} from "../../host/node.js";
import { deferred, punctuated, scriptedSource, sorted, until } from "./e2e-helpers.js";

type Ev = [key: string, ts: number];
const countAgg: AggregateFunction<unknown, number, number> = { createAccumulator: () => 0, add: (_v, a) => a + 1, getResult: (a) => a, merge: (a, b) => a + b };
const describeCount = (key: string, w: TimeWindow, counts: Iterable<number>, out: Collector<string>): void => {
  for (const c of counts) out.collect(`${key}[${w.start},${w.end})=${c}`);
};

function env(parallelism = 1): StreamExecutionEnvironment {
  // The manual clock never advances on its own: periodic watermarks only come when a test drives it.
  return StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(parallelism);
}

describe("tumbling event-time windows with out-of-order and late data", () => {
  // Watermark after each event: max - 2000 - 1.
  //  a@1000 (wm -1001), b@3000 (wm 999), a@2500 (wm 999), a@6000 (wm 3999: [0,4000) fires: a=2, b=1),
  //  b@3500 (its only window [0,4000) is late: 3999 <= 3999 -> late side output), a@5000, b@9000 (wm 6999),
  //  a@7000 (window [4000,8000) still open: 7999 > 6999). End of input: [4000,8000) a=3, [8000,12000) b=1.
  const events: Ev[] = [["a", 1000], ["b", 3000], ["a", 2500], ["a", 6000], ["b", 3500], ["a", 5000], ["b", 9000], ["a", 7000]];
  const expected = ["a[0,4000)=2", "a[4000,8000)=3", "b[0,4000)=1", "b[8000,12000)=1"];

  for (const p of [1, 2]) {
    it(`gives the same results at parallelism ${p}`, async () => {
      const e = env(p);
      const late = new OutputTag<Ev>("late");
      const main: string[] = [];
      const lateOut: Ev[] = [];
      const windowed = e
        .fromElements(...events)
        .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1], 2000))
        .setParallelism(1) // one watermark generator: every window subtask sees the same event time
        .keyBy((x) => x[0])
        .window(TumblingEventTimeWindows.of(4000))
        .sideOutputLateData(late)
        .aggregate(countAgg, describeCount);
      windowed.addSink((v) => void main.push(v));
      windowed.getSideOutput(late).addSink((v) => void lateOut.push(v));
      await e.execute();
      expect(sorted(main)).toEqual(expected);
      expect(lateOut).toEqual([["b", 3500]]);
    });
  }

  it("without a side output late data is dropped and counted in numLateRecordsDropped", async () => {
    const e = env(2);
    const main: string[] = [];
    e.fromElements(...events)
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1], 2000))
      .setParallelism(1)
      .keyBy((x) => x[0])
      .window(TumblingEventTimeWindows.of(4000))
      .aggregate(countAgg, describeCount)
      .addSink((v) => void main.push(v));
    const result = await e.execute();
    expect(sorted(main)).toEqual(expected);
    expect(result.accumulators.numLateRecordsDropped).toBe(1);
  });

  it("allowed lateness fires the window again for each late element", async () => {
    const e = env(2);
    const main: string[] = [];
    e.fromElements(...events)
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1], 2000))
      .setParallelism(1)
      .keyBy((x) => x[0])
      .window(TumblingEventTimeWindows.of(4000))
      .allowedLateness(1000)
      .aggregate(countAgg, describeCount)
      .addSink((v) => void main.push(v));
    await e.execute();
    // b@3500 arrives at watermark 3999 < 3999 + 1000: [0,4000) of b fires again with 2 elements. At b@9000
    // (wm 6999) that window is cleaned up (4999 <= 6999).
    expect(sorted(main)).toEqual(["a[0,4000)=2", "a[4000,8000)=3", "b[0,4000)=1", "b[0,4000)=2", "b[8000,12000)=1"]);
  });
});

describe("parallel watermark generation", () => {
  it("fromSequence at parallelism 4: per-subtask watermarks, the minimum at the window operator, nothing late", async () => {
    const e = env(3);
    const out: string[] = [];
    e.fromSequence(1, 1000)
      .setParallelism(4)
      .assignTimestampsAndWatermarks(punctuated<number>((n) => n))
      .setParallelism(4)
      .keyBy((n) => n % 3)
      .window(TumblingEventTimeWindows.of(100))
      .aggregate(countAgg, (k: number, w: TimeWindow, c: Iterable<number>, o: Collector<string>) => {
        for (const x of c) o.collect(`${k}@${w.start}=${x}`);
      })
      .addSink((v) => void out.push(v));
    const result = await e.execute();
    expect(result.accumulators.numLateRecordsDropped ?? 0).toBe(0);
    // Every window [100i, 100i+100) has the numbers of 1..1000 in it, by residue mod 3. By hand:
    // [0,100): 1..99 -> 33 of each residue; [900,1000): 900..999 -> residue 0: 34, 1: 33, 2: 33;
    // [1000,1100): only 1000 (residue 1).
    const byWindow = new Map(out.map((s) => [s.split("=")[0]!, Number(s.split("=")[1])]));
    expect(byWindow.get("0@0")).toBe(33);
    expect(byWindow.get("1@0")).toBe(33);
    expect(byWindow.get("2@0")).toBe(33);
    expect(byWindow.get("0@900")).toBe(34);
    expect(byWindow.get("1@900")).toBe(33);
    expect(byWindow.get("1@1000")).toBe(1);
    expect(byWindow.has("0@1000")).toBe(false);
    expect(out.length).toBe(31);
    expect(out.reduce((s, x) => s + Number(x.split("=")[1]), 0)).toBe(1000);
  });
});

describe("idle inputs", () => {
  it("an idle input does not hold back the watermark of the window operator", async () => {
    const clock = new ManualClock(0);
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock });
    e.getConfig().setAutoWatermarkInterval(200);
    const release = deferred();
    const out: string[] = [];
    const active = e
      .addSource(scriptedSource<Ev>([{ emit: ["a", 1000] }, { emit: ["a", 2000] }, { emit: ["a", 6000] }, { wait: release.promise }]))
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1]));
    // The other input never emits; it is marked idle after 1000 ms of processing time without events.
    const silent = e
      .addSource(scriptedSource<Ev>([{ wait: release.promise }]))
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner((x) => x[1]).withIdleness(1000));
    let seen = 0;
    active
      .union(silent)
      .map((x: Ev) => (seen++, x))
      .keyBy((x) => x[0])
      .window(TumblingEventTimeWindows.of(5000))
      .aggregate(countAgg, describeCount)
      .addSink((v) => void out.push(v));
    const client = await e.executeAsync();
    // Every task has started once the events went through; the silent input has no watermark yet, so event
    // time stands still at the window operator.
    await until(() => seen === 3, "the events");
    expect(out).toEqual([]);
    for (let t = 200; t <= 1200; t += 200) {
      clock.advanceTo(t);
      await new Promise((r) => setTimeout(r, 5));
    }
    // After 1000 ms the silent input is idle: the active input's watermark 5999 fires [0,5000).
    await until(() => out.length === 1, "the first window");
    expect(out).toEqual(["a[0,5000)=2"]);
    release.resolve();
    await client.getJobExecutionResult();
    expect(out).toEqual(["a[0,5000)=2", "a[5000,10000)=1"]);
  });
});

describe("session windows", () => {
  // Gap 1000. u1: 0, 500, 2000, then 1300 (which bridges [0,1500) and [2000,3000) if [0,1500) is still open),
  // 5000. u2: 100, 3000, 3900.
  const events: Ev[] = [["u1", 0], ["u2", 100], ["u1", 500], ["u1", 2000], ["u2", 3000], ["u1", 1300], ["u2", 3900], ["u1", 5000]];
  async function sessions(delay: number): Promise<string[]> {
    const e = env(2);
    const out: string[] = [];
    e.fromElements(...events)
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1], delay))
      .setParallelism(1)
      .keyBy((x) => x[0])
      .window(EventTimeSessionWindows.withGap(1000))
      .process({
        process(key: string, ctx, elements: Iterable<Ev>, o: Collector<string>) {
          const ts = Array.from(elements, (x) => x[1]).sort((a, b) => a - b);
          o.collect(`${key} [${ctx.window().start},${ctx.window().end}) ${ts.join(",")}`);
        },
      })
      .addSink((v) => void out.push(v));
    await e.execute();
    return sorted(out);
  }

  it("merge per key at parallelism 2; a late-arriving element bridges two open sessions", async () => {
    // Delay 2000: when 1300 arrives the watermark is 999 (after u2@3000), [0,1500) is still open: one session.
    expect(await sessions(2000)).toEqual(sorted([
      "u1 [0,3000) 0,500,1300,2000",
      "u1 [5000,6000) 5000",
      "u2 [100,1100) 100",
      "u2 [3000,4900) 3000,3900",
    ]));
  });

  it("a session that already fired does not merge again", async () => {
    // Delay 1000: u2@3000 moves the watermark to 1999, so u1's [0,1500) fires and is cleaned up; 1300 then
    // only merges with [2000,3000) (its window [1300,2300) is not late: 2299 > 1999).
    expect(await sessions(1000)).toEqual(sorted([
      "u1 [0,1500) 0,500",
      "u1 [1300,3000) 1300,2000",
      "u1 [5000,6000) 5000",
      "u2 [100,1100) 100",
      "u2 [3000,4900) 3000,3900",
    ]));
  });

  it("dynamic gaps", async () => {
    const e = env(1);
    type G = [string, number, number];
    const out: string[] = [];
    // a@0 gap 100 -> [0,100); a@150 gap 500 -> [150,650); a@600 gap 10 -> [600,610) inside [150,650).
    e.fromElements<G>(["a", 0, 100], ["a", 150, 500], ["a", 600, 10])
      .assignTimestampsAndWatermarks(punctuated<G>((x) => x[1], 1000))
      .keyBy((x) => x[0])
      .window(EventTimeSessionWindows.withDynamicGap((x: G) => x[2]))
      .aggregate(countAgg, (k: string, w: TimeWindow, c: Iterable<number>, o: Collector<string>) => {
        for (const x of c) o.collect(`${k}[${w.start},${w.end})=${x}`);
      })
      .addSink((v) => void out.push(v));
    await e.execute();
    expect(out).toEqual(["a[0,100)=1", "a[150,650)=2"]);
  });
});

describe("count windows and windowAll", () => {
  it("countWindow(3) and countWindow(3, 2) per key", async () => {
    const e = env(2);
    const tumbling: unknown[] = [];
    const sliding: unknown[] = [];
    const input = e.fromElements<[string, number]>(["a", 1], ["b", 10], ["a", 2], ["a", 3], ["b", 20], ["a", 4], ["b", 30], ["a", 5], ["b", 40]);
    input.keyBy((x) => x[0]).countWindow(3).sum(1).addSink((v) => void tumbling.push(v));
    input.keyBy((x) => x[0]).countWindow(3, 2).sum(1).addSink((v) => void sliding.push(v));
    await e.execute();
    // a: 1,2,3 | 4,5 (never complete); b: 10,20,30 | 40.
    expect(sorted(tumbling)).toEqual(sorted([["a", 6], ["b", 60]]));
    // Every 2 elements, the last 3: a: [1,2]=3, [2,3,4]=9; b: [10,20]=30, [20,30,40]=90.
    expect(sorted(sliding)).toEqual(sorted([["a", 3], ["a", 9], ["b", 30], ["b", 90]]));
  });

  it("windowAll runs one non-parallel window over the whole stream", async () => {
    const e = env(4);
    const out: unknown[] = [];
    const counts = e
      .fromElements<Ev>(["a", 100], ["b", 200], ["c", 1500], ["d", 1600], ["e", 2500])
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1]))
      .setParallelism(1)
      .windowAll(TumblingEventTimeWindows.of(1000))
      .apply((w: TimeWindow, values: Iterable<Ev>, o: Collector<string>) => o.collect(`${w.start}:${Array.from(values, (v) => v[0]).join("")}`));
    expect(counts.getParallelism()).toBe(1);
    counts.addSink((v) => void out.push(v));
    await e.execute();
    expect(out).toEqual(["0:ab", "1000:cd", "2000:e"]);
  });

  it("countWindowAll(2)", async () => {
    const e = env(3);
    const out = await e.fromElements(1, 2, 3, 4, 5).countWindowAll(2).reduce((a: number, b: number) => a + b).executeAndCollect();
    expect(out).toEqual([3, 7]);
  });
});

describe("processing-time windows on a driven clock", () => {
  it("fire when the manual clock passes the window end", async () => {
    const clock = new ManualClock(0);
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock });
    const step1 = deferred();
    const step2 = deferred();
    const consumed: string[] = [];
    const out: string[] = [];
    e.addSource(scriptedSource<string>([{ emit: "a" }, { emit: "b" }, { wait: step1.promise }, { emit: "c" }, { wait: step2.promise }]))
      .map((v: string) => {
        consumed.push(v);
        return v;
      })
      .keyBy(() => "all")
      .window(TumblingProcessingTimeWindows.of(1000))
      .process({
        process(_k: string, ctx, els: Iterable<string>, o: Collector<string>) {
          o.collect(`${ctx.window().start}-${ctx.window().end}:${Array.from(els).join("")}@${ctx.currentProcessingTime()}`);
        },
      })
      .addSink((v) => void out.push(v));
    const client = await e.executeAsync();
    await until(() => consumed.length === 2, "a and b");
    clock.advanceTo(1000);
    await until(() => out.length === 1, "the first window");
    clock.advanceTo(1500);
    step1.resolve();
    await until(() => consumed.length === 3, "c");
    clock.advanceTo(2000);
    await until(() => out.length === 2, "the second window");
    step2.resolve();
    await client.getJobExecutionResult();
    expect(out).toEqual(["0-1000:ab@1000", "1000-2000:c@2000"]);
  });
});

describe("built-in numeric aggregates and the kernel seam", () => {
  afterEach(() => installWindowAggregationKernel(null));
  type Bid = { auction: string; price: number; ts: number };
  const bids: Bid[] = [
    { auction: "x", price: 10, ts: 100 },
    { auction: "y", price: 7, ts: 200 },
    { auction: "x", price: 30, ts: 900 },
    { auction: "x", price: 5, ts: 1200 },
  ];

  it("count/sum/min/max/avg per window (JS fallback)", async () => {
    const e = env(2);
    const out: unknown[] = [];
    e.fromElements(...bids)
      .assignTimestampsAndWatermarks(punctuated<Bid>((b) => b.ts))
      .setParallelism(1)
      .keyBy((b) => b.auction)
      .window(TumblingEventTimeWindows.of(1000))
      .aggregate(WindowAggregates.stats<Bid>("price"), (k: string, w: TimeWindow, s: Iterable<unknown>, o: Collector<unknown>) => {
        for (const x of s) o.collect({ k, end: w.end, ...(x as object) });
      })
      .addSink((v) => void out.push(v));
    await e.execute();
    expect(sorted(out)).toEqual(sorted([
      { k: "x", end: 1000, count: 2, sum: 40, min: 10, max: 30, avg: 20 },
      { k: "y", end: 1000, count: 1, sum: 7, min: 7, max: 7, avg: 7 },
      { k: "x", end: 2000, count: 1, sum: 5, min: 5, max: 5, avg: 5 },
    ]));
  });

  it("eligible windows are offered to an installed kernel; a declining kernel leaves the JS path", async () => {
    const specs: WindowAggregationKernelSpec[] = [];
    installWindowAggregationKernel({ name: "fake", createOperator: (spec) => (specs.push(spec), null) });
    const e = env(1);
    const src = e.fromElements(...bids).assignTimestampsAndWatermarks(punctuated<Bid>((b) => b.ts));
    const sums: unknown[] = [];
    src.keyBy((b) => b.auction).window(SlidingEventTimeWindows.of(2000, 1000)).aggregate(WindowAggregates.sum<Bid>("price")).addSink((v) => void sums.push(v));
    // Not eligible: allowed lateness, custom reduce, processing time.
    src.keyBy((b) => b.auction).window(TumblingEventTimeWindows.of(1000)).allowedLateness(10).aggregate(WindowAggregates.max<Bid>("price")).addSink(() => {});
    src.keyBy((b) => b.auction).window(TumblingEventTimeWindows.of(1000)).aggregate(countAgg).addSink(() => {});
    src.keyBy((b) => b.auction).window(TumblingProcessingTimeWindows.of(1000)).aggregate(WindowAggregates.avg<Bid>("price")).addSink(() => {});
    await e.execute();
    expect(specs.map((s) => [s.aggregate.kind, s.size, s.slide, s.offset])).toEqual([["sum", 2000, 1000, 0]]);
    // x: [-1000,1000) 40, [0,2000) 45, [1000,3000) 5; y: [-1000,1000) 7, [0,2000) 7.
    expect(sorted(sums)).toEqual(sorted([40, 45, 5, 7, 7]));
  });
});
