// The examples the seed notes walk through (shared/seeds/001_*: process functions, Top-N, keyed state), run
// end to end. Expected outputs are worked out by hand from the data in each test.
import { describe, expect, it } from "vitest";
import {
  type AggregateFunction,
  type Collector,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  type ListState,
  ListStateDescriptor,
  ManualClock,
  type MapState,
  MapStateDescriptor,
  ProcessAllWindowFunction,
  type ProcessWindowContext,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TimeWindow,
  TumblingEventTimeWindows,
  type ValueState,
  ValueStateDescriptor,
  WatermarkStrategy,
} from "../../host/node.js";
import { deferred, punctuated, scriptedSource, sorted, until } from "./e2e-helpers.js";

interface Event {
  user: string;
  url: string;
  timestamp: number;
}
interface UrlViewCount {
  url: string;
  count: number;
  windowStart: number;
  windowEnd: number;
}

// Clicks in timestamp order (as the seed's ClickSource emits them).
const clicks: Event[] = (
  [
    ["./prod", 500], ["./home", 1000], ["./home", 2000], ["./home", 3000], ["./cart", 4000], ["./prod", 4500],
    ["./home", 6000], ["./home", 7000], ["./cart", 8000], ["./cart", 9000], ["./prod", 9500], ["./cart", 9900],
    ["./home", 11000], ["./cart", 12000], ["./cart", 13000], ["./cart", 14000],
  ] as const
).map(([url, timestamp], i) => ({ user: i % 2 === 0 ? "Mary" : "Bob", url, timestamp }));

// Sliding windows of 10 s every 5 s; counts by hand:
//   [-5000,5000):  home 3 (1000,2000,3000), prod 2 (500,4500), cart 1 (4000)
//   [0,10000):     home 5, cart 4 (4000,8000,9000,9900), prod 3 (500,4500,9500)
//   [5000,15000):  cart 6 (8000,9000,9900,12000,13000,14000), home 3 (6000,7000,11000), prod 1 (9500)
//   [10000,20000): cart 3 (12000,13000,14000), home 1 (11000)
const expectedTop2 = [
  "window end 5000: No.1 ./home 3, No.2 ./prod 2",
  "window end 10000: No.1 ./home 5, No.2 ./cart 4",
  "window end 15000: No.1 ./cart 6, No.2 ./home 3",
  "window end 20000: No.1 ./cart 3, No.2 ./home 1",
];

function top2(counts: Map<string, number>, windowEnd: number, n = 2): string {
  const ranked = Array.from(counts).sort((a, b) => b[1] - a[1]);
  return `window end ${windowEnd}: ${ranked.slice(0, n).map(([url, c], i) => `No.${i + 1} ${url} ${c}`).join(", ")}`;
}

function env(): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(1);
}

const seedStrategy = WatermarkStrategy.forBoundedOutOfOrderness<Event>(0).withTimestampAssigner((e) => e.timestamp);

describe("Top-N hot URLs (seed 11.4)", () => {
  it("11.4.1: windowAll over sliding windows with a ProcessAllWindowFunction", async () => {
    class UrlTop2 extends ProcessAllWindowFunction<string, string, TimeWindow> {
      process(ctx: ProcessWindowContext<TimeWindow>, urls: Iterable<string>, out: Collector<string>): void {
        const counts = new Map<string, number>();
        for (const url of urls) counts.set(url, (counts.get(url) ?? 0) + 1);
        out.collect(top2(counts, ctx.window().end));
      }
    }
    const out = await env()
      .fromCollection(clicks)
      .assignTimestampsAndWatermarks(seedStrategy)
      .map((e: Event) => e.url)
      .windowAll(SlidingEventTimeWindows.of(10_000, 5_000))
      .process(new UrlTop2())
      .executeAndCollect();
    expect(out).toEqual(expectedTop2);
  });

  it("11.4.2: incremental counts per url, then a KeyedProcessFunction with ListState and a windowEnd + 1 timer", async () => {
    const countAgg: AggregateFunction<Event, number, number> = {
      createAccumulator: () => 0,
      add: (_e, acc) => acc + 1,
      getResult: (acc) => acc,
      merge: (a, b) => a + b,
    };
    class TopN extends KeyedProcessFunction<number, UrlViewCount, string> {
      private state!: ListState<UrlViewCount>;
      constructor(private readonly n: number) {
        super();
      }
      override open(): void {
        this.state = this.getRuntimeContext().getListState(new ListStateDescriptor<UrlViewCount>("list-state"));
      }
      processElement(value: UrlViewCount, ctx: KeyedProcessContext<number>): void {
        this.state.add(value);
        // Once the watermark passes windowEnd + 1, every url's count of this window has arrived.
        ctx.timerService().registerEventTimeTimer(value.windowEnd + 1);
      }
      override onTimer(timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<string>): void {
        const all = Array.from(this.state.get());
        this.state.clear();
        out.collect(top2(new Map(all.map((u) => [u.url, u.count])), timestamp - 1, this.n));
      }
    }
    const out = await env()
      .fromCollection(clicks)
      .assignTimestampsAndWatermarks(seedStrategy)
      .keyBy((e) => e.url)
      .window(SlidingEventTimeWindows.of(10_000, 5_000))
      .aggregate(countAgg, {
        process(url: string, ctx: ProcessWindowContext<TimeWindow>, counts: Iterable<number>, o: Collector<UrlViewCount>) {
          o.collect({ url, count: counts[Symbol.iterator]().next().value as number, windowStart: ctx.window().start, windowEnd: ctx.window().end });
        },
      })
      .keyBy((u: UrlViewCount) => u.windowEnd)
      .process(new TopN(2))
      .executeAndCollect();
    expect(out).toEqual(expectedTop2);
  });
});

describe("keyed state examples (seed 13.2.3)", () => {
  it("the fake window: a KeyedProcessFunction with MapState emulates tumbling windows", async () => {
    class FakeWindow extends KeyedProcessFunction<string, Event, string> {
      private windowPv!: MapState<number, number>;
      constructor(private readonly windowSize: number) {
        super();
      }
      override open(): void {
        this.windowPv = this.getRuntimeContext().getMapState(new MapStateDescriptor<number, number>("window-pv"));
      }
      processElement(event: Event, ctx: KeyedProcessContext<string>): void {
        const windowStart = event.timestamp - (event.timestamp % this.windowSize);
        ctx.timerService().registerEventTimeTimer(windowStart + this.windowSize - 1);
        this.windowPv.put(windowStart, (this.windowPv.get(windowStart) ?? 0) + 1);
      }
      override onTimer(timestamp: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
        const start = timestamp + 1 - this.windowSize;
        out.collect(`${ctx.getCurrentKey()}: ${start}~${timestamp + 1}: ${this.windowPv.get(start)}`);
        this.windowPv.remove(start);
      }
    }
    // Tumbling 5 s windows per url, by hand: home [0,5000) 3, [5000,10000) 2, [10000,15000) 1;
    // cart [0,5000) 1, [5000,10000) 3, [10000,15000) 3; prod [0,5000) 2, [5000,10000) 1.
    const expected = [
      "./home: 0~5000: 3", "./home: 5000~10000: 2", "./home: 10000~15000: 1",
      "./cart: 0~5000: 1", "./cart: 5000~10000: 3", "./cart: 10000~15000: 3",
      "./prod: 0~5000: 2", "./prod: 5000~10000: 1",
    ];
    const e = env();
    const fake: string[] = [];
    const real: string[] = [];
    const timed = e.fromCollection(clicks).assignTimestampsAndWatermarks(seedStrategy);
    timed.keyBy((x) => x.url).process(new FakeWindow(5000)).addSink((v) => void fake.push(v));
    // The same with a real tumbling window.
    timed
      .keyBy((x) => x.url)
      .window(TumblingEventTimeWindows.of(5000))
      .process({
        process(url: string, ctx: ProcessWindowContext<TimeWindow>, els: Iterable<Event>, o: Collector<string>) {
          o.collect(`${url}: ${ctx.window().start}~${ctx.window().end}: ${Array.from(els).length}`);
        },
      })
      .addSink((v) => void real.push(v));
    await e.execute();
    expect(sorted(fake)).toEqual(sorted(expected));
    expect(sorted(real)).toEqual(sorted(expected));
  });

  it("PV per user, emitted by an event-time timer 10 s after the first uncounted event", async () => {
    class PeriodicPv extends KeyedProcessFunction<string, Event, string> {
      private pv!: ValueState<number>;
      private timerTs!: ValueState<number>;
      override open(): void {
        this.pv = this.getRuntimeContext().getState(new ValueStateDescriptor<number>("pv"));
        this.timerTs = this.getRuntimeContext().getState(new ValueStateDescriptor<number>("timer-ts"));
      }
      processElement(e: Event, ctx: KeyedProcessContext<string>): void {
        this.pv.update((this.pv.value() ?? 0) + 1);
        if (this.timerTs.value() === null) {
          ctx.timerService().registerEventTimeTimer(e.timestamp + 10_000);
          this.timerTs.update(e.timestamp + 10_000);
        }
      }
      override onTimer(_ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
        out.collect(`${ctx.getCurrentKey()} PV: ${this.pv.value()}`);
        this.timerTs.clear();
      }
    }
    const events: Event[] = [
      { user: "Mary", url: "./a", timestamp: 1000 },
      { user: "Mary", url: "./b", timestamp: 2000 },
      { user: "Bob", url: "./a", timestamp: 3000 },
      { user: "Mary", url: "./c", timestamp: 12000 },
      { user: "Bob", url: "./b", timestamp: 15000 },
      { user: "Mary", url: "./d", timestamp: 25000 },
    ];
    // Watermark ts - 1 after each event. Mary's timer 11000 fires at Mary@12000's watermark (11999), after
    // that event was counted: 3. Bob's 13000 fires at 14999: 2. Mary@25000 registers 35000, fired at the end: 4.
    const out = await env()
      .fromCollection(events)
      .assignTimestampsAndWatermarks(punctuated<Event>((x) => x.timestamp))
      .keyBy((x) => x.user)
      .process(new PeriodicPv())
      .executeAndCollect();
    expect(out).toEqual(["Mary PV: 3", "Bob PV: 2", "Mary PV: 4"]);
  });
});

describe("timers (seed 11.2)", () => {
  it("processing-time timer 10 s after the data arrives, on the driven clock", async () => {
    const clock = new ManualClock(1_000);
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ clock });
    const done = deferred();
    const out: string[] = [];
    e.addSource(scriptedSource<string>([{ emit: "a" }, { wait: done.promise }]))
      .keyBy(() => true)
      .process({
        processElement(_v: string, ctx: KeyedProcessContext<boolean>, o: Collector<string>) {
          const now = ctx.timerService().currentProcessingTime();
          o.collect(`data arrived at ${now}`);
          ctx.timerService().registerProcessingTimeTimer(now + 10_000);
        },
        onTimer(ts: number, ctx: KeyedOnTimerContext<boolean>, o: Collector<string>) {
          o.collect(`timer fired at ${ts} (${ctx.timeDomain()})`);
        },
      })
      .addSink((v) => void out.push(v));
    const client = await e.executeAsync();
    await until(() => out.length === 1, "the element");
    clock.advanceTo(10_999);
    await new Promise((r) => setTimeout(r, 10));
    expect(out).toEqual(["data arrived at 1000"]);
    clock.advanceTo(11_000);
    await until(() => out.length === 2, "the timer");
    done.resolve();
    await client.getJobExecutionResult();
    expect(out).toEqual(["data arrived at 1000", "timer fired at 11000 (PROCESSING_TIME)"]);
  });

  it("KeyedCoProcessFunction reconciliation with event-time timers (seed 12.2.2)", async () => {
    type Pay = [order: string, channel: string, ts: number];
    const e = env();
    const app = e.fromElements<Pay>(["order-1", "app", 1000], ["order-2", "app", 2000]).assignTimestampsAndWatermarks(
      WatermarkStrategy.forMonotonousTimestamps<Pay>().withTimestampAssigner((p) => p[2]),
    );
    const third = e.fromElements<Pay>(["order-1", "third-party", 3000], ["order-3", "third-party", 4000]).assignTimestampsAndWatermarks(
      WatermarkStrategy.forMonotonousTimestamps<Pay>().withTimestampAssigner((p) => p[2]),
    );
    class Match extends KeyedCoProcessFunction<string, Pay, Pay, string> {
      private appEvent!: ValueState<Pay>;
      private thirdEvent!: ValueState<Pay>;
      override open(): void {
        this.appEvent = this.getRuntimeContext().getState(new ValueStateDescriptor<Pay>("app"));
        this.thirdEvent = this.getRuntimeContext().getState(new ValueStateDescriptor<Pay>("third-party"));
      }
      processElement1(pay: Pay, ctx: KeyedProcessContext<string>, o: Collector<string>): void {
        if (this.thirdEvent.value() !== null) {
          o.collect(`${pay[0]} reconciled`);
          this.thirdEvent.clear();
        } else {
          this.appEvent.update(pay);
          ctx.timerService().registerEventTimeTimer(pay[2] + 5000);
        }
      }
      processElement2(pay: Pay, ctx: KeyedProcessContext<string>, o: Collector<string>): void {
        if (this.appEvent.value() !== null) {
          o.collect(`${pay[0]} reconciled`);
          this.appEvent.clear();
        } else {
          this.thirdEvent.update(pay);
          ctx.timerService().registerEventTimeTimer(pay[2] + 5000);
        }
      }
      override onTimer(_ts: number, _ctx: KeyedOnTimerContext<string>, o: Collector<string>): void {
        const a = this.appEvent.value();
        if (a !== null) {
          o.collect(`${a[0]} failed: third-party payment missing`);
          this.appEvent.clear();
        }
        const t = this.thirdEvent.value();
        if (t !== null) {
          o.collect(`${t[0]} failed: app payment missing`);
          this.thirdEvent.clear();
        }
      }
    }
    const out = await app
      .keyBy((p) => p[0])
      .connect(third.keyBy((p) => p[0]))
      .process(new Match())
      .executeAndCollect();
    // order-1 matches whichever side comes second; at the end of input the timers of order-2 (7000) and
    // order-3 (9000) fire in time order; order-1's timer finds nothing left.
    expect(out).toEqual(["order-1 reconciled", "order-2 failed: third-party payment missing", "order-3 failed: app payment missing"]);
  });
});
