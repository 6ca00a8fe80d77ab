// Encodes state values to text and back: JSON for what JSON can say, tagged objects for the rest of what
// structured clone supports (Map, Set, Date, BigInt, undefined, NaN/±Infinity/-0, typed arrays, RegExp), so a
// checkpoint written in Node restores in Deno or a browser. The output never contains a raw newline.

/** Marker key of tagged values; a user object that has this key is wrapped so it cannot be mistaken for one. */
const TAG = "\u0000";
/** The tag key as JSON text (escaped: a raw control character is not valid JSON). */
const K = JSON.stringify(TAG);

/**
 * Text for `value`, decodable with `decodeValue`. Functions and symbols cannot be checkpointed and throw.
 *
 * @example
 * decodeValue(encodeValue(new Map([[1, { at: new Date(0) }]]))); // Map { 1 => { at: Date(0) } }
 */
export function encodeValue(value: unknown): string {
  switch (typeof value) {
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return String(value);
      return `{${K}:"n","v":"${Object.is(value, -0) ? "-0" : String(value)}"}`;
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return `{${K}:"u"}`;
    case "bigint":
      return `{${K}:"b","v":"${value.toString()}"}`;
    case "object":
      return value === null ? "null" : encodeObject(value);
    default:
      throw new TypeError(`cannot checkpoint a value of type ${typeof value}: state must be structured-cloneable`);
  }
}

function encodeObject(value: object): string {
  if (Array.isArray(value)) {
    let s = "[";
    for (let i = 0; i < value.length; i++) s += (i > 0 ? "," : "") + encodeValue(value[i]);
    return s + "]";
  }
  if (value instanceof Map) {
    let s = `{${K}:"m","v":[`;
    let first = true;
    for (const [k, v] of value) {
      s += (first ? "[" : ",[") + encodeValue(k) + "," + encodeValue(v) + "]";
      first = false;
    }
    return s + "]}";
  }
  if (value instanceof Set) return `{${K}:"s","v":${encodeValue(Array.from(value))}}`;
  if (value instanceof Date) return `{${K}:"d","v":${encodeValue(value.getTime())}}`;
  if (value instanceof RegExp) return `{${K}:"r","v":${JSON.stringify(value.source)},"f":${JSON.stringify(value.flags)}}`;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    const items = value instanceof DataView ? Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) : Array.from(value as unknown as ArrayLike<number | bigint>);
    return `{${K}:"t","c":"${name}","v":${encodeValue(items)}}`;
  }
  if (value instanceof ArrayBuffer) return `{${K}:"a","v":${encodeValue(Array.from(new Uint8Array(value)))}}`;
  let s = "{";
  let first = true;
  let tagged = false;
  for (const key of Object.keys(value)) {
    if (key === TAG) tagged = true;
    s += (first ? "" : ",") + JSON.stringify(key) + ":" + encodeValue((value as Record<string, unknown>)[key]);
    first = false;
  }
  s += "}";
  return tagged ? `{${K}:"o","v":${s}}` : s;
}

const TYPED: Record<string, new (items: never) => unknown> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array: BigInt64Array as never,
  BigUint64Array: BigUint64Array as never,
};

/** Inverse of `encodeValue`. */
export function decodeValue(text: string): unknown {
  return revive(JSON.parse(text));
}

/** Turns parsed JSON with tags back into the values `encodeValue` saw. */
export function revive(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === "object") v[i] = revive(x);
    }
    return v;
  }
  const o = v as Record<string, unknown>;
  const tag = o[TAG];
  if (tag === undefined) {
    for (const k in o) {
      const x = o[k];
      if (x !== null && typeof x === "object") o[k] = revive(x);
    }
    return o;
  }
  switch (tag) {
    case "n":
      return Number(o.v);
    case "u":
      return undefined;
    case "b":
      return BigInt(o.v as string);
    case "m":
      return new Map((o.v as unknown[][]).map((e) => [revive(e[0]), revive(e[1])]));
    case "s":
      return new Set(revive(o.v) as unknown[]);
    case "d":
      return new Date(revive(o.v) as number);
    case "r":
      return new RegExp(o.v as string, o.f as string);
    case "t": {
      const items = revive(o.v) as never;
      if (o.c === "DataView") return new DataView(new Uint8Array(items).buffer);
      const ctor = TYPED[o.c as string];
      if (ctor === undefined) throw new Error(`checkpoint holds an unknown typed array '${String(o.c)}'`);
      return new ctor(items);
    }
    case "a":
      return new Uint8Array(o.v as number[]).buffer;
    case "o": {
      const inner = o.v as Record<string, unknown>;
      for (const k in inner) inner[k] = revive(inner[k]);
      return inner;
    }
    default:
      throw new Error(`checkpoint holds a value with an unknown tag '${String(tag)}'`);
  }
}
