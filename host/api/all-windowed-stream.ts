// Windows over a whole, non-keyed stream (Flink's AllWindowedStream): a window over a constant key, run by a
// single (non-parallel) operator.
import { comparableAggregator, type FieldExpression, sumAggregator } from "./aggregations.js";
import type { DataStream, KeyedStream } from "./datastream.js";
import type { ReduceFunction } from "./functions.js";
import type { OutputTag } from "./output-tag.js";
import type { AggregateFunction } from "./state.js";
import type { OperatorFactory } from "./transformation.js";
import type { Evictor } from "./windowing/evictor.js";
import type { TriggerLike } from "./windowing/trigger.js";
import type { WindowAssigner } from "./windowing/window-assigner.js";
import {
  type AllWindowFunction,
  ProcessAllWindowFunction,
  type ProcessAllWindowFunctionLike,
} from "./windowing/window-functions.js";
import type { Window } from "./windowing/window.js";
import { checkedAggregate, checkedReduce } from "./windowed-stream.js";
import {
  AllWindowFunctionAdapter,
  PassThroughWindowFunction,
  ProcessAllWindowFunctionAdapter,
  type UserWindowFunction,
} from "../runtime/operators/internal-window-functions.js";
import { WindowOperatorBuilder } from "../runtime/operators/window-operator-builder.js";

/** The key of every element of a non-keyed window (Flink's NullByteKeySelector). */
const NULL_KEY = (): number => 0;

function allWindowFunction<IN, OUT, W extends Window>(
  fn: AllWindowFunction<IN, OUT, W> | ProcessAllWindowFunctionLike<IN, OUT, W>,
): () => UserWindowFunction<IN, OUT, unknown, W> {
  if (fn instanceof ProcessAllWindowFunction || (fn !== null && typeof fn === "object" && typeof (fn as { process?: unknown }).process === "function")) {
    return () => new ProcessAllWindowFunctionAdapter<IN, OUT, W>(fn as ProcessAllWindowFunctionLike<IN, OUT, W>);
  }
  return () => new AllWindowFunctionAdapter<IN, OUT, W>(fn as AllWindowFunction<IN, OUT, W>);
}

/**
 * Windows over all elements of a stream (Flink's `AllWindowedStream`): like `keyBy(constant).window(...)` with
 * parallelism 1. The same settings and window functions as WindowedStream, without a key.
 *
 * @example
 * urls.windowAll(SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(5)))
 *   .process({ process(ctx, urls, out) { out.collect(`${ctx.window().end}: ${Array.from(urls).length}`); } });
 */
export class AllWindowedStream<T, W extends Window> {
  private readonly keyed: KeyedStream<T, number>;
  private readonly builder: WindowOperatorBuilder<T, unknown, W>;
  constructor(
    input: DataStream<T>,
    readonly windowAssigner: WindowAssigner<T, W>,
  ) {
    this.keyed = input.keyBy<number>(NULL_KEY);
    this.builder = new WindowOperatorBuilder<T, unknown, W>(windowAssigner);
  }

  trigger(trigger: TriggerLike<T, W>): this {
    this.builder.setTrigger(trigger);
    return this;
  }
  evictor(evictor: Evictor<T, W>): this {
    this.builder.setEvictor(evictor);
    return this;
  }
  allowedLateness(lateness: number): this {
    this.builder.setAllowedLateness(lateness);
    return this;
  }
  sideOutputLateData(tag: OutputTag<T>): this {
    this.builder.setLateDataOutputTag(tag);
    return this;
  }

  private nonParallel<R>(name: string, factory: OperatorFactory): DataStream<R> {
    return this.keyed.transform<R>(name, factory).setParallelism(1).setMaxParallelism(1);
  }

  reduce(fn: ReduceFunction<T>): DataStream<T>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction: AllWindowFunction<T, R, W> | ProcessAllWindowFunctionLike<T, R, W>): DataStream<R>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction?: AllWindowFunction<T, R, W> | ProcessAllWindowFunctionLike<T, R, W>): DataStream<R | T> {
    const reduce = checkedReduce(fn);
    const user = windowFunction === undefined ? () => new PassThroughWindowFunction<T, unknown, W>() : allWindowFunction(windowFunction);
    return this.nonParallel<R | T>(this.builder.describe("reduce"), this.builder.reduce(reduce, user as () => UserWindowFunction<T, R | T, unknown, W>));
  }

  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): DataStream<V>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFunction: AllWindowFunction<V, R, W> | ProcessAllWindowFunctionLike<V, R, W>): DataStream<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFunction?: AllWindowFunction<V, R, W> | ProcessAllWindowFunctionLike<V, R, W>,
  ): DataStream<R | V> {
    const agg = checkedAggregate(fn);
    const user = windowFunction === undefined ? () => new PassThroughWindowFunction<V, unknown, W>() : allWindowFunction(windowFunction);
    return this.nonParallel<R | V>(this.builder.describe("aggregate"), this.builder.aggregate(agg, user as () => UserWindowFunction<V, R | V, unknown, W>));
  }

  /** Evaluates each window with all its elements (Flink's `apply(AllWindowFunction)`). */
  apply<R>(fn: AllWindowFunction<T, R, W>): DataStream<R> {
    return this.nonParallel<R>(this.builder.describe("apply"), this.builder.process(() => new AllWindowFunctionAdapter<T, R, W>(fn)));
  }

  /** Evaluates each window with all its elements and a context (Flink's `process(ProcessAllWindowFunction)`). */
  process<R>(fn: ProcessAllWindowFunctionLike<T, R, W>): DataStream<R> {
    return this.nonParallel<R>(this.builder.describe("process"), this.builder.process(() => new ProcessAllWindowFunctionAdapter<T, R, W>(fn)));
  }

  sum(field: FieldExpression): DataStream<T> {
    return this.reduce(sumAggregator<T>(field));
  }
  min(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "min"));
  }
  max(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "max"));
  }
  minBy(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "minBy"));
  }
  maxBy(field: FieldExpression): DataStream<T> {
    return this.reduce(comparableAggregator<T>(field, "maxBy"));
  }
}
