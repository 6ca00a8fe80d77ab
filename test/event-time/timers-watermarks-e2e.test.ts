// Timers and watermarks end to end: sources that emit timestamps and watermarks themselves, periodic
// emission every autoWatermarkInterval, the minimum over input channels, timer deletion and time domains,
// and processing time on the real clock.
import { describe, expect, it } from "vitest";
import {
  type AggregateFunction,
  type Collector,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  KeyedProcessOperator,
  ManualClock,
  StreamExecutionEnvironment,
  TimeWindow,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  Watermark,
  WatermarkStrategy,
} from "../../host/node.js";
import { deferred, punctuated, scriptedSource, settle, sorted, until } from "./e2e-helpers.js";
import { OperatorHarness, rec, wm } from "./harness.js";

type Ev = [string, number];
const countAgg: AggregateFunction<unknown, number, number> = { createAccumulator: () => 0, add: (_v, a) => a + 1, getResult: (a) => a, merge: (a, b) => a + b };
const describeCount = (key: string, w: TimeWindow, counts: Iterable<number>, out: Collector<string>): void => {
  for (const c of counts) out.collect(`${key}[${w.start},${w.end})=${c}`);
};

describe("watermarks end to end", () => {
  it("a source that emits timestamps and watermarks itself drives the windows", async () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) });
    const out: string[] = [];
    e.addSource(
      scriptedSource<Ev>([
        { emit: ["a", 1000], ts: 1000 },
        { emit: ["a", 2000], ts: 2000 },
        { watermark: 4999 },
        { emit: ["a", 3000], ts: 3000 }, // behind watermark 4999 in a window that fired: late, dropped
        { emit: ["a", 6000], ts: 6000 },
      ]),
    )
      .keyBy((x) => x[0])
      .window(TumblingEventTimeWindows.of(5000))
      .aggregate(countAgg, describeCount)
      .addSink((v) => void out.push(v));
    const result = await e.execute();
    expect(out).toEqual(["a[0,5000)=2", "a[5000,10000)=1"]);
    expect(result.accumulators.numLateRecordsDropped).toBe(1);
  });

  it("periodic watermarks every autoWatermarkInterval of (driven) processing time", async () => {
    const clock = new ManualClock(0);
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock });
    e.getConfig().setAutoWatermarkInterval(100);
    const release = deferred();
    const out: string[] = [];
    let seen = 0;
    e.addSource(scriptedSource<Ev>([{ emit: ["a", 1000] }, { emit: ["a", 2000] }, { emit: ["a", 6000] }, { wait: release.promise }]))
      .assignTimestampsAndWatermarks(WatermarkStrategy.forBoundedOutOfOrderness<Ev>(1000).withTimestampAssigner((x) => x[1]))
      .map((x: Ev) => (seen++, x))
      .keyBy((x) => x[0])
      .window(TumblingEventTimeWindows.of(5000))
      .aggregate(countAgg, describeCount)
      .addSink((v) => void out.push(v));
    const client = await e.executeAsync();
    await until(() => seen === 3, "the events");
    await settle();
    expect(out).toEqual([]); // no watermark yet: the generator only emits periodically
    clock.advanceTo(100); // watermark 6000 - 1000 - 1 = 4999 fires [0,5000)
    await until(() => out.length === 1, "the periodic watermark");
    expect(out).toEqual(["a[0,5000)=2"]);
    release.resolve();
    await client.getJobExecutionResult();
    // End of input: Watermark.MAX fires the rest.
    expect(out).toEqual(["a[0,5000)=2", "a[5000,10000)=1"]);
    expect(Watermark.MAX).toBe(Infinity);
  });

  it("a task's watermark is the minimum over its inputs", async () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) });
    const slowAdvance = deferred();
    const end = deferred();
    let seen = 0;
    const out: string[] = [];
    const fast = e
      .addSource(scriptedSource<Ev>([{ emit: ["a", 1000] }, { emit: ["a", 6000] }, { wait: end.promise }]))
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1]));
    const slow = e
      .addSource(scriptedSource<Ev>([{ emit: ["b", 500] }, { wait: slowAdvance.promise }, { emit: ["b", 7000] }, { wait: end.promise }]))
      .assignTimestampsAndWatermarks(punctuated<Ev>((x) => x[1]));
    fast
      .union(slow)
      .map((x: Ev) => (seen++, x))
      .keyBy((x) => x[0])
      .window(TumblingEventTimeWindows.of(5000))
      .aggregate(countAgg, describeCount)
      .addSink((v) => void out.push(v));
    const client = await e.executeAsync();
    await until(() => seen === 3, "the first events");
    await settle();
    // Watermarks 5999 and 499: the minimum, 499, fires nothing.
    expect(out).toEqual([]);
    slowAdvance.resolve();
    // min(5999, 6999) = 5999 fires [0,5000) for both keys.
    await until(() => out.length === 2, "the first windows");
    expect(sorted(out)).toEqual(["a[0,5000)=1", "b[0,5000)=1"]);
    end.resolve();
    await client.getJobExecutionResult();
    expect(sorted(out.slice(2))).toEqual(["a[5000,10000)=1", "b[5000,10000)=1"]);
  });
});

describe("timers", () => {
  it("are deduplicated per key and timestamp, deletable, and report their time domain", () => {
    const op = new KeyedProcessOperator<string, [string, string], string>({
      processElement([, cmd], ctx: KeyedProcessContext<string>) {
        const ts = ctx.timerService();
        if (cmd === "set") {
          ts.registerEventTimeTimer(100);
          ts.registerEventTimeTimer(100);
          ts.registerProcessingTimeTimer(50);
        } else if (cmd === "cancel") {
          ts.deleteEventTimeTimer(100);
          ts.deleteProcessingTimeTimer(50);
        }
      },
      onTimer(t, ctx: KeyedOnTimerContext<string>, out: Collector<string>) {
        out.collect(`${ctx.getCurrentKey()} ${t} ${ctx.timeDomain()} ts=${ctx.timestamp()}`);
      },
    });
    const h = new OperatorHarness(op, { keySelector1: (e: [string, string]) => e[0] });
    h.element(["a", "set"], 1).element(["b", "set"], 1).element(["b", "cancel"], 2);
    h.processingTime(50);
    h.watermark(100);
    expect(h.take()).toEqual([rec("a 50 PROCESSING_TIME ts=50", null), rec("a 100 EVENT_TIME ts=100", 100), wm(100)]);
  });

  it("processing time runs on the system clock in production", async () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment();
    const release = deferred();
    const out: string[] = [];
    e.addSource(scriptedSource<string>([{ emit: "x" }, { emit: "y" }, { wait: release.promise }]))
      .keyBy(() => 0)
      .window(TumblingProcessingTimeWindows.of(30))
      .process({
        process(_k: number, ctx, els: Iterable<string>, o: Collector<string>) {
          o.collect(`${Array.from(els).join("")} ${ctx.currentProcessingTime() >= ctx.window().maxTimestamp()}`);
        },
      })
      .addSink((v) => void out.push(v));
    const client = await e.executeAsync();
    // x and y land in one or two 30 ms windows of wall-clock time; every window fires once its end has passed.
    await until(() => out.join("").replace(/ true/g, "").length === 2, "the wall-clock windows", 3000);
    release.resolve();
    await client.getJobExecutionResult();
    expect(out.every((s) => s.endsWith(" true"))).toBe(true);
    expect(out.map((s) => s.split(" ")[0]).join("")).toBe("xy");
  });
});
