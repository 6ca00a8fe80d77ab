// Built-in aggregate functions (count, sum, min, max, avg over numbers) that the Wasm state backend recognises
// and folds in place in fixed 16-byte table slots; on any other backend they are ordinary AggregateFunctions.

import type { AggregateFunction } from "../api/state.js";

/** Which built-in aggregation a function is. */
export type BuiltinAggregateKind = "count" | "sum" | "min" | "max" | "avg";

/** Accumulator of the built-ins: `a` and `b` as the slot stores them (see `WasmAggregates`). */
export interface BuiltinAccumulator {
  a: number;
  b: number;
}

const BUILTIN = Symbol.for("rivulet.builtinAggregate");

/** A built-in aggregate: an AggregateFunction with its kind attached. */
export type BuiltinAggregate = AggregateFunction<number, BuiltinAccumulator, number | null> & {
  readonly [BUILTIN]: BuiltinAggregateKind;
};

function make(kind: BuiltinAggregateKind): BuiltinAggregate {
  // accumulator: count (a = n), sum (a = sum), min/max (a = extreme, b = 1 once seen), avg (a = sum, b = n)
  const fns: Record<BuiltinAggregateKind, Omit<AggregateFunction<number, BuiltinAccumulator, number | null>, "createAccumulator">> = {
    count: {
      add: (_v, acc) => ({ a: acc.a + 1, b: 0 }),
      getResult: (acc) => acc.a,
      merge: (x, y) => ({ a: x.a + y.a, b: 0 }),
    },
    sum: {
      add: (v, acc) => ({ a: acc.a + v, b: 0 }),
      getResult: (acc) => acc.a,
      merge: (x, y) => ({ a: x.a + y.a, b: 0 }),
    },
    min: {
      add: (v, acc) => ({ a: acc.b === 0 || v < acc.a ? v : acc.a, b: 1 }),
      getResult: (acc) => (acc.b === 0 ? null : acc.a),
      merge: (x, y) => (x.b === 0 ? y : y.b === 0 ? x : { a: Math.min(x.a, y.a), b: 1 }),
    },
    max: {
      add: (v, acc) => ({ a: acc.b === 0 || v > acc.a ? v : acc.a, b: 1 }),
      getResult: (acc) => (acc.b === 0 ? null : acc.a),
      merge: (x, y) => (x.b === 0 ? y : y.b === 0 ? x : { a: Math.max(x.a, y.a), b: 1 }),
    },
    avg: {
      add: (v, acc) => ({ a: acc.a + v, b: acc.b + 1 }),
      getResult: (acc) => (acc.b === 0 ? null : acc.a / acc.b),
      merge: (x, y) => ({ a: x.a + y.a, b: x.b + y.b }),
    },
  };
  return Object.freeze({ [BUILTIN]: kind, createAccumulator: () => ({ a: 0, b: 0 }), ...fns[kind] }) as BuiltinAggregate;
}

/**
 * Built-in numeric aggregations for `AggregatingStateDescriptor`. With `WasmStateBackend` their accumulators
 * live in the Wasm state table and `add` updates them in place; elsewhere they behave the same in JS.
 *
 * @example
 * ```ts
 * import { AggregatingStateDescriptor, WasmAggregates } from "rivulet";
 * const avgPrice = new AggregatingStateDescriptor("avg-price", WasmAggregates.avg());
 * ```
 */
export const WasmAggregates = {
  count: (): BuiltinAggregate => make("count"),
  sum: (): BuiltinAggregate => make("sum"),
  min: (): BuiltinAggregate => make("min"),
  max: (): BuiltinAggregate => make("max"),
  avg: (): BuiltinAggregate => make("avg"),
} as const;

/** The built-in kind of an aggregate function, or undefined for user functions. */
export function builtinAggregateKind(fn: unknown): BuiltinAggregateKind | undefined {
  return typeof fn === "object" && fn !== null ? (fn as Partial<BuiltinAggregate>)[BUILTIN] : undefined;
}
