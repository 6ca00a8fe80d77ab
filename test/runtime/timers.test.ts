import { describe, expect, it } from "vitest";
import {
  type Collector,
  KeyedProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  ManualClock,
  type SourceContext,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from "../../host/index.js";

describe("timers in KeyedProcessFunction", () => {
  it("event-time timers are per key and timestamp, deduplicated, deletable, and fire in time order", async () => {
    class Timers extends KeyedProcessFunction<string, [string, number], string> {
      processElement(v: [string, number], ctx: KeyedProcessContext<string>): void {
        const t = ctx.timerService();
        t.registerEventTimeTimer(v[1] + 10);
        t.registerEventTimeTimer(v[1] + 10); // duplicate: fires once
        t.registerEventTimeTimer(v[1] + 1000);
        t.deleteEventTimeTimer(v[1] + 1000); // deleted: never fires
      }
      override onTimer(ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
        out.collect(`${ctx.getCurrentKey()}@${ts} ${ctx.timeDomain()} ts=${ctx.timestamp()}`);
      }
    }
    const env = new StreamExecutionEnvironment();
    const out = await env
      .fromElements(["b", 30] as [string, number], ["a", 5] as [string, number], ["a", 5] as [string, number], ["c", 20] as [string, number])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<[string, number]>().withTimestampAssigner((e) => e[1]))
      .keyBy((e) => e[0])
      .process(new Timers())
      .executeAndCollect();
    // Every timer is due at end of input (Watermark.MAX); they fire in timestamp order.
    expect(out).toEqual(["a@15 EVENT_TIME ts=15", "c@30 EVENT_TIME ts=30", "b@40 EVENT_TIME ts=40"]);
  });

  it("a timer fires when the watermark passes it, before the watermark moves on", async () => {
    const seen: string[] = [];
    const env = new StreamExecutionEnvironment();
    env
      .addSource<number>({
        run(ctx: SourceContext<number>) {
          ctx.collectWithTimestamp(1, 100);
          ctx.emitWatermark(100);
          ctx.collectWithTimestamp(2, 200);
          ctx.emitWatermark(250);
          ctx.collectWithTimestamp(3, 300);
        },
        cancel() {},
      })
      .keyBy(() => "k")
      .process({
        processElement(v: number, ctx: KeyedProcessContext<string>) {
          seen.push(`element ${v} wm=${ctx.timerService().currentWatermark()}`);
          ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 50);
        },
        onTimer(ts: number, ctx: KeyedOnTimerContext<string>) {
          seen.push(`timer ${ts} wm=${ctx.timerService().currentWatermark()}`);
        },
      })
      .addSink(() => {});
    await env.execute();
    expect(seen).toEqual([
      "element 1 wm=-Infinity",
      "element 2 wm=100",
      // Watermark 250 passes the timer at 150 (set by element 1) but not the one at 250+.
      "timer 150 wm=250",
      "timer 250 wm=250",
      "element 3 wm=250",
      "timer 350 wm=Infinity",
    ]);
  });

  it("processing-time timers fire from the clock, without a timestamp", async () => {
    const clock = new ManualClock(1_000);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const env = StreamExecutionEnvironment.getExecutionEnvironment({ clock });
    const fired: string[] = [];
    env
      .addSource<string>({
        async run(ctx: SourceContext<string>) {
          ctx.collect("x");
          ctx.collect("y");
          await gate;
        },
        cancel() {},
      })
      .keyBy((v) => v)
      .process({
        processElement(v: string, ctx: KeyedProcessContext<string>) {
          ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + (v === "x" ? 500 : 2_000));
        },
        onTimer(ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>) {
          fired.push(`${ctx.getCurrentKey()}@${ts} ${ctx.timeDomain()} ts=${ctx.timestamp()} now=${ctx.timerService().currentProcessingTime()}`);
          out.collect(ctx.getCurrentKey());
        },
      })
      .addSink(() => {});
    const client = await env.executeAsync();
    while (client.getMetrics().recordsIn < 2) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 5));
    expect(fired).toEqual([]);
    clock.advanceTo(1_600);
    await new Promise((r) => setTimeout(r, 5));
    expect(fired).toEqual(["x@1500 PROCESSING_TIME ts=1500 now=1600"]);
    release();
    await client.getJobExecutionResult();
    // The job ended before the clock reached the second timer: pending processing-time timers do not fire.
    expect(fired).toHaveLength(1);
  });

  it("timers need a keyed stream", async () => {
    const env = new StreamExecutionEnvironment();
    const job = env
      .fromElements(1)
      .process({
        processElement(_v: number, ctx) {
          ctx.timerService().registerEventTimeTimer(5);
        },
      })
      .executeAndCollect();
    await expect(job).rejects.toThrow(/Setting timers is only supported on a keyed streams/);
  });
});

describe("ManualClock", () => {
  it("runs due callbacks in time order and fires already-due ones at once", () => {
    const clock = new ManualClock(100);
    const log: string[] = [];
    clock.schedule(300, () => log.push("300"));
    clock.schedule(200, () => log.push("200"));
    const cancel = clock.schedule(250, () => log.push("250"));
    cancel();
    clock.schedule(100, () => log.push("due now"));
    expect(log).toEqual(["due now"]);
    clock.advanceTo(300);
    expect(log).toEqual(["due now", "200", "300"]);
    expect(() => clock.advanceTo(10)).toThrow(/cannot go back/);
  });
});
