// A keyed stream split into windows (Flink's WindowedStream): window settings, then a window function that
// turns each fired window into results.
import { AbstractRichFunction, type ReduceFunction } from "./functions.js";
import { bindUserFunction } from "./function-utils.js";
import { comparableAggregator, type FieldExpression, sumAggregator } from "./aggregations.js";
import type { OutputTag } from "./output-tag.js";
import type { AggregateFunction } from "./state.js";
import type { DataStream, KeyedStream } from "./datastream.js";
import type { Evictor } from "./windowing/evictor.js";
import type { TriggerLike } from "./windowing/trigger.js";
import type { WindowAssigner } from "./windowing/window-assigner.js";
import {
  ProcessWindowFunction,
  type ProcessWindowFunctionLike,
  type WindowFunction,
} from "./windowing/window-functions.js";
import type { Window } from "./windowing/window.js";
import {
  PassThroughWindowFunction,
  ProcessWindowFunctionAdapter,
  type UserWindowFunction,
  WindowFunctionAdapter,
} from "../runtime/operators/internal-window-functions.js";
import { WindowOperatorBuilder } from "../runtime/operators/window-operator-builder.js";

/** A reduce function for windows: Flink rejects rich functions here (use a window function for context). */
export function checkedReduce<T>(fn: ReduceFunction<T>): (a: T, b: T) => T {
  if (fn instanceof AbstractRichFunction) {
    throw new Error("ReduceFunction of reduce can not be a RichFunction. Please use reduce(ReduceFunction, WindowFunction) instead.");
  }
  return bindUserFunction<[T, T], T>(fn, "reduce", "the window reduce function");
}

/** An aggregate function for windows: Flink rejects rich functions here. */
export function checkedAggregate<T, ACC, V>(fn: AggregateFunction<T, ACC, V>): AggregateFunction<T, ACC, V> {
  if (fn instanceof AbstractRichFunction) throw new Error("This aggregation function cannot be a RichFunction.");
  if (fn === null || typeof fn !== "object" || typeof fn.createAccumulator !== "function" || typeof fn.add !== "function" || typeof fn.getResult !== "function") {
    throw new TypeError("an AggregateFunction needs createAccumulator, add, getResult and merge");
  }
  return fn;
}

/**
 * The second argument of `reduce` / `aggregate`: a `ProcessWindowFunction` (an instance, or an object with
 * `process`) or a `WindowFunction` (a plain function, or an object with `apply`).
 */
export function keyedWindowFunction<IN, OUT, K, W extends Window>(
  fn: WindowFunction<IN, OUT, K, W> | ProcessWindowFunctionLike<IN, OUT, K, W>,
): () => UserWindowFunction<IN, OUT, K, W> {
  if (fn instanceof ProcessWindowFunction || (fn !== null && typeof fn === "object" && typeof (fn as { process?: unknown }).process === "function")) {
    return () => new ProcessWindowFunctionAdapter<IN, OUT, K, W>(fn as ProcessWindowFunctionLike<IN, OUT, K, W>);
  }
  return () => new WindowFunctionAdapter<IN, OUT, K, W>(fn as WindowFunction<IN, OUT, K, W>);
}

function functionName(fn: unknown, fallback: string): string {
  if (fn !== null && typeof fn === "object" && fn.constructor !== Object) return fn.constructor.name;
  if (typeof fn === "function" && fn.name) return fn.name;
  return fallback;
}

/**
 * Windows of a keyed stream (Flink's `WindowedStream`): `trigger`, `evictor`, `allowedLateness` and
 * `sideOutputLateData` configure, then `reduce`, `aggregate`, `apply`, `process` or `sum`/`min`/`max`/
 * `minBy`/`maxBy` evaluate. Window contents are keyed state namespaced by window; results carry the window's
 * `maxTimestamp()` as timestamp.
 *
 * @example
 * stream.keyBy((e: Event) => e.url)
 *   .window(SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(5)))
 *   .aggregate(countAgg, (url: string, w: TimeWindow, counts: Iterable<number>, out: Collector<UrlViewCount>) =>
 *     out.collect({ url, count: counts[Symbol.iterator]().next().value, windowStart: w.start, windowEnd: w.end }));
 */
export class WindowedStream<T, K, W extends Window> {
  private readonly builder: WindowOperatorBuilder<T, K, W>;
  constructor(
    readonly input: KeyedStream<T, K>,
    readonly windowAssigner: WindowAssigner<T, W>,
  ) {
    this.builder = new WindowOperatorBuilder<T, K, W>(windowAssigner);
  }

  /** Replaces the assigner's default trigger; merging (session) windows need a trigger that can merge. */
  trigger(trigger: TriggerLike<T, W>): this {
    this.builder.setTrigger(trigger);
    return this;
  }
  /** Removes elements from fired windows before and/or after the window function. */
  evictor(evictor: Evictor<T, W>): this {
    this.builder.setEvictor(evictor);
    return this;
  }
  /**
   * How long after the watermark passed a window's end it still accepts elements (default 0): each late element
   * fires the window again (with the default trigger); the state is dropped at `maxTimestamp + lateness`.
   */
  allowedLateness(lateness: number): this {
    this.builder.setAllowedLateness(lateness);
    return this;
  }
  /** Late elements (no window accepted them) go to `tag` instead of being dropped. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.builder.setLateDataOutputTag(tag);
    return this;
  }

  /** Incrementally reduces each window; with a window function, that sees the reduced value with key and window. */
  reduce(fn: ReduceFunction<T>): DataStream<T>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction: WindowFunction<T, R, K, W> | ProcessWindowFunctionLike<T, R, K, W>): DataStream<R>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction?: WindowFunction<T, R, K, W> | ProcessWindowFunctionLike<T, R, K, W>): DataStream<R | T> {
    const reduce = checkedReduce(fn);
    const user = windowFunction === undefined ? () => new PassThroughWindowFunction<T, K, W>() : keyedWindowFunction(windowFunction);
    const name = this.builder.describe(functionName(windowFunction ?? fn, "reduce"));
    return this.input.transform<R | T>(name, this.builder.reduce(reduce, user as () => UserWindowFunction<T, R | T, K, W>));
  }

  /** Incrementally aggregates each window; with a window function, that sees `getResult(acc)` with key and window. */
  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): DataStream<V>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFunction: WindowFunction<V, R, K, W> | ProcessWindowFunctionLike<V, R, K, W>): DataStream<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFunction?: WindowFunction<V, R, K, W> | ProcessWindowFunctionLike<V, R, K, W>,
  ): DataStream<R | V> {
    const agg = checkedAggregate(fn);
    const user = windowFunction === undefined ? () => new PassThroughWindowFunction<V, K, W>() : keyedWindowFunction(windowFunction);
    const name = this.builder.describe(functionName(windowFunction ?? fn, "aggregate"));
    return this.input.transform<R | V>(name, this.builder.aggregate(agg, user as () => UserWindowFunction<V, R | V, K, W>));
  }

  /** Evaluates each window with all its elements (Flink's `apply(WindowFunction)`). */
  apply<R>(fn: WindowFunction<T, R, K, W>): DataStream<R> {
    const name = this.builder.describe(functionName(fn, "apply"));
    return this.input.transform<R>(name, this.builder.process(() => new WindowFunctionAdapter<T, R, K, W>(fn)));
  }

  /** Evaluates each window with all its elements and a context (window, clocks, per-window state, side outputs). */
  process<R>(fn: ProcessWindowFunctionLike<T, R, K, W>): DataStream<R> {
    const name = this.builder.describe(functionName(fn, "process"));
    return this.input.transform<R>(name, this.builder.process(() => new ProcessWindowFunctionAdapter<T, R, K, W>(fn)));
  }

  /** Sum of `field` per window; other fields from the window's first element (Flink's SumAggregator). */
  sum(field: FieldExpression): DataStream<T> {
    return this.reduce(sumAggregator<T>(field));
  }
  /** Minimum of `field` per window; other fields from the first element. */
  min(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "min"));
  }
  /** Maximum of `field` per window; other fields from the first element. */
  max(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "max"));
  }
  /** The element with the smallest `field` per window (the first one on ties). */
  minBy(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "minBy"));
  }
  /** The element with the largest `field` per window (the first one on ties). */
  maxBy(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "maxBy"));
  }
}
