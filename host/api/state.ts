// Keyed state handles and their descriptors (Flink's State and StateDescriptor family).
import { bindUserFunction } from "./function-utils.js";
import type { ReduceFunction } from "./functions.js";
import type { TypeInformation } from "./types.js";

/** Flink's `State`: every handle can be cleared for the current key (and namespace). */
export interface State {
  clear(): void;
}
/** Flink's `ValueState`: one value per key; `value()` is the default (or `null`) when unset. */
export interface ValueState<T> extends State {
  value(): T | null;
  update(value: T | null): void;
}
/** Flink's `ListState`. `get()` returns the elements (empty when unset). */
export interface ListState<T> extends State {
  get(): Iterable<T>;
  add(value: T): void;
  addAll(values: Iterable<T>): void;
  update(values: Iterable<T>): void;
}
/** Flink's `MapState`. */
export interface MapState<K, V> extends State {
  get(key: K): V | null;
  put(key: K, value: V): void;
  putAll(entries: Iterable<[K, V]> | Map<K, V>): void;
  remove(key: K): void;
  contains(key: K): boolean;
  entries(): Iterable<[K, V]>;
  keys(): Iterable<K>;
  values(): Iterable<V>;
  isEmpty(): boolean;
}
/** Flink's `ReducingState`: `add` folds the value in with the reduce function. */
export interface ReducingState<T> extends State {
  get(): T | null;
  add(value: T): void;
}
/** Flink's `AggregatingState`: `add` folds into an accumulator, `get` returns `getResult(acc)`. */
export interface AggregatingState<IN, OUT> extends State {
  get(): OUT | null;
  add(value: IN): void;
}

/** Flink's `AggregateFunction`: an incremental aggregation with an accumulator. */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge(a: ACC, b: ACC): ACC;
}

export type StateKind = "value" | "list" | "map" | "reducing" | "aggregating";

/** Base of all descriptors: the state's name (unique per operator) and optional type. */
export abstract class StateDescriptor<S extends State, T = unknown> {
  abstract readonly kind: StateKind;
  /** Phantom field carrying the handle type; never set. */
  declare readonly __state?: S;
  constructor(
    readonly name: string,
    readonly type?: TypeInformation<T>,
    readonly defaultValue: T | null = null,
  ) {
    if (typeof name !== "string" || name.length === 0) throw new TypeError("state name must be a non-empty string");
  }
}

/** Describes a `ValueState<T>`; `defaultValue` is returned by `value()` while unset (deprecated in Flink, kept). */
export class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>, T> {
  readonly kind = "value" as const;
  constructor(name: string, type?: TypeInformation<T>, defaultValue: T | null = null) {
    super(name, type, defaultValue);
  }
}
/** Describes a `ListState<T>`. */
export class ListStateDescriptor<T> extends StateDescriptor<ListState<T>, T> {
  readonly kind = "list" as const;
  constructor(name: string, elementType?: TypeInformation<T>) {
    super(name, elementType);
  }
}
/** Describes a `MapState<K, V>`. */
export class MapStateDescriptor<K, V> extends StateDescriptor<MapState<K, V>, V> {
  readonly kind = "map" as const;
  constructor(
    name: string,
    readonly keyType?: TypeInformation<K>,
    valueType?: TypeInformation<V>,
  ) {
    super(name, valueType);
  }
}
/** Describes a `ReducingState<T>` folded with `reduceFunction`. */
export class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>, T> {
  readonly kind = "reducing" as const;
  readonly reduce: (a: T, b: T) => T;
  constructor(
    name: string,
    readonly reduceFunction: ReduceFunction<T>,
    type?: TypeInformation<T>,
  ) {
    super(name, type);
    this.reduce = bindUserFunction<[T, T], T>(reduceFunction, "reduce", "ReducingStateDescriptor's reduce function");
  }
}
/** Describes an `AggregatingState<IN, OUT>` built on an `AggregateFunction`. */
export class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<AggregatingState<IN, OUT>, ACC> {
  readonly kind = "aggregating" as const;
  constructor(
    name: string,
    readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>,
    accumulatorType?: TypeInformation<ACC>,
  ) {
    super(name, accumulatorType);
  }
}
