// The window operator driven element by element (as Flink's WindowOperatorTest): firing, lateness, merging,
// triggers, evictors, per-window state, snapshots. Expected outputs are worked out by hand from Flink's
// semantics in the comments next to them.
import { describe, expect, it } from "vitest";
import {
  type AggregateFunction,
  type Collector,
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  CountEvictor,
  CountTrigger,
  DeltaEvictor,
  DeltaTrigger,
  EventTimeSessionWindows,
  type Evictor,
  GlobalWindow,
  GlobalWindows,
  type OperatorSnapshot,
  PassThroughWindowFunction,
  ProcessWindowFunctionAdapter,
  type ProcessWindowFunctionLike,
  PurgingTrigger,
  SlidingEventTimeWindows,
  TimeEvictor,
  TimeWindow,
  TriggerResult,
  type TriggerLike,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  ValueStateDescriptor,
  type Window,
  type WindowAssigner,
  WindowFunctionAdapter,
  WindowOperatorBuilder,
  OutputTag,
} from "../../host/node.js";
import { type Emitted, OperatorHarness, rec, side, wm } from "./harness.js";

type E = [string, number];
const key = (e: E): string => e[0];
const sum = (a: E, b: E): E => [a[0], a[1] + b[1]];

interface Settings<W extends Window> {
  trigger?: TriggerLike<E, W>;
  evictor?: Evictor<E, W>;
  lateness?: number;
  lateTag?: OutputTag<E>;
}
function builder<W extends Window>(assigner: WindowAssigner<unknown, W>, s: Settings<W> = {}): WindowOperatorBuilder<E, string, W> {
  const b = new WindowOperatorBuilder<E, string, W>(assigner as WindowAssigner<E, W>);
  if (s.trigger) b.setTrigger(s.trigger);
  if (s.evictor) b.setEvictor(s.evictor);
  if (s.lateness !== undefined) b.setAllowedLateness(s.lateness);
  if (s.lateTag) b.setLateDataOutputTag(s.lateTag);
  return b;
}
function harness(factory: () => unknown, restored: readonly OperatorSnapshot[] = []): OperatorHarness {
  return new OperatorHarness(factory() as never, { keySelector1: key }, restored);
}
function reduceHarness<W extends Window>(assigner: WindowAssigner<unknown, W>, s: Settings<W> = {}): OperatorHarness {
  return harness(builder(assigner, s).reduce(sum, () => new PassThroughWindowFunction<E, string, W>()));
}
/** Emits `key:start-end:[values]` (or `key:[values]` for the global window) per firing. */
function describeWindow<W extends Window>(): ProcessWindowFunctionLike<E, string, string, W> {
  return {
    process(k, ctx, elements, out) {
      const w = ctx.window() as Window;
      const span = w instanceof TimeWindow ? `${w.start}-${w.end}:` : "";
      out.collect(`${k}:${span}[${Array.from(elements, (e) => e[1]).join(",")}]`);
    },
  };
}
function processHarness<W extends Window>(assigner: WindowAssigner<unknown, W>, s: Settings<W> = {}, fn = describeWindow<W>()): OperatorHarness {
  return harness(builder(assigner, s).process(() => new ProcessWindowFunctionAdapter<E, string, string, W>(fn)));
}
/** Records between two watermarks come out in timer order, which Flink leaves open for equal timestamps. */
function normalized(out: Emitted[]): Emitted[] {
  const result: Emitted[] = [];
  let segment: Emitted[] = [];
  const flush = () => {
    segment.sort((a, b) => ((a as { timestamp: number }).timestamp - (b as { timestamp: number }).timestamp) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
    result.push(...segment);
    segment = [];
  };
  for (const e of out) {
    if (e.kind === "watermark") {
      flush();
      result.push(e);
    } else segment.push(e);
  }
  flush();
  return result;
}

describe("event-time windows", () => {
  it("tumbling reduce fires each window when the watermark reaches end - 1", () => {
    const h = reduceHarness(TumblingEventTimeWindows.of(3000));
    for (const [k, ts] of [["key2", 3999], ["key2", 3000], ["key1", 20], ["key1", 0], ["key1", 999], ["key2", 1998], ["key2", 1999], ["key2", 1000]] as const) {
      h.element([k, 1], ts);
    }
    h.watermark(999).watermark(1999).watermark(2999).watermark(3999).watermark(5999);
    // [0,3000): key1 has 3 elements, key2 has 3; [3000,6000): key2 has 2.
    expect(normalized(h.take())).toEqual([
      wm(999), wm(1999),
      rec(["key1", 3], 2999), rec(["key2", 3], 2999), wm(2999),
      wm(3999),
      rec(["key2", 2], 5999), wm(5999),
    ]);
  });

  it("sliding windows, incremental aggregate paired with a ProcessWindowFunction", () => {
    const count: AggregateFunction<E, number, number> = { createAccumulator: () => 0, add: (_v, a) => a + 1, getResult: (a) => a, merge: (a, b) => a + b };
    const pwf: ProcessWindowFunctionLike<number, string, string, TimeWindow> = {
      process(k, ctx, counts, out) {
        out.collect(`${k} [${ctx.window().start},${ctx.window().end}) ${Array.from(counts).join()}`);
      },
    };
    const h = harness(builder(SlidingEventTimeWindows.of(2000, 1000)).aggregate(count, () => new ProcessWindowFunctionAdapter(pwf)));
    // 500 is in [0,2000) and [-1000,1000); 1500 in [1000,3000) and [0,2000).
    h.element(["k", 1], 500).element(["k", 1], 1500).watermark(3000);
    expect(h.take()).toEqual([rec("k [-1000,1000) 1", 999), rec("k [0,2000) 2", 1999), rec("k [1000,3000) 1", 2999), wm(3000)]);
  });

  it("reduce paired with a WindowFunction sees the single reduced value", () => {
    const h = harness(
      builder(TumblingEventTimeWindows.of(1000)).reduce(sum, () =>
        new WindowFunctionAdapter<E, string, string, TimeWindow>((k, w, input, out) => out.collect(`${k}@${w.end}=${JSON.stringify(Array.from(input))}`)),
      ),
    );
    h.element(["a", 2], 10).element(["a", 3], 20).watermark(999);
    expect(h.records()).toEqual(['a@1000=[["a",5]]']);
  });

  it("allowed lateness: late firings until maxTimestamp + lateness, then late data goes to the side output", () => {
    const late = new OutputTag<E>("late");
    const h = processHarness(TumblingEventTimeWindows.of(2000), { lateness: 500, lateTag: late });
    h.element(["k", 500], 500).element(["k", 1500], 1500).watermark(1999);
    // [0,2000) fires at 1999 with both elements.
    expect(h.take()).toEqual([rec("k:0-2000:[500,1500]", 1999), wm(1999)]);
    // 1000 is behind the watermark but its window is not late (1999 + 500 > 1999): it is added and, the
    // watermark being past the window, EventTimeTrigger fires again at once with all three elements.
    h.element(["k", 1000], 1000);
    expect(h.take()).toEqual([rec("k:0-2000:[500,1500,1000]", 1999)]);
    // At 2499 = maxTimestamp + lateness the window is cleaned up (no firing).
    h.watermark(2499);
    expect(h.take()).toEqual([wm(2499)]);
    // Now [0,2000) is late (2499 <= 2499) and so is the element (1800 + 500 <= 2499): side output.
    h.element(["k", 1800], 1800);
    h.element(["k", 2100], 2100);
    h.watermark(3999);
    expect(h.take()).toEqual([side("late", ["k", 1800], 1800), rec("k:2000-4000:[2100]", 3999), wm(3999)]);
    expect(h.counter("numLateRecordsDropped")).toBe(0);
  });

  it("late data without a side output is dropped and counted; an element with one live window is not late", () => {
    const h = processHarness(SlidingEventTimeWindows.of(2000, 1000));
    h.watermark(1999);
    // 1500 is in [1000,3000) (live) and [0,2000) (late): only the live window takes it.
    h.element(["k", 1500], 1500);
    // 500 is in [0,2000) and [-1000,1000), both late: dropped.
    h.element(["k", 500], 500);
    h.watermark(2999);
    expect(h.take()).toEqual([wm(1999), rec("k:1000-3000:[1500]", 2999), wm(2999)]);
    expect(h.counter("numLateRecordsDropped")).toBe(1);
  });

  it("ContinuousEventTimeTrigger fires every interval and at the end of the window", () => {
    const h = reduceHarness(TumblingEventTimeWindows.of(10_000), { trigger: ContinuousEventTimeTrigger.of(3000) });
    h.element(["k", 1], 1000).element(["k", 1], 2000).watermark(3000);
    h.element(["k", 1], 4000).watermark(6500).watermark(9999);
    // Fire times 3000, 6000, 9000 (each min(prev + 3000, 9999)), and 9999 = maxTimestamp.
    expect(h.take()).toEqual([rec(["k", 2], 9999), wm(3000), rec(["k", 3], 9999), wm(6500), rec(["k", 3], 9999), rec(["k", 3], 9999), wm(9999)]);
  });

  it("PurgingTrigger empties the window at each firing", () => {
    const h = reduceHarness(TumblingEventTimeWindows.of(10_000), { trigger: PurgingTrigger.of(ContinuousEventTimeTrigger.of(3000)) });
    h.element(["k", 1], 1000).element(["k", 1], 2000).watermark(3000);
    h.element(["k", 1], 4000).watermark(6500).watermark(9999);
    // Nothing new between 6000 and 9999: the purged window has no contents, so nothing is emitted.
    expect(h.take()).toEqual([rec(["k", 2], 9999), wm(3000), rec(["k", 1], 9999), wm(6500), wm(9999)]);
  });

  it("timers: the trigger and cleanup timers of a window are one deduplicated timer when lateness is 0", () => {
    const h = reduceHarness(TumblingEventTimeWindows.of(1000));
    h.element(["a", 1], 1).element(["a", 1], 2).element(["b", 1], 3);
    const timers = (h.operator as unknown as { timerService: { numEventTimeTimers(): number } }).timerService;
    expect(timers.numEventTimeTimers()).toBe(2);
    h.watermark(999);
    expect(timers.numEventTimeTimers()).toBe(0);
  });
});

describe("session windows (merging)", () => {
  it("merges sessions per key and fires each at its end", () => {
    const h = processHarness(EventTimeSessionWindows.withGap(3000));
    h.element(["a", 0], 0).element(["a", 1000], 1000).element(["b", 1000], 1000).element(["a", 2500], 2500).element(["a", 10000], 10000);
    h.watermark(4000);
    // b's session [1000,4000) ends; a's is [0,5500) so far.
    expect(h.take()).toEqual([rec("b:1000-4000:[1000]", 3999), wm(4000)]);
    h.element(["a", 4500], 4500); // extends a's session to [0,7500)
    h.watermark(7499).watermark(13000);
    expect(h.take()).toEqual([rec("a:0-7500:[0,1000,2500,4500]", 7499), wm(7499), rec("a:10000-13000:[10000]", 12999), wm(13000)]);
    // Merged windows' trigger and cleanup timers were deleted: nothing is left.
    const timers = (h.operator as unknown as { timerService: { numEventTimeTimers(): number } }).timerService;
    expect(timers.numEventTimeTimers()).toBe(0);
  });

  it("a session that would start behind the watermark is dropped as late", () => {
    const h = processHarness(EventTimeSessionWindows.withGap(3000));
    h.element(["a", 5000], 5000).watermark(4000);
    // [1000,4000) does not reach a live session and is late (3999 <= 4000).
    h.element(["a", 1000], 1000);
    // [2500,5500) reaches the live session [5000,8000): merged, not late.
    h.element(["a", 2500], 2500);
    h.watermark(8000);
    expect(h.take()).toEqual([wm(4000), rec("a:2500-8000:[5000,2500]", 7999), wm(8000)]);
    expect(h.counter("numLateRecordsDropped")).toBe(1);
  });

  it("CountTrigger merges its count state when sessions merge", () => {
    const h = processHarness(EventTimeSessionWindows.withGap(3000), { trigger: CountTrigger.of(3) });
    h.element(["a", 0], 0).element(["a", 1000], 1000);
    expect(h.take()).toEqual([]);
    // The third element of the merged session fires it: [0,5000) holds 0, 1000, 2000.
    h.element(["a", 2000], 2000);
    expect(h.take()).toEqual([rec("a:0-5000:[0,1000,2000]", 4999)]);
    // The count restarted; one more element does not fire; the cleanup at 5499 drops the session silently.
    h.element(["a", 2500], 2500).watermark(10_000);
    expect(h.take()).toEqual([wm(10_000)]);
  });

  it("a custom trigger object with onMerge", () => {
    // Fires only sessions that merged, 500 ms before their end. (The cleanup timer at maxTimestamp also reaches
    // onEventTime, as in Flink, and must not fire.)
    const trigger: TriggerLike<E, TimeWindow> = {
      onElement: () => TriggerResult.CONTINUE,
      onEventTime: (time, window) => (time === window.maxTimestamp() - 500 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE),
      onProcessingTime: () => TriggerResult.CONTINUE,
      onMerge: (window, ctx) => ctx.registerEventTimeTimer(window.maxTimestamp() - 500),
      clear: (window, ctx) => ctx.deleteEventTimeTimer(window.maxTimestamp() - 500),
    };
    const h = processHarness(EventTimeSessionWindows.withGap(3000), { trigger });
    h.element(["a", 0], 0).element(["a", 1000], 1000).element(["b", 0], 0).watermark(10_000);
    expect(h.take()).toEqual([rec("a:0-4000:[0,1000]", 3999), wm(10_000)]);
  });

  it("a trigger that cannot merge is rejected for session windows", () => {
    const trigger = { onElement: () => TriggerResult.FIRE, onEventTime: () => TriggerResult.CONTINUE, onProcessingTime: () => TriggerResult.CONTINUE };
    expect(() => builder(EventTimeSessionWindows.withGap(10), { trigger })).toThrow("A merging window assigner cannot be used with a trigger that does not support merging.");
  });

  it("per-window state is refused with merging windows", () => {
    const fn: ProcessWindowFunctionLike<E, string, string, TimeWindow> = {
      process(_k, ctx) {
        ctx.windowState().getState(new ValueStateDescriptor<number>("x"));
      },
    };
    const h = processHarness(EventTimeSessionWindows.withGap(10), {}, fn);
    h.element(["a", 1], 1);
    expect(() => h.watermark(100)).toThrow("Per-window state is not allowed when using merging windows.");
  });
});

describe("count and global windows, evictors", () => {
  const values = (...vs: number[]) => vs.map((v): E => ["k", v]);

  it("tumbling count window: PurgingTrigger(CountTrigger(3)) on global windows", () => {
    const h = processHarness(GlobalWindows.create(), { trigger: PurgingTrigger.of(CountTrigger.of(3)) });
    for (const e of values(1, 2, 3, 4, 5, 6, 7)) h.element(e);
    h.watermark(Infinity);
    // The global window's end is the end of time: results carry it, and 7 is never emitted.
    expect(h.take()).toEqual([rec("k:[1,2,3]", Infinity), rec("k:[4,5,6]", Infinity), wm(Infinity)]);
  });

  it("sliding count window: CountEvictor(3) before the function, CountTrigger(2)", () => {
    const h = reduceHarness(GlobalWindows.create(), { trigger: CountTrigger.of(2), evictor: CountEvictor.of(3) });
    for (const e of values(1, 2, 3, 4, 5, 6, 7)) h.element(e);
    // Fires at 2 ([1,2]), 4 ([2,3,4] after evicting 1), 6 ([4,5,6]).
    expect(h.records()).toEqual([["k", 3], ["k", 9], ["k", 15]]);
  });

  it("CountEvictor after the function keeps the last n for the next firing", () => {
    const h = processHarness(GlobalWindows.create(), { trigger: CountTrigger.of(3), evictor: CountEvictor.of(2, true) });
    for (const e of values(1, 2, 3, 4, 5, 6)) h.element(e);
    expect(h.records()).toEqual(["k:[1,2,3]", "k:[2,3,4,5,6]"]);
  });

  it("TimeEvictor keeps elements within the size of the newest", () => {
    const h = processHarness(GlobalWindows.create(), { trigger: CountTrigger.of(3), evictor: TimeEvictor.of(1000) });
    h.element(["k", 0], 0).element(["k", 500], 500).element(["k", 1500], 1500);
    // Newest 1500, cutoff 500: 0 and 500 go.
    // The count restarted: three more elements fire [1500,1600,2000,2600]; newest 2600, cutoff 1600.
    h.element(["k", 1600], 1600).element(["k", 2000], 2000).element(["k", 2600], 2600);
    expect(h.records()).toEqual(["k:[1500]", "k:[2000,2600]"]);
  });

  it("DeltaEvictor removes elements too far from the newest", () => {
    const h = processHarness(GlobalWindows.create(), {
      trigger: CountTrigger.of(4),
      evictor: DeltaEvictor.of(5, (a: E, b: E) => Math.abs(a[1] - b[1])),
    });
    for (const e of values(1, 10, 12, 14)) h.element(e);
    expect(h.records()).toEqual(["k:[10,12,14]"]);
  });

  it("a custom evictor object, before and after", () => {
    const calls: string[] = [];
    const evictor: Evictor<E, GlobalWindow> = {
      evictBefore(elements, size) {
        calls.push(`before ${size}`);
        elements.splice(0, elements.length - 2);
      },
      evictAfter(elements) {
        calls.push(`after ${elements.length}`);
        elements.length = 0;
      },
    };
    const h = processHarness(GlobalWindows.create(), { trigger: CountTrigger.of(3), evictor });
    for (const e of values(1, 2, 3, 4, 5, 6)) h.element(e);
    expect(h.records()).toEqual(["k:[2,3]", "k:[5,6]"]);
    expect(calls).toEqual(["before 3", "after 2", "before 3", "after 2"]);
  });

  it("DeltaTrigger fires when an element is far enough from the last fired one", () => {
    const h = processHarness(GlobalWindows.create(), { trigger: DeltaTrigger.of(10, (a: E, b: E) => Math.abs(a[1] - b[1])) });
    for (const e of values(1, 5, 12, 20, 23)) h.element(e);
    expect(h.records()).toEqual(["k:[1,5,12]", "k:[1,5,12,20,23]"]);
  });
});

describe("processing-time windows", () => {
  it("tumbling processing-time windows fire on the (driven) clock", () => {
    const h = reduceHarness(TumblingProcessingTimeWindows.of(1000));
    h.element(["k", 1], 999_999); // the event timestamp is irrelevant
    h.processingTime(500).element(["k", 1], 1);
    h.processingTime(1000);
    h.processingTime(1200).element(["k", 1], 2);
    h.processingTime(2500);
    expect(h.take()).toEqual([rec(["k", 2], 999), rec(["k", 1], 1999)]);
  });

  it("ContinuousProcessingTimeTrigger fires every interval of processing time", () => {
    const h = reduceHarness(TumblingProcessingTimeWindows.of(1000), { trigger: ContinuousProcessingTimeTrigger.of(300) });
    h.processingTime(100).element(["k", 1]); // first fire time: 0 + 300
    h.processingTime(350);
    h.processingTime(400).element(["k", 1]);
    h.processingTime(700);
    h.processingTime(1000); // 900, then 999 (= min(1200, 999), the window end): then cleaned up
    expect(h.records()).toEqual([["k", 1], ["k", 2], ["k", 2], ["k", 2]]);
    const timers = (h.operator as unknown as { timerService: { numProcessingTimeTimers(): number } }).timerService;
    expect(timers.numProcessingTimeTimers()).toBe(0);
  });
});

describe("ProcessWindowFunction context", () => {
  it("window state per window (cleared by clear), global state per key, side outputs at the window end", () => {
    const fires = new ValueStateDescriptor<number>("fires");
    const total = new ValueStateDescriptor<number>("total");
    const info = new OutputTag<string>("info");
    const fn: ProcessWindowFunctionLike<E, string, string, TimeWindow> = {
      process(_k, ctx, elements, out) {
        const f = ctx.windowState().getState(fires);
        const t = ctx.globalState().getState(total);
        f.update((f.value() ?? 0) + 1);
        t.update((t.value() ?? 0) + 1);
        out.collect(`${ctx.window().start}:${Array.from(elements).length}:${f.value()}:${t.value()}`);
        ctx.output(info, `wm=${ctx.currentWatermark()}`);
      },
      clear(ctx) {
        ctx.windowState().getState(fires).clear();
      },
    };
    const h = processHarness(TumblingEventTimeWindows.of(1000), { lateness: 1000 }, fn as never);
    h.element(["k", 100], 100).watermark(999);
    h.element(["k", 200], 200); // late firing
    h.element(["k", 1100], 1100).watermark(1999);
    expect(h.take()).toEqual([
      rec("0:1:1:1", 999), side("info", "wm=999", 999), wm(999),
      rec("0:2:2:2", 999), side("info", "wm=999", 999),
      rec("1000:1:1:3", 1999), side("info", "wm=1999", 1999), wm(1999),
    ]);
    // [0,1000) was cleaned up at 1999: contents, trigger timer and the per-window "fires" are gone;
    // [1000,2000) waits for its cleanup at 2999; the global total stays.
    const entries = h.snapshot().keyed!.keyGroups.flatMap((g) => g.entries.map(([name, ns]) => `${name}@${ns}`));
    expect(entries.sort()).toEqual(["fires@1000:2000", "total@", "window-contents@1000:2000"]);
  });
});

describe("snapshots", () => {
  it("window contents and timers are restored from a snapshot", () => {
    const h1 = reduceHarness(TumblingEventTimeWindows.of(1000));
    h1.element(["a", 1], 10).element(["a", 2], 20).element(["b", 5], 1500).watermark(500);
    const snap = h1.snapshot();
    h1.close();
    const h2 = harness(builder(TumblingEventTimeWindows.of(1000)).reduce(sum, () => new PassThroughWindowFunction<E, string, TimeWindow>()), [snap]);
    h2.element(["a", 4], 30).watermark(2000);
    expect(h2.take()).toEqual([rec(["a", 7], 999), rec(["b", 5], 1999), wm(2000)]);
  });

  it("the merging window set is keyed state: sessions keep merging after a restore", () => {
    const make = () => builder(EventTimeSessionWindows.withGap(3000)).process(() => new ProcessWindowFunctionAdapter<E, string, string, TimeWindow>(describeWindow()));
    const h1 = harness(make());
    h1.element(["a", 0], 0).element(["a", 1000], 1000);
    const snap = h1.snapshot();
    h1.close();
    const h2 = harness(make(), [snap]);
    h2.element(["a", 2000], 2000).watermark(10_000);
    expect(h2.take()).toEqual([rec("a:0-5000:[0,1000,2000]", 4999), wm(10_000)]);
  });

  it("processing-time timers are restored", () => {
    const h1 = reduceHarness(TumblingProcessingTimeWindows.of(1000));
    h1.processingTime(100).element(["k", 3]);
    const snap = h1.snapshot();
    h1.close();
    const h2 = harness(builder(TumblingProcessingTimeWindows.of(1000)).reduce(sum, () => new PassThroughWindowFunction<E, string, TimeWindow>()), [snap]);
    h2.processingTime(1000);
    expect(h2.records()).toEqual([["k", 3]]);
  });
});

// Keep the Collector type import used by examples in this file.
export type { Collector };
