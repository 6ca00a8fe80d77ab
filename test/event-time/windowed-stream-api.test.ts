// The WindowedStream / AllWindowedStream surface end to end: apply, reduce and aggregate with window functions,
// the field aggregations, triggers and evictors set through the fluent API, and Flink's argument checks.
import { describe, expect, it } from "vitest";
import {
  type AggregateFunction,
  type Collector,
  CountEvictor,
  CountTrigger,
  GlobalWindow,
  GlobalWindows,
  ManualClock,
  type ProcessWindowContext,
  ProcessAllWindowFunction,
  ProcessWindowFunction,
  RichReduceFunction,
  StreamExecutionEnvironment,
  TimeWindow,
  TumblingEventTimeWindows,
} from "../../host/node.js";
import { punctuated, sorted } from "./e2e-helpers.js";

type Sale = { shop: string; item: string; amount: number; ts: number };
const sales: Sale[] = [
  { shop: "s1", item: "pen", amount: 3, ts: 100 },
  { shop: "s2", item: "ink", amount: 9, ts: 150 },
  { shop: "s1", item: "cup", amount: 7, ts: 300 },
  { shop: "s1", item: "hat", amount: 7, ts: 900 },
  { shop: "s2", item: "mug", amount: 2, ts: 1100 },
];

function timedSales(p = 2) {
  const env = StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(p);
  const stream = env.fromElements(...sales).assignTimestampsAndWatermarks(punctuated<Sale>((s) => s.ts)).setParallelism(1);
  return { env, keyed: stream.keyBy((s) => s.shop), stream };
}

describe("WindowedStream", () => {
  it("sum / min / max keep the first element's other fields; minBy / maxBy keep the whole element (first on ties)", async () => {
    const { env, keyed } = timedSales();
    const out: Record<string, unknown[]> = { sum: [], min: [], max: [], minBy: [], maxBy: [] };
    const w = () => keyed.window(TumblingEventTimeWindows.of(1000));
    w().sum("amount").addSink((v) => void out.sum!.push(v));
    w().min("amount").addSink((v) => void out.min!.push(v));
    w().max("amount").addSink((v) => void out.max!.push(v));
    w().minBy("amount").addSink((v) => void out.minBy!.push(v));
    w().maxBy("amount").addSink((v) => void out.maxBy!.push(v));
    await env.execute();
    // [0,1000): s1 pen 3 @100, cup 7 @300, hat 7 @900; s2 ink 9 @150. [1000,2000): s2 mug 2.
    expect(sorted(out.sum!)).toEqual(sorted([
      { shop: "s1", item: "pen", amount: 17, ts: 100 }, { shop: "s2", item: "ink", amount: 9, ts: 150 }, { shop: "s2", item: "mug", amount: 2, ts: 1100 },
    ]));
    expect(sorted(out.min!)).toEqual(sorted([
      { shop: "s1", item: "pen", amount: 3, ts: 100 }, { shop: "s2", item: "ink", amount: 9, ts: 150 }, { shop: "s2", item: "mug", amount: 2, ts: 1100 },
    ]));
    expect(sorted(out.max!)).toEqual(sorted([
      { shop: "s1", item: "pen", amount: 7, ts: 100 }, { shop: "s2", item: "ink", amount: 9, ts: 150 }, { shop: "s2", item: "mug", amount: 2, ts: 1100 },
    ]));
    expect(sorted(out.minBy!)).toEqual(sorted([sales[0], sales[1], sales[4]]));
    expect(sorted(out.maxBy!)).toEqual(sorted([sales[2], sales[1], sales[4]]));
  });

  it("apply with a WindowFunction, reduce with a ProcessWindowFunction, aggregate with a WindowFunction", async () => {
    const { env, keyed } = timedSales();
    const applied: string[] = [];
    const reduced: string[] = [];
    const aggregated: string[] = [];
    keyed.window(TumblingEventTimeWindows.of(1000))
      .apply({ apply: (k: string, w: TimeWindow, xs: Iterable<Sale>, o: Collector<string>) => o.collect(`${k}@${w.start}:${Array.from(xs, (x) => x.item).join("+")}`) })
      .addSink((v) => void applied.push(v));
    class Total extends ProcessWindowFunction<Sale, string, string, TimeWindow> {
      process(k: string, ctx: ProcessWindowContext<TimeWindow>, xs: Iterable<Sale>, o: Collector<string>): void {
        for (const x of xs) o.collect(`${k}@${ctx.window().end}=${x.amount}`);
      }
    }
    keyed.window(TumblingEventTimeWindows.of(1000))
      .reduce((a: Sale, b: Sale) => ({ ...a, amount: a.amount + b.amount }), new Total())
      .addSink((v) => void reduced.push(v));
    const avg: AggregateFunction<Sale, [number, number], number> = {
      createAccumulator: () => [0, 0],
      add: (s, [n, t]) => [n + 1, t + s.amount],
      getResult: ([n, t]) => t / n,
      merge: ([n1, t1], [n2, t2]) => [n1 + n2, t1 + t2],
    };
    keyed.window(TumblingEventTimeWindows.of(1000))
      .aggregate(avg, (k: string, w: TimeWindow, a: Iterable<number>, o: Collector<string>) => o.collect(`${k}@${w.start}~${Array.from(a)[0]}`))
      .addSink((v) => void aggregated.push(v));
    await env.execute();
    expect(sorted(applied)).toEqual(sorted(["s1@0:pen+cup+hat", "s2@0:ink", "s2@1000:mug"]));
    expect(sorted(reduced)).toEqual(sorted(["s1@1000=17", "s2@1000=9", "s2@2000=2"]));
    expect(sorted(aggregated)).toEqual(sorted(["s1@0~" + 17 / 3, "s2@0~9", "s2@1000~2"]));
  });

  it("trigger and evictor through the fluent API", async () => {
    const { env, keyed } = timedSales(1);
    const out = await keyed
      .window(GlobalWindows.create())
      .trigger(CountTrigger.of(2))
      .evictor(CountEvictor.of(1))
      .process({
        process(k: string, ctx: ProcessWindowContext<GlobalWindow>, xs: Iterable<Sale>, o: Collector<string>) {
          o.collect(`${k}:${Array.from(xs, (x) => x.item).join(",")}:${ctx.window()}`);
        },
      })
      .executeAndCollect();
    // s1 fires at its 2nd element (cup; pen evicted); s2 fires at its 2nd (mug; ink evicted).
    // s1's 3rd element (hat) only makes the count 1 again.
    expect(out).toEqual(["s1:cup:GlobalWindow", "s2:mug:GlobalWindow"]);
  });

  it("rejects rich reduce and aggregate functions as Flink does", () => {
    const { keyed } = timedSales();
    class Rich extends RichReduceFunction<Sale> {
      reduce(a: Sale): Sale {
        return a;
      }
    }
    expect(() => keyed.window(TumblingEventTimeWindows.of(10)).reduce(new Rich())).toThrow("can not be a RichFunction");
    expect(() => keyed.window(TumblingEventTimeWindows.of(10)).allowedLateness(-1)).toThrow("cannot be negative");
  });
});

describe("AllWindowedStream", () => {
  it("aggregate paired with a ProcessAllWindowFunction", async () => {
    const { env, stream } = timedSales(3);
    const total: AggregateFunction<Sale, number, number> = { createAccumulator: () => 0, add: (s, a) => a + s.amount, getResult: (a) => a, merge: (a, b) => a + b };
    class Describe extends ProcessAllWindowFunction<number, string, TimeWindow> {
      process(ctx: ProcessWindowContext<TimeWindow>, totals: Iterable<number>, o: Collector<string>): void {
        o.collect(`[${ctx.window().start},${ctx.window().end}) ${Array.from(totals).join()}`);
      }
    }
    const out = await stream.windowAll(TumblingEventTimeWindows.of(1000)).aggregate(total, new Describe()).executeAndCollect();
    expect(out).toEqual(["[0,1000) 26", "[1000,2000) 2"]);
    void env;
  });
});
