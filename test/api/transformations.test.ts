import { describe, expect, it } from "vitest";
import {
  type Collector,
  type DataStream,
  KeyedCoProcessFunction,
  type KeyedProcessContext,
  OutputTag,
  RuntimeExecutionMode,
  type ValueState,
  ValueStateDescriptor,
  RichFlatMapFunction,
  StreamExecutionEnvironment,
} from "../../host/index.js";

const env = (): StreamExecutionEnvironment => new StreamExecutionEnvironment();

describe("map, filter, flatMap", () => {
  it("map accepts a function or an object with map()", async () => {
    expect(await env().fromElements(1, 2, 3).map((x: number) => x * 10).executeAndCollect()).toEqual([10, 20, 30]);
    expect(await env().fromElements(1, 2, 3).map({ map: (x: number) => `v${x}` }).executeAndCollect()).toEqual(["v1", "v2", "v3"]);
  });
  it("filter keeps what the predicate accepts", async () => {
    expect(await env().fromSequence(1, 10).filter((x) => x % 3 === 0).executeAndCollect()).toEqual([3, 6, 9]);
    expect(await env().fromSequence(1, 5).filter({ filter: (x: number) => x > 3 }).executeAndCollect()).toEqual([4, 5]);
  });
  it("flatMap emits through the collector or by returning an iterable", async () => {
    const viaCollector = await env()
      .fromElements("a b", "", "c")
      .flatMap((line: string, out: Collector<string>) => {
        for (const w of line.split(" ")) if (w) out.collect(w);
      })
      .executeAndCollect();
    expect(viaCollector).toEqual(["a", "b", "c"]);
    const viaIterable = await env().fromElements(2, 0, 3).flatMap((n: number) => Array.from({ length: n }, (_, i) => n * 10 + i)).executeAndCollect();
    expect(viaIterable).toEqual([20, 21, 30, 31, 32]);
    class Dup extends RichFlatMapFunction<number, number> {
      flatMap(v: number, out: Collector<number>): void {
        out.collect(v);
        out.collect(v);
      }
    }
    expect(await env().fromElements(7, 8).flatMap(new Dup()).executeAndCollect()).toEqual([7, 7, 8, 8]);
  });
});

describe("rolling aggregations on keyed streams", () => {
  const tuples: Array<[string, number, string]> = [
    ["a", 3, "first"],
    ["b", 1, "b1"],
    ["a", 1, "second"],
    ["a", 5, "third"],
    ["b", 1, "b2"],
  ];
  type Row = [string, number, string];
  const run = (f: (s: DataStream<Row>) => DataStream<Row>): Promise<Row[]> => f(env().fromCollection(tuples)).executeAndCollect();
  it("reduce emits the running value per key", async () => {
    const out = await env()
      .fromElements(1, 2, 3, 4, 5, 6)
      .keyBy((x) => x % 2)
      .reduce((a, b) => a + b)
      .executeAndCollect();
    expect(out).toEqual([1, 2, 4, 6, 9, 12]);
  });
  it("sum keeps the first record's other fields (Flink's SumAggregator)", async () => {
    expect(await run((s) => s.keyBy(0).sum(1))).toEqual([
      ["a", 3, "first"],
      ["b", 1, "b1"],
      ["a", 4, "first"],
      ["a", 9, "first"],
      ["b", 2, "b1"],
    ]);
  });
  it("min/max replace only the field; minBy/maxBy return the whole record, the earlier on ties", async () => {
    expect(await run((s) => s.keyBy(0).min(1))).toEqual([
      ["a", 3, "first"],
      ["b", 1, "b1"],
      ["a", 1, "first"],
      ["a", 1, "first"],
      ["b", 1, "b1"],
    ]);
    expect(await run((s) => s.keyBy(0).max(1))).toEqual([
      ["a", 3, "first"],
      ["b", 1, "b1"],
      ["a", 3, "first"],
      ["a", 5, "first"],
      ["b", 1, "b1"],
    ]);
    expect(await run((s) => s.keyBy(0).minBy(1))).toEqual([
      ["a", 3, "first"],
      ["b", 1, "b1"],
      ["a", 1, "second"],
      ["a", 1, "second"],
      ["b", 1, "b1"],
    ]);
    expect(await run((s) => s.keyBy(0).maxBy(1))).toEqual([
      ["a", 3, "first"],
      ["b", 1, "b1"],
      ["a", 3, "first"],
      ["a", 5, "third"],
      ["b", 1, "b1"],
    ]);
  });
  it("aggregates object fields by name and plain numbers by field 0", async () => {
    const objs = await env()
      .fromElements({ k: "x", n: 2 }, { k: "x", n: 3 })
      .keyBy("k")
      .sum("n")
      .executeAndCollect();
    expect(objs).toEqual([{ k: "x", n: 2 }, { k: "x", n: 5 }]);
    expect(await env().fromElements(1, 2, 3).keyBy(() => 0).sum(0).executeAndCollect()).toEqual([1, 3, 6]);
  });
  it("fails clearly when the field is missing", async () => {
    await expect(env().fromElements({ k: "x" }, { k: "x" }).keyBy("k").sum("n").executeAndCollect()).rejects.toThrow(/Keyed Aggregation.*no field 'n'/);
  });
});

describe("process, union, connect, side outputs", () => {
  it("ProcessFunction sees timestamps and emits side outputs", async () => {
    const e = env();
    const small = new OutputTag<number>("small");
    const main = e.fromSequence(1, 6).process({
      processElement(v: number, ctx, out: Collector<string>) {
        expect(ctx.timestamp()).toBeNull();
        if (v < 3) ctx.output(small, v);
        else out.collect(`big ${v}`);
      },
    });
    // Collect both branches: main and side output of the same operator.
    const mainOut = await main.executeAndCollect();
    expect(mainOut).toEqual(["big 3", "big 4", "big 5", "big 6"]);
  });
  it("side output records reach only the stream of their tag", async () => {
    const e = env();
    const a = new OutputTag<string>("a");
    const b = new OutputTag<string>("b");
    const main = e.fromElements("a1", "b1", "x", "a2").process({
      processElement(v: string, ctx, out: Collector<string>) {
        if (v.startsWith("a")) ctx.output(a, v);
        else if (v.startsWith("b")) ctx.output(b, v);
        else out.collect(v);
      },
    });
    const sideA = main.getSideOutput(a);
    const sideB = main.getSideOutput(b);
    const merged = await sideA.map((v: string) => `A:${v}`).union(sideB.map((v: string) => `B:${v}`), main.map((v: string) => `M:${v}`)).executeAndCollect();
    expect(merged.sort()).toEqual(["A:a1", "A:a2", "B:b1", "M:x"]);
  });
  it("union merges streams of the same type", async () => {
    const e = env();
    const out = await e.fromElements(1, 2).union(e.fromElements(3), e.fromSequence(4, 5)).executeAndCollect();
    expect(out.sort()).toEqual([1, 2, 3, 4, 5]);
  });
  it("connect with co-map, co-flat-map and co-process", async () => {
    const e1 = env();
    const coMap = await e1
      .fromElements(1, 2)
      .connect(e1.fromElements("x"))
      .map({ map1: (n: number) => `n${n}`, map2: (s: string) => `s${s}` })
      .executeAndCollect();
    expect(coMap.sort()).toEqual(["n1", "n2", "sx"]);
    const e2 = env();
    const coFlat = await e2
      .fromElements(2)
      .connect(e2.fromElements("ab"))
      .flatMap({
        flatMap1: (n: number, out: Collector<string>) => void out.collect("#".repeat(n)),
        flatMap2: (s: string) => s.split(""),
      })
      .executeAndCollect();
    expect(coFlat.sort()).toEqual(["##", "a", "b"]);
    const e3 = env();
    const coProc = await e3
      .fromElements(1, 2, 3)
      .connect(e3.fromElements(10))
      .process({
        processElement1(v: number, _ctx: unknown, out: Collector<number>) {
          out.collect(v);
        },
        processElement2(v: number, _ctx: unknown, out: Collector<number>) {
          out.collect(-v);
        },
      })
      .executeAndCollect();
    expect(coProc.sort((a, b) => a - b)).toEqual([-10, 1, 2, 3]);
  });
  it("keyed connect shares keyed state between both inputs", async () => {
    const e = env();
    const rules = e.fromElements(["a", 10] as [string, number], ["b", 20] as [string, number]);
    const events = e.fromElements(["a", 1] as [string, number], ["b", 2] as [string, number], ["a", 3] as [string, number]);
    class Enrich extends KeyedCoProcessFunction<string, [string, number], [string, number], string> {
      private factor!: ValueState<number>;
      override open(): void {
        this.factor = this.getRuntimeContext().getState(new ValueStateDescriptor<number>("factor", undefined, 1));
      }
      processElement1(rule: [string, number], ctx: KeyedProcessContext<string>): void {
        expect(ctx.getCurrentKey()).toBe(rule[0]);
        this.factor.update(rule[1]);
      }
      processElement2(ev: [string, number], ctx: KeyedProcessContext<string>, out: Collector<string>): void {
        out.collect(`${ctx.getCurrentKey()}:${ev[1] * this.factor.value()!}`);
      }
    }
    // Both inputs have one producer each; the rules may arrive before or after the events, so each event is
    // multiplied by 1 (default) or by its key's rule.
    const out = await rules.connect(events).keyBy((r) => r[0], (ev) => ev[0]).process(new Enrich()).executeAndCollect();
    expect(out).toHaveLength(3);
    for (const line of out) expect(["a:1", "a:10", "b:2", "b:40", "a:3", "a:30"]).toContain(line);
  });
});

describe("runtime mode", () => {
  it("BATCH emits only the final value of rolling aggregations", async () => {
    const e = env().setRuntimeMode(RuntimeExecutionMode.BATCH).setParallelism(2);
    const out = await e
      .fromElements(["a", 1] as [string, number], ["b", 2] as [string, number], ["a", 3] as [string, number])
      .keyBy(0)
      .sum(1)
      .executeAndCollect();
    expect(out.sort()).toEqual([
      ["a", 4],
      ["b", 2],
    ]);
  });
  it("AUTOMATIC runs bounded jobs as BATCH", async () => {
    const out = await env().setRuntimeMode(RuntimeExecutionMode.AUTOMATIC).fromElements(1, 2, 3).keyBy(() => "k").reduce((a, b) => a + b).executeAndCollect();
    expect(out).toEqual([6]);
  });
  it("BATCH refuses unbounded sources", async () => {
    const e = env().setRuntimeMode(RuntimeExecutionMode.BATCH);
    e.socketTextStream("127.0.0.1", 9).print();
    await expect(e.execute()).rejects.toThrow(/UNBOUNDED source with the 'execution.runtime-mode' set to 'BATCH'/);
  });
});
