// Rolling aggregations on keyed streams (Flink's SumAggregator and ComparableAggregator) as reduce functions.

/** A field of a record: a property name, or an index for arrays (tuples). Primitive records use the value itself. */
export type FieldExpression = string | number;

function read(value: unknown, field: FieldExpression): unknown {
  if (value === null || typeof value !== "object") {
    if (field === 0 || field === "*") return value;
    throw new TypeError(`cannot read field '${field}' of a ${typeof value} record; use field 0 or "*" for the value itself`);
  }
  if (!(field in (value as object))) throw new TypeError(`record has no field '${field}': ${JSON.stringify(value)}`);
  return (value as Record<string | number, unknown>)[field];
}

function withField<T>(value: T, field: FieldExpression, v: unknown): T {
  if (value === null || typeof value !== "object") return v as T;
  if (Array.isArray(value)) {
    const copy = value.slice();
    copy[field as number] = v;
    return copy as T;
  }
  return { ...(value as object), [field]: v } as T;
}

function numberOf(v: unknown, field: FieldExpression): number {
  if (typeof v !== "number") throw new TypeError(`field '${field}' must be a number to aggregate, got ${typeof v}`);
  return v;
}

/**
 * `sum(field)`: the running sum in `field`; the other fields are those of the first record of the key
 * (Flink's SumAggregator copies the accumulated record and sets the field).
 */
export function sumAggregator<T>(field: FieldExpression): (a: T, b: T) => T {
  return (a, b) => withField(a, field, numberOf(read(a, field), field) + numberOf(read(b, field), field));
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  throw new TypeError(`cannot compare ${typeof a} with ${typeof b}`);
}

/**
 * `min(field)` / `max(field)`: the running extreme in `field`, other fields from the first record;
 * `minBy` / `maxBy`: the whole record holding the extreme, the earlier record on ties (Flink's
 * ComparableAggregator with `first = true`).
 */
export function comparableAggregator<T>(field: FieldExpression, kind: "min" | "max" | "minBy" | "maxBy"): (a: T, b: T) => T {
  const sign = kind === "min" || kind === "minBy" ? -1 : 1;
  const byRecord = kind === "minBy" || kind === "maxBy";
  return (a, b) => {
    const c = compare(read(b, field), read(a, field)) * sign;
    if (byRecord) return c > 0 ? b : a;
    return c > 0 ? withField(a, field, read(b, field)) : a;
  };
}
