// Window coGroup of two streams (Flink's CoGroupedStreams): both inputs tagged, unioned, keyed by their own
// key selectors, windowed together; the function gets each window's elements of both sides per key.
import type { DataStream, KeySelectorLike } from "./datastream.js";
import { toKeySelector } from "./datastream.js";
import { AbstractRichFunction, type Collector } from "./functions.js";
import { bindUserFunction, closeFunction, instantiateFunction, openFunction } from "./function-utils.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Evictor } from "./windowing/evictor.js";
import type { TriggerLike } from "./windowing/trigger.js";
import type { WindowAssigner } from "./windowing/window-assigner.js";
import type { Window } from "./windowing/window.js";

/** Flink's `CoGroupFunction`: all elements of both sides for one key and window (either side may be empty). */
export type CoGroupFunction<T1, T2, O> =
  | ((first: Iterable<T1>, second: Iterable<T2>, out: Collector<O>) => void)
  | { coGroup(first: Iterable<T1>, second: Iterable<T2>, out: Collector<O>): void; open?(ctx: RuntimeContext): void; close?(): void };

/** An element of either input of a coGroup or join (Flink's `TaggedUnion`). */
export interface TaggedUnion<T1, T2> {
  readonly tag: 1 | 2;
  readonly value: T1 | T2;
}

/**
 * Splits a window's tagged elements by side and calls the coGroup function (Flink's CoGroupWindowFunction).
 * Opens its own copy of the wrapped function per parallel instance.
 */
export class CoGroupWindowFunction<T1, T2, O, K, W extends Window> extends AbstractRichFunction {
  private fn: unknown;
  private call!: (first: Iterable<T1>, second: Iterable<T2>, out: Collector<O>) => void;
  constructor(private readonly wrapped: unknown) {
    super();
    this.fn = wrapped;
  }
  override open(context: RuntimeContext): void {
    this.fn = instantiateFunction(this.wrapped);
    this.call = bindUserFunction(this.fn, "coGroup", "the coGroup function");
    openFunction(this.fn, context);
  }
  override close(): void {
    closeFunction(this.fn);
  }
  apply(_key: K, _window: W, values: Iterable<TaggedUnion<T1, T2>>, out: Collector<O>): void {
    const first: T1[] = [];
    const second: T2[] = [];
    for (const v of values) {
      if (v.tag === 1) first.push(v.value as T1);
      else second.push(v.value as T2);
    }
    this.call(first, second, out);
  }
}

/** Tags, unions, keys and windows both inputs; returns the stream of the window function's results. */
export function coGroupWindowed<T1, T2, K, W extends Window, O>(
  input1: DataStream<T1>,
  input2: DataStream<T2>,
  key1: (v: T1) => K,
  key2: (v: T2) => K,
  assigner: WindowAssigner<TaggedUnion<T1, T2>, W>,
  trigger: TriggerLike<TaggedUnion<T1, T2>, W> | null,
  evictor: Evictor<TaggedUnion<T1, T2>, W> | null,
  allowedLateness: number | null,
  windowFunction: CoGroupWindowFunction<T1, T2, O, K, W>,
): DataStream<O> {
  const tagged1 = input1.map((value: T1): TaggedUnion<T1, T2> => ({ tag: 1, value })).setParallelism(input1.getParallelism());
  const tagged2 = input2.map((value: T2): TaggedUnion<T1, T2> => ({ tag: 2, value })).setParallelism(input2.getParallelism());
  const unionKey = (u: TaggedUnion<T1, T2>): K => (u.tag === 1 ? key1(u.value as T1) : key2(u.value as T2));
  const windowed = tagged1.union(tagged2).keyBy<K>(unionKey).window<W>(assigner);
  if (trigger !== null) windowed.trigger(trigger);
  if (evictor !== null) windowed.evictor(evictor);
  if (allowedLateness !== null) windowed.allowedLateness(allowedLateness);
  return windowed.apply<O>(windowFunction);
}

/**
 * `first.coGroup(second)` (Flink's `CoGroupedStreams`): `.where(key1).equalTo(key2).window(assigner)
 * [.trigger/.evictor/.allowedLateness].apply(coGroupFn)`. For each key and window the function gets the
 * window's elements of both sides, even when one side has none.
 *
 * @example
 * clicks.coGroup(orders).where((c) => c.user).equalTo((o) => o.user).window(TumblingEventTimeWindows.of(60_000))
 *   .apply((cs, os, out) => out.collect(`${Array.from(cs).length} clicks, ${Array.from(os).length} orders`));
 */
export class CoGroupedStreams<T1, T2> {
  constructor(
    readonly input1: DataStream<T1>,
    readonly input2: DataStream<T2>,
  ) {
    if (input1.environment !== input2.environment) throw new Error("coGroup: both streams must belong to the same environment");
  }
  where<K>(keySelector: KeySelectorLike<T1, K>): CoGroupedWhere<T1, T2, K> {
    return new CoGroupedWhere(this.input1, this.input2, toKeySelector(keySelector));
  }
}

export class CoGroupedWhere<T1, T2, K> {
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (v: T1) => K,
  ) {}
  equalTo(keySelector: KeySelectorLike<T2, K>): CoGroupedEqualTo<T1, T2, K> {
    return new CoGroupedEqualTo(this.input1, this.input2, this.key1, toKeySelector(keySelector));
  }
}

export class CoGroupedEqualTo<T1, T2, K> {
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (v: T1) => K,
    private readonly key2: (v: T2) => K,
  ) {}
  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<T1, T2>, W> | WindowAssigner<unknown, W>): CoGroupedWithWindow<T1, T2, K, W> {
    return new CoGroupedWithWindow(this.input1, this.input2, this.key1, this.key2, assigner as WindowAssigner<TaggedUnion<T1, T2>, W>);
  }
}

/**
 * The windowed step shared by coGroup and join (Flink builds joins on coGroup too): keys, assigner, optional
 * trigger, evictor and allowed lateness; subclasses add `apply` for their function shape.
 */
export abstract class TwoStreamWindowBuilder<T1, T2, K, W extends Window> {
  private triggerValue: TriggerLike<TaggedUnion<T1, T2>, W> | null = null;
  private evictorValue: Evictor<TaggedUnion<T1, T2>, W> | null = null;
  private lateness: number | null = null;
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (v: T1) => K,
    private readonly key2: (v: T2) => K,
    private readonly assigner: WindowAssigner<TaggedUnion<T1, T2>, W>,
  ) {}
  trigger(trigger: TriggerLike<TaggedUnion<T1, T2>, W> | TriggerLike<unknown, W>): this {
    this.triggerValue = trigger as TriggerLike<TaggedUnion<T1, T2>, W>;
    return this;
  }
  evictor(evictor: Evictor<TaggedUnion<T1, T2>, W> | Evictor<unknown, W>): this {
    this.evictorValue = evictor as Evictor<TaggedUnion<T1, T2>, W>;
    return this;
  }
  allowedLateness(lateness: number): this {
    this.lateness = lateness;
    return this;
  }
  /** Builds the windowed coGroup running `fn`. */
  protected coGroupWith<O>(fn: CoGroupFunction<T1, T2, O>): DataStream<O> {
    return coGroupWindowed<T1, T2, K, W, O>(
      this.input1,
      this.input2,
      this.key1,
      this.key2,
      this.assigner,
      this.triggerValue,
      this.evictorValue,
      this.lateness,
      new CoGroupWindowFunction<T1, T2, O, K, W>(fn),
    );
  }
}

export class CoGroupedWithWindow<T1, T2, K, W extends Window> extends TwoStreamWindowBuilder<T1, T2, K, W> {
  apply<O>(fn: CoGroupFunction<T1, T2, O>): DataStream<O> {
    bindUserFunction(fn, "coGroup", "the coGroup function");
    return this.coGroupWith(fn);
  }
}
