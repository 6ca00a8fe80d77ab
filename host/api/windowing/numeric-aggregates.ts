// Built-in numeric window aggregations: count, sum, min, max and avg of one numeric field. They run as
// ordinary AggregateFunctions in the window operator (JS) and mark themselves so the window operator builder
// can hand eligible windows to a native aggregation kernel (see runtime/operators/window-aggregation-kernel.ts).
import type { FieldExpression } from "../aggregations.js";
import type { AggregateFunction } from "../state.js";

/** Which built-in aggregate. `stats` returns all of them at once. */
export type NumericAggregateKind = "count" | "sum" | "min" | "max" | "avg" | "stats";

/**
 * Accumulator of every built-in numeric aggregate, laid out as the Wasm window kernel's:
 * `[count, sum, min, max]` (min/max start at `Infinity` / `-Infinity`).
 */
export type NumericAccumulator = [count: number, sum: number, min: number, max: number];

/** Result of `WindowAggregates.stats(field)`. */
export interface NumericStats {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
}

function fieldReader(field: FieldExpression | null): (value: unknown) => number {
  if (field === null) {
    return (value) => {
      if (typeof value !== "number") throw new TypeError(`built-in window aggregates need numeric records (or a field), got ${typeof value}`);
      return value;
    };
  }
  return (value) => {
    const v = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[field] : undefined;
    if (typeof v !== "number") throw new TypeError(`field '${field}' must be a number to aggregate, got ${typeof v}`);
    return v;
  };
}

/**
 * One built-in numeric aggregate as a Flink `AggregateFunction` over a `[count, sum, min, max]` accumulator.
 * Use it with `WindowedStream.aggregate` (optionally with a window function for key and window); create it
 * with `WindowAggregates`.
 */
export class NumericWindowAggregate<T, OUT> implements AggregateFunction<T, NumericAccumulator, OUT> {
  /** The number an element contributes (its field, or the element itself); kernels read values with it. */
  readonly extract: (element: unknown) => number;
  constructor(
    readonly kind: NumericAggregateKind,
    /** The numeric field, or `null` when the records are numbers (and for `count`). */
    readonly field: FieldExpression | null,
  ) {
    this.extract = kind === "count" ? () => 0 : fieldReader(field);
  }
  createAccumulator(): NumericAccumulator {
    return [0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  }
  add(value: T, acc: NumericAccumulator): NumericAccumulator {
    const v = this.extract(value);
    acc[0] += 1;
    acc[1] += v;
    if (v < acc[2]) acc[2] = v;
    if (v > acc[3]) acc[3] = v;
    return acc;
  }
  merge(a: NumericAccumulator, b: NumericAccumulator): NumericAccumulator {
    return [a[0] + b[0], a[1] + b[1], Math.min(a[2], b[2]), Math.max(a[3], b[3])];
  }
  getResult(acc: NumericAccumulator): OUT {
    switch (this.kind) {
      case "count":
        return acc[0] as OUT;
      case "sum":
        return acc[1] as OUT;
      case "min":
        return acc[2] as OUT;
      case "max":
        return acc[3] as OUT;
      case "avg":
        return (acc[1] / acc[0]) as OUT;
      case "stats":
        return { count: acc[0], sum: acc[1], min: acc[2], max: acc[3], avg: acc[1] / acc[0] } as OUT;
    }
  }
  toString(): string {
    return this.kind === "count" ? "count()" : `${this.kind}(${this.field === null ? "" : String(this.field)})`;
  }
}

/**
 * Built-in numeric window aggregates (count, sum, min, max, avg) for `WindowedStream.aggregate`. On
 * event-time tumbling and sliding windows with the default trigger, no evictor and no allowed lateness they
 * may run in a native aggregation kernel when one is installed; anywhere else they run as plain
 * AggregateFunctions with identical results. `field` is a property name or tuple index; leave it out for a
 * stream of numbers.
 *
 * @example
 * bids.keyBy((b) => b.auction).window(SlidingEventTimeWindows.of(10_000, 2_000)).aggregate(WindowAggregates.avg<Bid>("price"));
 */
export const WindowAggregates = {
  count: <T>(): NumericWindowAggregate<T, number> => new NumericWindowAggregate<T, number>("count", null),
  sum: <T>(field: FieldExpression | null = null): NumericWindowAggregate<T, number> => new NumericWindowAggregate<T, number>("sum", field),
  min: <T>(field: FieldExpression | null = null): NumericWindowAggregate<T, number> => new NumericWindowAggregate<T, number>("min", field),
  max: <T>(field: FieldExpression | null = null): NumericWindowAggregate<T, number> => new NumericWindowAggregate<T, number>("max", field),
  avg: <T>(field: FieldExpression | null = null): NumericWindowAggregate<T, number> => new NumericWindowAggregate<T, number>("avg", field),
  stats: <T>(field: FieldExpression | null = null): NumericWindowAggregate<T, NumericStats> =>
    new NumericWindowAggregate<T, NumericStats>("stats", field),
} as const;
