// Window joins, coGroup and interval joins (Flink's JoinedStreams, CoGroupedStreams, IntervalJoinOperator).
// Expected pairs worked out by hand from the data.
import { describe, expect, it } from "vitest";
import {
  type Collector,
  EventTimeSessionWindows,
  IntervalJoinOperator,
  ManualClock,
  OutputTag,
  type ProcessJoinContext,
  ProcessJoinFunction,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  Time,
  TumblingEventTimeWindows,
  WatermarkStrategy,
} from "../../host/node.js";
import { OperatorHarness, rec, side, wm } from "./harness.js";
import { sorted } from "./e2e-helpers.js";

type T2 = [string, number];

function env(p: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(p);
}
const byTs = <T extends [string, number]>() => WatermarkStrategy.forMonotonousTimestamps<T>().withTimestampAssigner((t) => t[1]);

describe("window join and coGroup", () => {
  for (const p of [1, 2]) {
    it(`the seed's window join (12.3.1) at parallelism ${p}`, async () => {
      const e = env(p);
      const s1 = e.fromElements<T2>(["a", 1000], ["b", 1000], ["a", 2000], ["b", 2000]).assignTimestampsAndWatermarks(byTs<T2>());
      const s2 = e.fromElements<T2>(["a", 3000], ["b", 3000], ["a", 4000], ["b", 4000]).assignTimestampsAndWatermarks(byTs<T2>());
      const out = await s1
        .join(s2)
        .where((r) => r[0])
        .equalTo((r) => r[0])
        .window(TumblingEventTimeWindows.of(Time.seconds(5)))
        .apply((l: T2, r: T2) => `${l}=>${r}`)
        .executeAndCollect();
      // All in [0,5000): for each key, every left with every right.
      expect(sorted(out)).toEqual(sorted([
        "a,1000=>a,3000", "a,1000=>a,4000", "a,2000=>a,3000", "a,2000=>a,4000",
        "b,1000=>b,3000", "b,1000=>b,4000", "b,2000=>b,3000", "b,2000=>b,4000",
      ]));
    });
  }

  it("joins only pairs in the same window; a flat join function may emit several results", async () => {
    const e = env(2);
    const s1 = e.fromElements<T2>(["a", 1000], ["a", 6000]).assignTimestampsAndWatermarks(byTs<T2>());
    const s2 = e.fromElements<T2>(["a", 4000], ["a", 7000], ["b", 7000]).assignTimestampsAndWatermarks(byTs<T2>());
    const out = await s1
      .join(s2)
      .where((r) => r[0])
      .equalTo((r) => r[0])
      .window(TumblingEventTimeWindows.of(5000))
      .apply((l: T2, r: T2, o: Collector<string>) => {
        o.collect(`${l[1]}+${r[1]}`);
        o.collect(`${l[1]}-${r[1]}`);
      })
      .executeAndCollect();
    // [0,5000): (1000,4000); [5000,10000): (6000,7000); b has no left side.
    expect(sorted(out)).toEqual(sorted(["1000+4000", "1000-4000", "6000+7000", "6000-7000"]));
  });

  it("joins over sliding and session windows", async () => {
    const e = env(1);
    const left = e.fromElements<T2>(["a", 1000], ["a", 5000]).assignTimestampsAndWatermarks(byTs<T2>());
    const right = e.fromElements<T2>(["a", 2000], ["a", 9000]).assignTimestampsAndWatermarks(byTs<T2>());
    const sliding: string[] = [];
    const sessions: string[] = [];
    left.join(right).where((r) => r[0]).equalTo((r) => r[0]).window(SlidingEventTimeWindows.of(4000, 2000))
      .apply((l: T2, r: T2) => `${l[1]}/${r[1]}`).addSink((v) => void sliding.push(v));
    left.join(right).where((r) => r[0]).equalTo((r) => r[0]).window(EventTimeSessionWindows.withGap(1500))
      .apply((l: T2, r: T2) => `${l[1]}/${r[1]}`).addSink((v) => void sessions.push(v));
    await e.execute();
    // Sliding 4000/2000: 1000 is in [-2000,2000) and [0,4000); 2000 in [0,4000) and [2000,6000); 5000 in
    // [2000,6000) and [4000,8000); 9000 in [6000,10000) and [8000,12000). Pairs: (1000,2000) in [0,4000), then
    // (5000,2000) in [2000,6000).
    expect(sliding).toEqual(["1000/2000", "5000/2000"]);
    // Sessions with gap 1500: [1000,3500) holds 1000 and 2000; 5000 and 9000 are alone.
    expect(sessions).toEqual(["1000/2000"]);
  });

  it("coGroup gets each key's window contents of both sides, even when one side is empty", async () => {
    const e = env(2);
    const s1 = e.fromElements<T2>(["a", 1000], ["a", 2000], ["b", 1500]).assignTimestampsAndWatermarks(byTs<T2>());
    const s2 = e.fromElements<T2>(["a", 3000], ["c", 3500]).assignTimestampsAndWatermarks(byTs<T2>());
    const out = await s1
      .coGroup(s2)
      .where((r) => r[0])
      .equalTo((r) => r[0])
      .window(TumblingEventTimeWindows.of(5000))
      .apply((ls: Iterable<T2>, rs: Iterable<T2>, o: Collector<string>) => {
        const l = Array.from(ls, (x) => x[1]);
        const r = Array.from(rs, (x) => x[1]);
        o.collect(`${(l[0] ? "L" : "") + (r[0] ? "R" : "")} [${l}] [${r}]`);
      })
      .executeAndCollect();
    expect(sorted(out)).toEqual(sorted(["LR [1000,2000] [3000]", "L [1500] []", "R [] [3500]"]));
  });
});

describe("interval join", () => {
  it("the seed's example (12.3.2): orders join the views of the last 10 minutes and next 5, both directions", async () => {
    type Ev = [string, string, number];
    const e = env(2);
    const orders = e.fromElements<Ev>(["Mary", "order", 20 * 60_000]).assignTimestampsAndWatermarks(
      WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner((x) => x[2]),
    );
    const views = e
      .fromElements<Ev>(["Mary", "pv", 15 * 60_000], ["Mary", "pv", 11 * 60_000], ["Mary", "pv", 9 * 60_000], ["Mary", "pv", 21 * 60_000])
      .assignTimestampsAndWatermarks(WatermarkStrategy.forBoundedOutOfOrderness<Ev>(10 * 60_000).withTimestampAssigner((x) => x[2]));
    const a: string[] = [];
    const b: string[] = [];
    orders
      .keyBy((x) => x[0])
      .intervalJoin(views.keyBy((x) => x[0]))
      .between(Time.minutes(-10), Time.minutes(5))
      .process((l: Ev, r: Ev, _ctx: ProcessJoinContext, o: Collector<string>) => o.collect(`${l[2] / 60_000}=>${r[2] / 60_000}`))
      .addSink((v) => void a.push(v));
    views
      .keyBy((x) => x[0])
      .intervalJoin(orders.keyBy((x) => x[0]))
      .between(Time.minutes(-5), Time.minutes(10))
      .process({
        processElement(l: Ev, r: Ev, _ctx: ProcessJoinContext, o: Collector<string>) {
          o.collect(`${r[2] / 60_000}->${l[2] / 60_000}`);
        },
      })
      .addSink((v) => void b.push(v));
    await e.execute();
    // Views within [10, 25] minutes of the order at 20: 15, 11 and 21 (not 9). The reverse bounds give the same.
    expect(sorted(a)).toEqual(sorted(["20=>15", "20=>11", "20=>21"]));
    expect(sorted(b)).toEqual(sorted(["20->15", "20->11", "20->21"]));
  });

  type KV = [string, number];
  function joinHarness(lower: number, upper: number, opts: { lowerExclusive?: boolean; upperExclusive?: boolean; late?: boolean } = {}) {
    const left = opts.late ? new OutputTag<KV>("left-late") : null;
    const right = opts.late ? new OutputTag<KV>("right-late") : null;
    const op = new IntervalJoinOperator<string, KV, KV, string>(lower, upper, !opts.lowerExclusive, !opts.upperExclusive, left, right, {
      processElement(l: KV, r: KV, ctx: ProcessJoinContext, out: Collector<string>) {
        out.collect(`(${l[1]},${r[1]}) ${ctx.getLeftTimestamp()}/${ctx.getRightTimestamp()}`);
      },
    });
    return new OperatorHarness(op, { inputs: 2, keySelector1: (x: KV) => x[0], keySelector2: (x: KV) => x[0] });
  }

  it("bounds [-2, 1] as in the seed's picture: (2,0), (2,1), (3,1); results carry the larger timestamp", () => {
    const h = joinHarness(-2, 1);
    h.element2(["k", 0], 0).element2(["k", 1], 1).element(["k", 2], 2).element(["k", 3], 3);
    expect(h.take()).toEqual([rec("(2,0) 2/0", 2), rec("(2,1) 2/1", 2), rec("(3,1) 3/1", 3)]);
  });

  it("exclusive bounds move the bound by one millisecond", () => {
    const lo = joinHarness(-2, 1, { lowerExclusive: true });
    lo.element2(["k", 0], 0).element2(["k", 1], 1).element(["k", 2], 2).element(["k", 3], 3);
    // (-2, 1]: 2 joins (0,3] -> 1; 3 joins (1,4] -> none.
    expect(lo.records()).toEqual(["(2,1) 2/1"]);
    const hi = joinHarness(-2, 1, { upperExclusive: true });
    hi.element2(["k", 0], 0).element2(["k", 1], 1).element(["k", 2], 2).element(["k", 3], 3);
    // [-2, 1): 2 joins [0,3) -> 0, 1; 3 joins [1,4) -> 1.
    expect(hi.records()).toEqual(["(2,0) 2/0", "(2,1) 2/1", "(3,1) 3/1"]);
    expect(() => joinHarness(1, 1, { lowerExclusive: true })).toThrow("lowerBound <= upperBound must be fulfilled");
  });

  it("buffers are state cleaned up when the watermark passes the bound; late elements are side outputs", () => {
    const h = joinHarness(-2, 1, { late: true });
    h.element2(["k", 0], 0).element2(["k", 1], 1).element(["k", 2], 2).element(["k", 3], 3);
    h.take();
    const op = h.operator as unknown as { bufferedTimestamps(): { left: number[]; right: number[] } };
    // Cleanup times: left ts + upper (2 -> 3, 3 -> 4); right ts + 2 (= -lower; 0 -> 2, 1 -> 3).
    h.watermark1(3).watermark2(3);
    expect(op.bufferedTimestamps()).toEqual({ left: [3], right: [] });
    // Left 2 < watermark 3: late. Right 3 is not late and still meets left 3 (right bounds [3-1, 3+2]).
    h.element(["k", 2], 2).element2(["k", 3], 3);
    expect(h.take()).toEqual([wm(3), side("left-late", ["k", 2], 2), rec("(3,3) 3/3", 3)]);
  });

  it("requires timestamps, and a class-based ProcessJoinFunction works", () => {
    class Pair extends ProcessJoinFunction<KV, KV, string> {
      processElement(l: KV, r: KV, _ctx: ProcessJoinContext, out: Collector<string>): void {
        out.collect(`${l[1]}${r[1]}`);
      }
    }
    const op = new IntervalJoinOperator<string, KV, KV, string>(0, 0, true, true, null, null, new Pair());
    const h = new OperatorHarness(op, { inputs: 2, keySelector1: (x: KV) => x[0], keySelector2: (x: KV) => x[0] });
    h.element(["k", 5], 5).element2(["k", 5], 5);
    expect(h.records()).toEqual(["55"]);
    expect(() => h.element(["k", 1])).toThrow("need to have timestamps");
  });
});
