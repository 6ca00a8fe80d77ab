// Byte encodings the Wasm state backend stores in core tables: keys and namespaces (identity-preserving, as the
// heap backend's key identity), and state values (fixed 8-byte slots for numbers, codec bytes otherwise).

import { isTypeInformation, type TypeInformation } from "../api/types.js";
import { RecordCodec } from "../core/codec.js";
import type { WasmCore } from "../core/wasm-core.js";
import { canonicalJson } from "./key-identity.js";
import type { Namespace } from "./keyed-state-backend.js";

const K_NUMBER = 1;
const K_STRING = 2;
const K_STRING16 = 3;
const K_FALSE = 4;
const K_TRUE = 5;
const K_BIGINT = 6;
const K_JSON = 7;
const TWO_32 = 4294967296;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Scratch for number keys: a DataView over a fresh array's buffer costs an off-heap allocation per key. */
const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isWellFormed(s: string): boolean {
  const f = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (f) return f.call(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function encodeString(tag: number, s: string): Uint8Array {
  // ASCII fast path
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const out = new Uint8Array(1 + s.length);
    out[0] = tag;
    for (let i = 0; i < s.length; i++) out[i + 1] = s.charCodeAt(i);
    return out;
  }
  if (isWellFormed(s)) {
    const body = encoder.encode(s);
    const out = new Uint8Array(1 + body.length);
    out[0] = tag;
    out.set(body, 1);
    return out;
  }
  // lone surrogates: keep every UTF-16 code unit so distinct strings stay distinct
  const out = new Uint8Array(1 + s.length * 2);
  out[0] = K_STRING16;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[1 + 2 * i] = c & 0xff;
    out[2 + 2 * i] = c >>> 8;
  }
  return out;
}

/**
 * Bytes identifying a key (or a user key of an untyped MapState): equal bytes exactly when the heap backend's
 * `keyIdentity` would be equal (numbers by value with -0 = 0, strings by code units, structured keys by
 * canonical JSON).
 */
export function encodeKey(key: unknown): Uint8Array {
  switch (typeof key) {
    case "number": {
      const out = new Uint8Array(9);
      out[0] = K_NUMBER;
      F64[0] = key === 0 ? 0 : Number.isNaN(key) ? NaN : key;
      if (LITTLE_ENDIAN) out.set(F64_BYTES, 1);
      else for (let i = 0; i < 8; i++) out[1 + i] = F64_BYTES[7 - i]!;
      return out;
    }
    case "string":
      return encodeString(K_STRING, key);
    case "boolean":
      return new Uint8Array([key ? K_TRUE : K_FALSE]);
    case "bigint":
      return encodeString(K_BIGINT, key.toString());
    case "object":
      if (key !== null) return encodeString(K_JSON, canonicalJson(key));
      break;
  }
  throw new TypeError(`WasmStateBackend: cannot use ${key === null ? "null" : typeof key} as a key`);
}

/** Inverse of `encodeKey` (structured keys come back as parsed canonical JSON, as the heap backend's). */
export function decodeKey(b: Uint8Array): unknown {
  const tag = b[0];
  switch (tag) {
    case K_NUMBER:
      for (let i = 0; i < 8; i++) F64_BYTES[LITTLE_ENDIAN ? i : 7 - i] = b[1 + i]!;
      return F64[0];
    case K_STRING:
      return decoder.decode(b.subarray(1));
    case K_STRING16: {
      let s = "";
      for (let i = 1; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
      return s;
    }
    case K_FALSE:
      return false;
    case K_TRUE:
      return true;
    case K_BIGINT:
      return BigInt(decoder.decode(b.subarray(1)));
    case K_JSON:
      return JSON.parse(decoder.decode(b.subarray(1)));
  }
  throw new RangeError(`WasmStateBackend: malformed key bytes (tag ${String(tag)})`);
}

/** Whether two encodings are the same bytes (equal keys or namespaces). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Namespace bytes: the void namespace ("") is empty, other strings and numbers are tagged. */
export function encodeNamespace(ns: Namespace): Uint8Array {
  if (ns === "") return new Uint8Array(0);
  return encodeKey(ns);
}

/** Inverse of `encodeNamespace`. */
export function decodeNamespace(b: Uint8Array): Namespace {
  if (b.length === 0) return "";
  return decodeKey(b) as Namespace;
}

/**
 * How a state value of one type is stored: in a fixed 8-byte slot (INT, LONG, DOUBLE, FLOAT, BOOLEAN) or as
 * codec bytes in a variable-length value.
 */
export interface ValueSerializer<T> {
  readonly fixed: boolean;
  /** Throws a TypeError when `value` cannot be stored (called before a slot is created for it). */
  check(value: T): void;
  /** Writes into the 8-byte slot at `address` (fixed only; `check` first). */
  write(core: WasmCore, address: number, value: T): void;
  /** Reads the 8-byte slot at `address` (fixed only). */
  read(core: WasmCore, address: number): T;
  /** Encodes to bytes (variable only); the result is valid until the next call. */
  encode(value: T): Uint8Array;
  /** Decodes bytes from `encode` (variable only). */
  decode(bytes: Uint8Array): T;
}

function fixedSerializer<T>(kind: string): ValueSerializer<T> | undefined {
  const notVar = (): never => {
    throw new Error("fixed-width serializer has no byte form");
  };
  switch (kind) {
    case "INT":
      return {
        fixed: true,
        check(v) {
          if (typeof v !== "number" || (v | 0) !== v) throw new TypeError(`INT state needs a 32-bit integer, got ${String(v)}`);
        },
        write(core, a, v) {
          core.dv.setInt32(a, v as number, true);
        },
        read: (core, a) => core.dv.getInt32(a, true) as T,
        encode: notVar,
        decode: notVar,
      };
    case "LONG":
      return {
        fixed: true,
        check(v) {
          if (!(typeof v === "number" && Number.isSafeInteger(v)) && !(typeof v === "bigint" && BigInt.asIntN(64, v) === v)) {
            throw new TypeError(`LONG state needs a safe integer or a 64-bit bigint, got ${String(v)}`);
          }
        },
        write(core, a, v) {
          const dv = core.dv;
          if (typeof v === "number") {
            dv.setUint32(a, v >>> 0, true);
            dv.setInt32(a + 4, Math.floor(v / TWO_32), true);
          } else {
            dv.setBigInt64(a, v as bigint, true);
          }
        },
        read(core, a) {
          const dv = core.dv;
          const v = dv.getInt32(a + 4, true) * TWO_32 + dv.getUint32(a, true);
          return (Number.isSafeInteger(v) ? v : dv.getBigInt64(a, true)) as T;
        },
        encode: notVar,
        decode: notVar,
      };
    case "DOUBLE":
    case "FLOAT": {
      const round = kind === "FLOAT" ? Math.fround : (x: number) => x;
      return {
        fixed: true,
        check(v) {
          if (typeof v !== "number") throw new TypeError(`${kind} state needs a number, got ${typeof v}`);
        },
        write(core, a, v) {
          core.dv.setFloat64(a, round(v as number), true);
        },
        read: (core, a) => core.dv.getFloat64(a, true) as T,
        encode: notVar,
        decode: notVar,
      };
    }
    case "BOOLEAN":
      return {
        fixed: true,
        check(v) {
          if (typeof v !== "boolean") throw new TypeError(`BOOLEAN state needs a boolean, got ${typeof v}`);
        },
        write(core, a, v) {
          core.dv.setUint8(a, v ? 1 : 0);
        },
        read: (core, a) => (core.u8[a] === 1) as T,
        encode: notVar,
        decode: notVar,
      };
  }
  return undefined;
}

/** The serializer for values of `type` (codec bytes for anything not fixed-width). */
export function valueSerializer<T>(type: TypeInformation<T>, core: WasmCore): ValueSerializer<T> {
  if (!type.nullable) {
    const f = fixedSerializer<T>(type.kind);
    if (f) return f;
  }
  const codec = new RecordCodec<T>(type, core);
  const bad = (): never => {
    throw new Error("variable-length serializer has no slot form");
  };
  return {
    fixed: false,
    check() {},
    write: bad,
    read: bad,
    encode: (v) => codec.encodeValue(v),
    decode: (bytes) => codec.decodeValue(bytes),
  };
}

/** Serializer for the user keys of a MapState: the key type's codec bytes, or key identity bytes if untyped. */
export function userKeySerializer<K>(type: TypeInformation<K> | undefined, core: WasmCore): {
  encode(k: K): Uint8Array;
  decode(b: Uint8Array): K;
} {
  if (type === undefined || !isTypeInformation(type) || type.kind === "GENERIC") {
    return { encode: (k) => encodeKey(k), decode: (b) => decodeKey(b) as K };
  }
  const codec = new RecordCodec<K>(type, core);
  return {
    encode: (k) => codec.encodeValue(k),
    decode: (b) => codec.decodeValue(b),
  };
}
