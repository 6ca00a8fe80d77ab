// Jobs and functions that lean on timers, shared by the tests that run them on both state backends: a scripted
// KeyedProcessFunction (timers registered and deleted on command, and from timers), event-time windows of every
// assigner kind with a plain JS aggregate, and a timer-churning KeyedProcessFunction.
import {
  type AggregateFunction,
  type Collector,
  type DataStream,
  EventTimeSessionWindows,
  HashMapStateBackend,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  KeyedProcessFunction,
  SlidingEventTimeWindows,
  type StateBackend,
  type TimeWindow,
  TumblingEventTimeWindows,
  WasmStateBackend,
} from "../../host/node.js";
import { punctuated } from "./e2e-helpers.js";

/** Both keyed state backends, by name. */
export const BACKENDS: ReadonlyArray<readonly [string, () => StateBackend]> = [
  ["HashMapStateBackend", () => new HashMapStateBackend()],
  ["WasmStateBackend", () => new WasmStateBackend({ managedMemoryBytes: 64 * 1024 * 1024 })],
];

/** A command for `ScriptedTimers`: register or delete an event-time (E) or processing-time (P) timer. */
export interface TimerCommand {
  readonly key: unknown;
  readonly op: "regE" | "delE" | "regP" | "delP";
  /** Event time: the timer's timestamp. Processing time: its distance from the current processing time. */
  readonly at: number;
}

/**
 * Registers and deletes timers on command; when a timer fires it reports itself, and by its timestamp mod 4:
 * 1 deletes the timer one later of the same key and domain (due in the same advance: it must not fire), 2
 * registers one two earlier (already due: it fires in the same advance), 3 registers one five later.
 */
export class ScriptedTimers extends KeyedProcessFunction<unknown, TimerCommand, string> {
  processElement(cmd: TimerCommand, ctx: KeyedProcessContext<unknown>): void {
    const t = ctx.timerService();
    const now = t.currentProcessingTime();
    if (cmd.op === "regE") t.registerEventTimeTimer(cmd.at);
    else if (cmd.op === "delE") t.deleteEventTimeTimer(cmd.at);
    else if (cmd.op === "regP") t.registerProcessingTimeTimer(now + cmd.at);
    else t.deleteProcessingTimeTimer(now + cmd.at);
  }

  override onTimer(ts: number, ctx: KeyedOnTimerContext<unknown>, out: Collector<string>): void {
    const t = ctx.timerService();
    const eventTime = ctx.timeDomain() === "EVENT_TIME";
    out.collect(`${JSON.stringify(ctx.getCurrentKey())} ${ctx.timeDomain()} ${ts} wm=${t.currentWatermark()} pt=${t.currentProcessingTime()}`);
    switch (((ts % 4) + 4) % 4) {
      case 1:
        if (eventTime) t.deleteEventTimeTimer(ts + 1);
        else t.deleteProcessingTimeTimer(ts + 1);
        break;
      case 2:
        if (eventTime) t.registerEventTimeTimer(ts - 2);
        else t.registerProcessingTimeTimer(ts - 2);
        break;
      case 3:
        if (eventTime) t.registerEventTimeTimer(ts + 5);
        else t.registerProcessingTimeTimer(ts + 5);
        break;
    }
  }
}

/** An event: key, event time, value. */
export type Ev = readonly [key: string | number, ts: number, value: number];

/** `n` events over `keys` keys (half string keys, half numbers), up to 200 ms out of order; deterministic. */
export function makeEvents(n: number, keys: number, seed = 7): Ev[] {
  let s = seed;
  const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const out: Ev[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * keys);
    out.push([k % 2 === 0 ? `k${k}` : k, i * 7 + Math.floor(rnd() * 200), Math.floor(rnd() * 1000)]);
  }
  return out;
}

/** Count, sum and min in a JS object: an aggregate the Wasm backend cannot fold in place. */
const STATS: AggregateFunction<Ev, { n: number; sum: number; min: number }, string> = {
  createAccumulator: () => ({ n: 0, sum: 0, min: Infinity }),
  add: (e, acc) => ({ n: acc.n + 1, sum: acc.sum + e[2], min: Math.min(acc.min, e[2]) }),
  getResult: (acc) => `n=${acc.n} sum=${acc.sum} min=${acc.min}`,
  merge: (a, b) => ({ n: a.n + b.n, sum: a.sum + b.sum, min: Math.min(a.min, b.min) }),
};

const describeWindow =
  (kind: string) =>
  (key: string | number, w: TimeWindow, results: Iterable<string>, out: Collector<string>): void => {
    for (const r of results) out.collect(`${kind} ${key} [${w.start},${w.end}) ${r}`);
  };

/**
 * Every record of `source`, with watermarks 150 ms behind (assigned at the default parallelism), through
 * tumbling (with allowed lateness: cleanup timers after the firing ones), sliding and session windows, and
 * `TimerChurn`, each at `parallelism` and with a uid; one stream of descriptions.
 */
export function timerHeavyJob(source: DataStream<Ev>, parallelism: number): DataStream<string> {
  const keyed = source
    .assignTimestampsAndWatermarks(punctuated<Ev>((e) => e[1], 150))
    .uid("watermarks")
    .keyBy((e: Ev) => e[0]);
  const tumbling = keyed
    .window(TumblingEventTimeWindows.of(500))
    .allowedLateness(100)
    .aggregate(STATS, describeWindow("tumbling"))
    .uid("tumbling")
    .setParallelism(parallelism);
  const sliding = keyed
    .window(SlidingEventTimeWindows.of(1000, 250))
    .aggregate(STATS, describeWindow("sliding"))
    .uid("sliding")
    .setParallelism(parallelism);
  const sessions = keyed
    .window(EventTimeSessionWindows.withGap(120))
    .aggregate(STATS, describeWindow("session"))
    .uid("session")
    .setParallelism(parallelism);
  const churn = keyed.process(new TimerChurn()).uid("churn").setParallelism(parallelism);
  return tumbling.union(sliding, sessions, churn);
}

/**
 * Per event: an event-time timer at the next multiple of 100 and one a millisecond after it, which the first
 * deletes when it fires (both due in the same advance: the second must never fire), a timer 250 ms after that
 * first one, deleted again by every third event of the key, and processing-time timers (the test clock stands still: registered and
 * deleted, never fired). The timer at a multiple of 100 also registers one 10 ms earlier, due already: it fires in
 * the same advance.
 */
export class TimerChurn extends KeyedProcessFunction<string | number, Ev, string> {
  processElement(e: Ev, ctx: KeyedProcessContext<string | number>): void {
    const t = ctx.timerService();
    const base = Math.ceil((e[1] + 1) / 100) * 100;
    t.registerEventTimeTimer(base);
    t.registerEventTimeTimer(base + 1);
    t.registerEventTimeTimer(base + 250);
    if (e[2] % 3 === 0) t.deleteEventTimeTimer(base + 250);
    const later = t.currentProcessingTime() + 1000 + (e[2] % 7);
    t.registerProcessingTimeTimer(later);
    if (e[2] % 2 === 0) t.deleteProcessingTimeTimer(later);
  }

  override onTimer(ts: number, ctx: KeyedOnTimerContext<string | number>, out: Collector<string>): void {
    const t = ctx.timerService();
    out.collect(`timer ${ctx.getCurrentKey()} ${ts} wm=${t.currentWatermark()}`);
    if (ts % 100 === 0) {
      t.deleteEventTimeTimer(ts + 1);
      t.registerEventTimeTimer(ts - 10);
    }
  }
}
