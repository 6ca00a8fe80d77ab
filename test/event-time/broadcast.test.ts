// Broadcast state: BroadcastStream, BroadcastProcessFunction and KeyedBroadcastProcessFunction
// (Flink's CoBroadcastWithNonKeyedOperator / CoBroadcastWithKeyedOperator).
import { describe, expect, it } from "vitest";
import {
  type BroadcastContext,
  BroadcastProcessFunction,
  type BroadcastReadOnlyContext,
  CoBroadcastWithKeyedOperator,
  CoBroadcastWithNonKeyedOperator,
  type Collector,
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  ManualClock,
  MapStateDescriptor,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from "../../host/node.js";
import { deferred, scriptedSource, sorted } from "./e2e-helpers.js";
import { OperatorHarness, rec } from "./harness.js";

const thresholds = new MapStateDescriptor<string, number>("thresholds");
type Rule = [name: string, value: number];
type Ev = [user: string, amount: number];

describe("BroadcastProcessFunction (non-keyed)", () => {
  class Filter extends BroadcastProcessFunction<Ev, Rule, string> {
    processElement(e: Ev, ctx: BroadcastReadOnlyContext, out: Collector<string>): void {
      const min = ctx.getBroadcastState(thresholds).get("min");
      if (min !== null && e[1] >= min) out.collect(`${e[0]}:${e[1]}@${ctx.timestamp()}`);
    }
    processBroadcastElement(r: Rule, ctx: BroadcastContext): void {
      ctx.getBroadcastState(thresholds).put(r[0], r[1]);
    }
  }
  it("the broadcast side writes the state, the other side reads it", () => {
    const h = new OperatorHarness(new CoBroadcastWithNonKeyedOperator(new Filter(), [thresholds as MapStateDescriptor<unknown, unknown>]), { inputs: 2 });
    h.element(["a", 50], 1); // no rule yet
    h.element2(["min", 10]);
    h.element(["a", 5], 2).element(["b", 15], 3);
    h.element2(["min", 20]);
    h.element(["b", 15], 4).element(["c", 25], 5);
    expect(h.take()).toEqual([rec("b:15@3", 3), rec("c:25@5", 5)]);
    // Broadcast state is operator state: it is in the snapshot.
    expect(h.snapshot().operatorState!.broadcast).toEqual([{ name: "thresholds", entries: [["min", 20]] }]);
  });
  it("is read-only on the non-broadcast side and limited to the declared descriptors", () => {
    const probe = {
      processElement(_e: Ev, ctx: BroadcastReadOnlyContext, out: Collector<string>) {
        const ro = ctx.getBroadcastState(thresholds) as unknown as Record<string, unknown>;
        out.collect(`put:${typeof ro.put} remove:${typeof ro.remove}`);
        ctx.getBroadcastState(new MapStateDescriptor<string, number>("other"));
      },
      processBroadcastElement() {},
    };
    const h = new OperatorHarness(new CoBroadcastWithNonKeyedOperator(probe, [thresholds as MapStateDescriptor<unknown, unknown>]), { inputs: 2 });
    expect(() => h.element(["a", 1], 1)).toThrow("The requested state does not exist");
    expect(h.records()).toEqual(["put:undefined remove:undefined"]);
  });
});

describe("KeyedBroadcastProcessFunction", () => {
  const count = new ValueStateDescriptor<number>("count");
  class Counting extends KeyedBroadcastProcessFunction<string, Ev, Rule, string> {
    private counter!: ValueState<number>;
    override open(): void {
      this.counter = this.getRuntimeContext().getState(count);
    }
    processElement(e: Ev, ctx: KeyedBroadcastReadOnlyContext<string>, out: Collector<string>): void {
      this.counter.update((this.counter.value() ?? 0) + 1);
      const min = ctx.getBroadcastState(thresholds).get("min") ?? Infinity;
      if (e[1] >= min) out.collect(`${ctx.getCurrentKey()} big ${e[1]}`);
      ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 100);
    }
    processBroadcastElement(r: Rule, ctx: KeyedBroadcastContext<string>, out: Collector<string>): void {
      if (r[0] === "report") ctx.applyToKeyedState(count, (key, state) => out.collect(`${key}=${state.value()}`));
      else ctx.getBroadcastState(thresholds).put(r[0], r[1]);
    }
    override onTimer(ts: number, ctx: KeyedBroadcastOnTimerContext<string>, out: Collector<string>): void {
      out.collect(`${ctx.getCurrentKey()} timer ${ts} ${ctx.timeDomain()} min=${ctx.getBroadcastState(thresholds).get("min")}`);
    }
  }
  it("keyed state and timers on the keyed side, applyToKeyedState on the broadcast side", () => {
    const op = new CoBroadcastWithKeyedOperator(new Counting(), [thresholds as MapStateDescriptor<unknown, unknown>]);
    const h = new OperatorHarness(op, { inputs: 2, keySelector1: (e: Ev) => e[0] });
    h.element2(["min", 10]);
    h.element(["a", 5], 1).element(["b", 12], 2).element(["a", 30], 3);
    h.element2(["report", 0]);
    h.watermark1(101).watermark2(101);
    const out = h.records() as string[];
    // Keys are visited in key-group order, which Flink leaves unspecified too.
    expect([...out.slice(0, 2), ...sorted(out.slice(2, 4)), ...out.slice(4)]).toEqual([
      "b big 12", "a big 30", "a=2", "b=1", "a timer 101 EVENT_TIME min=10",
    ]);
  });

  it("end to end at parallelism 2: every instance gets every broadcast element", async () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(2);
    let rulesSeen = 0;
    let eventsSeen = 0;
    const ruleArrived = deferred();
    const eventsDone = deferred();
    const events: Ev[] = [["u1", 5], ["u2", 50], ["u3", 7], ["u1", 70], ["u4", 11], ["u2", 1]];
    const rules = e
      .addSource(scriptedSource<Rule>([{ emit: ["min", 10] }, { wait: eventsDone.promise }, { emit: ["report", 0] }]))
      .broadcast(thresholds);
    const out = await e
      .addSource(scriptedSource<Ev>([{ wait: ruleArrived.promise }, ...events.map((x) => ({ emit: x }))]))
      .keyBy((x) => x[0])
      .connect(rules)
      .process({
        processElement(ev: Ev, ctx: KeyedBroadcastReadOnlyContext<string>, o: Collector<string>) {
          const state = (this as unknown as { counter(): ValueState<number> }).counter();
          state.update((state.value() ?? 0) + ev[1]);
          if (ev[1] >= (ctx.getBroadcastState(thresholds).get("min") ?? Infinity)) o.collect(`big ${ctx.getCurrentKey()} ${ev[1]}`);
          if (++eventsSeen === events.length) eventsDone.resolve();
        },
        processBroadcastElement(r: Rule, ctx: KeyedBroadcastContext<string>, o: Collector<string>) {
          if (r[0] === "report") ctx.applyToKeyedState(new ValueStateDescriptor<number>("sum"), (k, s) => o.collect(`sum ${k}=${s.value()}`));
          else {
            ctx.getBroadcastState(thresholds).put(r[0], r[1]);
            // Both parallel instances must have the rule before the events start.
            if (++rulesSeen === 2) ruleArrived.resolve();
          }
        },
        rc: null as unknown as { getState(d: ValueStateDescriptor<number>): ValueState<number> },
        open(ctx?: unknown) {
          (this as unknown as { rc: unknown }).rc = ctx;
        },
        counter(this: { rc: { getState(d: ValueStateDescriptor<number>): ValueState<number> } }) {
          return this.rc.getState(new ValueStateDescriptor<number>("sum"));
        },
      } as never)
      .executeAndCollect();
    // Events >= 10 are big; the report lists every key's sum exactly once across both instances.
    expect(sorted(out)).toEqual(sorted(["big u2 50", "big u1 70", "big u4 11", "sum u1=75", "sum u2=51", "sum u3=7", "sum u4=11"]));
  });

  it("a BroadcastProcessFunction is rejected on a keyed stream", () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment();
    const rules = e.fromElements<Rule>(["min", 1]).broadcast(thresholds);
    class F extends BroadcastProcessFunction<number, Rule, number> {
      processElement(): void {}
      processBroadcastElement(): void {}
    }
    expect(() => e.fromElements(1).keyBy((x) => x).connect(rules).process(new F())).toThrow("can only be used on a non-keyed stream");
    // broadcast() without descriptors stays the broadcast partitioner.
    expect(e.fromElements(1).broadcast().constructor.name).toBe("DataStream");
  });
});
