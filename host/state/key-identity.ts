// A primitive identity for keys, so structurally equal keys (arrays, plain objects) address the same state.

const OBJECT_KEY_PREFIX = "\u0001";

/** Stable JSON with sorted object properties, used as the identity of structured keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return `{"$bigint":"${value.toString()}"}`;
    if (value === undefined) return "null";
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const names = Object.keys(value).sort();
  return `{${names.map((n) => `${JSON.stringify(n)}:${canonicalJson((value as Record<string, unknown>)[n])}`).join(",")}}`;
}

/**
 * The identity under which a key's state is stored: the key itself for primitives, a canonical JSON string for
 * arrays and objects (two keys with equal structure are the same key, as with Flink's equals/hashCode).
 */
export function keyIdentity(key: unknown): unknown {
  if (key === null || typeof key !== "object") return key;
  return OBJECT_KEY_PREFIX + canonicalJson(key);
}

/** Keys must not be null (Flink: "Assigned key must not be null!"); the error shows the record. */
export function checkKeyNotNull<K>(key: K, record: unknown): K {
  if (key === null || key === undefined) {
    throw new TypeError(`keyBy: the key selector returned ${key} for record ${describeRecord(record)}; keys must not be null`);
  }
  return key;
}

/** A short, safe rendering of a record for error messages. */
export function describeRecord(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 200 ? s.slice(0, 200) + "…" : s;
}
