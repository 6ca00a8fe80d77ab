// User function shapes (Flink's MapFunction, FilterFunction, ..., RichFunction) and how the runtime invokes them.
import type { RuntimeContext } from "./runtime-context.js";

/** Receives the records a function emits (Flink's `Collector`). */
export interface Collector<T> {
  collect(value: T): void;
}

/** Flink's `MapFunction`: one record in, one out. A plain function or an object with `map`. */
export type MapFunction<T, R> = ((value: T) => R) | { map(value: T): R };
/** Flink's `FilterFunction`: keeps the records for which it returns true. */
export type FilterFunction<T> = ((value: T) => boolean) | { filter(value: T): boolean };
/**
 * Flink's `FlatMapFunction`: zero or more records per input, emitted with `out.collect(x)`; returning an
 * iterable emits its items too.
 */
export type FlatMapFunction<T, R> =
  | ((value: T, out: Collector<R>) => void | Iterable<R>)
  | { flatMap(value: T, out: Collector<R>): void | Iterable<R> };
/** Flink's `ReduceFunction`: combines two values of the same type. */
export type ReduceFunction<T> = ((value1: T, value2: T) => T) | { reduce(value1: T, value2: T): T };
/** Flink's `KeySelector`: extracts the key of a record; must be deterministic. */
export type KeySelector<T, K> = ((value: T) => K) | { getKey(value: T): K };
/** Flink's `CoMapFunction`: one map per input of connected streams. */
export interface CoMapFunction<IN1, IN2, R> {
  map1(value: IN1): R;
  map2(value: IN2): R;
}
/** Flink's `CoFlatMapFunction`. */
export interface CoFlatMapFunction<IN1, IN2, R> {
  flatMap1(value: IN1, out: Collector<R>): void | Iterable<R>;
  flatMap2(value: IN2, out: Collector<R>): void | Iterable<R>;
}
/** Flink's `Partitioner` for `partitionCustom`: picks a channel in `[0, numPartitions)` for a key. */
export type Partitioner<K> = ((key: K, numPartitions: number) => number) | { partition(key: K, numPartitions: number): number };

/** Context handed to `SinkFunction.invoke` (Flink's `SinkFunction.Context`). */
export interface SinkContext {
  /** Processing time now. */
  currentProcessingTime(): number;
  /** The current watermark of the sink's task. */
  currentWatermark(): number;
  /** The record's timestamp, or `null` when it has none. */
  timestamp(): number | null;
}

/** Flink's `SinkFunction`: called once per record. A plain function or an object with `invoke`. */
export type SinkFunction<T> = ((value: T, context: SinkContext) => void) | SinkFunctionObject<T>;
export interface SinkFunctionObject<T> extends LifecycleHooks {
  invoke(value: T, context: SinkContext): void;
  /** Called once at end of input, before `close` (Flink's `SinkFunction.finish`). */
  finish?(): void;
}

/** Optional lifecycle methods any function object may have; the runtime calls them per parallel instance. */
export interface LifecycleHooks {
  open?(context: RuntimeContext): void;
  close?(): void;
  setRuntimeContext?(context: RuntimeContext): void;
}

/**
 * Base of Flink's rich functions: `open` before the first record, `close` after the last, and
 * `getRuntimeContext()` for the subtask's identity and keyed state.
 */
export abstract class AbstractRichFunction implements LifecycleHooks {
  private runtimeContext: RuntimeContext | undefined;
  setRuntimeContext(context: RuntimeContext): void {
    this.runtimeContext = context;
  }
  /** The context of the parallel instance running this function; available from `open` on. */
  getRuntimeContext(): RuntimeContext {
    if (!this.runtimeContext) {
      throw new Error("The runtime context has not been initialized: getRuntimeContext() is available from open() on");
    }
    return this.runtimeContext;
  }
  open(_context: RuntimeContext): void {}
  close(): void {}
}

/** Flink's `RichMapFunction`. */
export abstract class RichMapFunction<T, R> extends AbstractRichFunction {
  abstract map(value: T): R;
}
/** Flink's `RichFilterFunction`. */
export abstract class RichFilterFunction<T> extends AbstractRichFunction {
  abstract filter(value: T): boolean;
}
/** Flink's `RichFlatMapFunction`. */
export abstract class RichFlatMapFunction<T, R> extends AbstractRichFunction {
  abstract flatMap(value: T, out: Collector<R>): void | Iterable<R>;
}
/** Flink's `RichReduceFunction`. */
export abstract class RichReduceFunction<T> extends AbstractRichFunction {
  abstract reduce(value1: T, value2: T): T;
}
/** Flink's `RichCoMapFunction`. */
export abstract class RichCoMapFunction<IN1, IN2, R> extends AbstractRichFunction implements CoMapFunction<IN1, IN2, R> {
  abstract map1(value: IN1): R;
  abstract map2(value: IN2): R;
}
/** Flink's `RichCoFlatMapFunction`. */
export abstract class RichCoFlatMapFunction<IN1, IN2, R>
  extends AbstractRichFunction
  implements CoFlatMapFunction<IN1, IN2, R>
{
  abstract flatMap1(value: IN1, out: Collector<R>): void | Iterable<R>;
  abstract flatMap2(value: IN2, out: Collector<R>): void | Iterable<R>;
}
/** Flink's `RichSinkFunction`. */
export abstract class RichSinkFunction<T> extends AbstractRichFunction implements SinkFunctionObject<T> {
  abstract invoke(value: T, context: SinkContext): void;
}
