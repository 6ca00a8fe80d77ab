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
