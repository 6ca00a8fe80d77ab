import { describe, expect, it } from "vitest";
import {
  KeyedProcessFunction,
  type KeyedProcessContext,
  ListStateDescriptor,
  MapStateDescriptor,
  RichMapFunction,
  type RuntimeContext,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  type Collector,
  ReducingStateDescriptor,
  AggregatingStateDescriptor,
} from "../../host/index.js";

describe("rich function lifecycle", () => {
  it("each subtask gets its own instance: open before the first record, close after the last", async () => {
    const events: string[] = [];
    class Lifecycle extends RichMapFunction<number, string> {
      private seen = 0;
      override open(ctx: RuntimeContext): void {
        expect(ctx).toBe(this.getRuntimeContext());
        events.push(`open ${ctx.getIndexOfThisSubtask()}/${ctx.getNumberOfParallelSubtasks()} seen=${this.seen}`);
      }
      map(v: number): string {
        this.seen++;
        return `${v}`;
      }
      override close(): void {
        events.push(`close ${this.getRuntimeContext().getIndexOfThisSubtask()} seen=${this.seen}`);
      }
    }
    const fn = new Lifecycle();
    const env = new StreamExecutionEnvironment().setParallelism(2);
    const out = await env.fromSequence(1, 10).map(fn).name("Life").executeAndCollect();
    expect(out).toHaveLength(10);
    expect(events.filter((e) => e.startsWith("open")).sort()).toEqual(["open 0/2 seen=0", "open 1/2 seen=0"]);
    const closes = events.filter((e) => e.startsWith("close"));
    expect(closes).toHaveLength(2);
    const seenTotal = closes.map((c) => Number(c.split("seen=")[1])).reduce((a, b) => a + b, 0);
    expect(seenTotal).toBe(10);
    for (const c of closes) expect(events.indexOf(c)).toBeGreaterThan(events.findIndex((e) => e.startsWith("open")));
    // The function object handed to map() is a template; the instances that ran are copies.
    expect(() => fn.getRuntimeContext()).toThrow(/available from open\(\) on/);
  });

  it("the runtime context names the task and counts user metrics into the job's accumulators", async () => {
    const names: string[] = [];
    class Named extends RichMapFunction<number, number> {
      override open(): void {
        const ctx = this.getRuntimeContext();
        names.push(ctx.getTaskNameWithSubtasks());
        expect(ctx.getMaxNumberOfParallelSubtasks()).toBe(128);
        expect(ctx.getAttemptNumber()).toBe(0);
      }
      map(v: number): number {
        this.getRuntimeContext().getMetricGroup().counter("mapped").inc();
        return v;
      }
    }
    const env = new StreamExecutionEnvironment();
    env.fromSequence(1, 5).map(new Named()).name("Counter").print();
    const result = await (async () => {
      const original = console.log;
      return env.execute("named job").finally(() => void (console.log = original));
    })();
    expect(names).toEqual(["Source: Sequence Source -> Counter -> Sink: Print to Std. Out (1/1)"]);
    expect(result.accumulators).toEqual({ mapped: 5 });
    expect(result.jobName).toBe("named job");
  });

  it("keyed state is not available on non-keyed streams", async () => {
    class Bad extends RichMapFunction<number, number> {
      map(v: number): number {
        this.getRuntimeContext().getState(new ValueStateDescriptor<number>("x"));
        return v;
      }
    }
    await expect(new StreamExecutionEnvironment().fromElements(1).map(new Bad()).executeAndCollect()).rejects.toThrow(
      /Keyed state can only be used on a 'keyed stream'/,
    );
  });
});

describe("keyed state in rich functions", () => {
  it("ValueState, ListState, MapState, ReducingState and AggregatingState are scoped per key", async () => {
    class AllStates extends KeyedProcessFunction<string, [string, number], string> {
      override open(): void {}
      processElement(value: [string, number], ctx: KeyedProcessContext<string>, out: Collector<string>): void {
        const rc = this.getRuntimeContext();
        const count = rc.getState(new ValueStateDescriptor<number>("count", undefined, 0));
        const list = rc.getListState(new ListStateDescriptor<number>("list"));
        const map = rc.getMapState(new MapStateDescriptor<number, number>("map"));
        const sum = rc.getReducingState(new ReducingStateDescriptor<number>("sum", (a, b) => a + b));
        const avg = rc.getAggregatingState(
          new AggregatingStateDescriptor<number, [number, number], number>("avg", {
            createAccumulator: () => [0, 0],
            add: (v, acc) => [acc[0] + v, acc[1] + 1],
            getResult: (acc) => acc[0] / acc[1],
            merge: (a, b) => [a[0] + b[0], a[1] + b[1]],
          }),
        );
        count.update(count.value()! + 1);
        list.add(value[1]);
        map.put(value[1] % 2, (map.get(value[1] % 2) ?? 0) + 1);
        sum.add(value[1]);
        avg.add(value[1]);
        out.collect(
          `${ctx.getCurrentKey()} n=${count.value()} list=${[...list.get()].join(",")} odd=${map.get(1) ?? 0} sum=${sum.get()} avg=${avg.get()}`,
        );
      }
    }
    const env = new StreamExecutionEnvironment().setParallelism(2);
    const input: Array<[string, number]> = [
      ["a", 1],
      ["b", 10],
      ["a", 2],
      ["a", 3],
      ["b", 20],
    ];
    const out = await env.fromCollection(input).keyBy((t) => t[0]).process(new AllStates()).executeAndCollect();
    expect(out.filter((l) => l.startsWith("a"))).toEqual([
      "a n=1 list=1 odd=1 sum=1 avg=1",
      "a n=2 list=1,2 odd=1 sum=3 avg=1.5",
      "a n=3 list=1,2,3 odd=2 sum=6 avg=2",
    ]);
    expect(out.filter((l) => l.startsWith("b"))).toEqual(["b n=1 list=10 odd=0 sum=10 avg=10", "b n=2 list=10,20 odd=0 sum=30 avg=15"]);
  });

  it("structured keys address the same state when equal", async () => {
    const env = new StreamExecutionEnvironment();
    const out = await env
      .fromElements({ user: { id: 1, region: "eu" }, n: 1 }, { user: { region: "eu", id: 1 }, n: 2 }, { user: { id: 2, region: "eu" }, n: 5 })
      .keyBy((e) => e.user)
      .reduce((a, b) => ({ user: a.user, n: a.n + b.n }))
      .map((e) => e.n)
      .executeAndCollect();
    expect(out).toEqual([1, 3, 5]);
  });
});
