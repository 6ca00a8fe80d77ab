// Window joins of two streams (Flink's JoinedStreams): a coGroup whose function emits the cross product of
// both sides' elements per key and window (an inner join).
import { type CoGroupFunction, type TaggedUnion, TwoStreamWindowBuilder } from "./co-grouped-streams.js";
import type { DataStream, KeySelectorLike } from "./datastream.js";
import { toKeySelector } from "./datastream.js";
import { AbstractRichFunction, type Collector } from "./functions.js";
import { closeFunction, instantiateFunction, openFunction } from "./function-utils.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { WindowAssigner } from "./windowing/window-assigner.js";
import type { Window } from "./windowing/window.js";

/** Flink's `JoinFunction`: one result per joined pair. */
export type JoinFunction<T1, T2, O> = ((first: T1, second: T2) => O) | { join(first: T1, second: T2): O };
/** Flink's `FlatJoinFunction`: any number of results per joined pair, through `out`. */
export type FlatJoinFunction<T1, T2, O> =
  | ((first: T1, second: T2, out: Collector<O>) => void)
  | { join(first: T1, second: T2, out: Collector<O>): void };

/**
 * The coGroup function of a join (Flink's JoinCoGroupFunction / FlatJoinCoGroupFunction): for each left
 * element, for each right element, join. A function (or `join` method) declaring three parameters is a flat
 * join.
 */
class JoinCoGroupFunction<T1, T2, O> extends AbstractRichFunction {
  private fn: unknown;
  private join!: (a: T1, b: T2, out: Collector<O>) => O | void;
  private flat = false;
  constructor(private readonly wrapped: JoinFunction<T1, T2, O> | FlatJoinFunction<T1, T2, O>) {
    super();
    this.fn = wrapped;
  }
  override open(context: RuntimeContext): void {
    const fn = instantiateFunction(this.wrapped);
    this.fn = fn;
    if (typeof fn === "function") {
      this.join = fn as (a: T1, b: T2, out: Collector<O>) => O | void;
      this.flat = fn.length >= 3;
    } else if (fn !== null && typeof fn === "object" && typeof fn.join === "function") {
      this.join = fn.join.bind(fn) as (a: T1, b: T2, out: Collector<O>) => O | void;
      this.flat = fn.join.length >= 3;
    } else {
      throw new TypeError("the join function must be a function or an object with a 'join' method");
    }
    openFunction(fn, context);
  }
  override close(): void {
    closeFunction(this.fn);
  }
  coGroup(first: Iterable<T1>, second: Iterable<T2>, out: Collector<O>): void {
    for (const a of first) {
      for (const b of second) {
        if (this.flat) this.join(a, b, out);
        else out.collect(this.join(a, b, out) as O);
      }
    }
  }
}

/**
 * `first.join(second)` (Flink's `JoinedStreams`): `.where(key1).equalTo(key2).window(assigner)
 * [.trigger/.evictor/.allowedLateness].apply(joinFn)`. Emits `joinFn(a, b)` for every pair of elements with
 * equal keys in the same window; keys or windows with elements on one side only produce nothing.
 *
 * @example
 * stream1.join(stream2).where((r) => r[0]).equalTo((r) => r[0])
 *   .window(TumblingEventTimeWindows.of(Time.seconds(5)))
 *   .apply((left, right) => `${left} => ${right}`);
 */
export class JoinedStreams<T1, T2> {
  constructor(
    readonly input1: DataStream<T1>,
    readonly input2: DataStream<T2>,
  ) {
    if (input1.environment !== input2.environment) throw new Error("join: both streams must belong to the same environment");
  }
  where<K>(keySelector: KeySelectorLike<T1, K>): JoinedWhere<T1, T2, K> {
    return new JoinedWhere(this.input1, this.input2, toKeySelector(keySelector));
  }
}

export class JoinedWhere<T1, T2, K> {
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (v: T1) => K,
  ) {}
  equalTo(keySelector: KeySelectorLike<T2, K>): JoinedEqualTo<T1, T2, K> {
    return new JoinedEqualTo(this.input1, this.input2, this.key1, toKeySelector(keySelector));
  }
}

export class JoinedEqualTo<T1, T2, K> {
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (v: T1) => K,
    private readonly key2: (v: T2) => K,
  ) {}
  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<T1, T2>, W> | WindowAssigner<unknown, W>): JoinedWithWindow<T1, T2, K, W> {
    return new JoinedWithWindow(this.input1, this.input2, this.key1, this.key2, assigner as WindowAssigner<TaggedUnion<T1, T2>, W>);
  }
}

export class JoinedWithWindow<T1, T2, K, W extends Window> extends TwoStreamWindowBuilder<T1, T2, K, W> {
  /** Joins every pair; a function with three parameters `(a, b, out)` is a FlatJoinFunction. */
  apply<O>(fn: JoinFunction<T1, T2, O> | FlatJoinFunction<T1, T2, O>): DataStream<O> {
    if (typeof fn !== "function" && (fn === null || typeof fn !== "object" || typeof fn.join !== "function")) {
      throw new TypeError("the join function must be a function or an object with a 'join' method");
    }
    return this.coGroupWith(new JoinCoGroupFunction<T1, T2, O>(fn) as unknown as CoGroupFunction<T1, T2, O>);
  }
}
