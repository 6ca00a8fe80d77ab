// Binary record codec, host side: encodes JS values to the row format of core-wasm/codec.ts (batches in core
// segments or standalone bytes) and decodes them after the core validated the batch.
//
// Encodings are documented in core-wasm/codec.ts. Encoding checks every JS value against its descriptor and
// throws an EncodeError naming the field path; decoding runs only over batches `codecValidate` accepted, so
// garbage input fails cleanly in the core with a byte offset (DecodeError) before any JS reads it.

import { isTypeInformation, type TypeInformation } from "../api/types.js";
import { WasmCore, CoreBuffer } from "./wasm-core.js";
import type { MemoryBudget, Segment } from "./memory-budget.js";

// opcodes of core-wasm/codec.ts
const T_INT = 1;
const T_LONG = 2;
const T_DOUBLE = 3;
const T_FLOAT = 4;
const T_BOOLEAN = 5;
const T_STRING = 6;
const T_BYTES = 7;
const T_ROW = 8;
const T_LIST = 9;
const T_GENERIC = 10;
const NULLABLE_BIT = 0x100;
const TWO_32 = 4294967296;

/** A JS value does not match its type descriptor; `path` names the field (e.g. `$.bids[3].price`). */
export class EncodeError extends TypeError {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "EncodeError";
  }
}

/** Thrown by a fixed-capacity writer when a record does not fit; the caller rolls back and flushes. */
class WriterFull extends Error {}
const WRITER_FULL = new WriterFull("writer full");

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Sequential little-endian writer over a byte array (core memory or a growable JS buffer). */
export class ByteWriter {
  u8: Uint8Array;
  dv: DataView;
  pos: number;
  end: number;
  constructor(u8: Uint8Array, start: number, end: number, private readonly growable: boolean) {
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** A writer over a fresh growable JS buffer. */
  static growable(initial = 1024): ByteWriter {
    const u8 = new Uint8Array(initial);
    return new ByteWriter(u8, 0, u8.length, true);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.end) return;
    if (!this.growable) throw WRITER_FULL;
    let cap = this.u8.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const u8 = new Uint8Array(cap);
    u8.set(this.u8.subarray(0, this.pos));
    this.u8 = u8;
    this.dv = new DataView(u8.buffer);
    this.end = cap;
  }

  /** Bytes written so far (growable writers start at 0). */
  bytes(): Uint8Array {
    return this.u8.subarray(0, this.pos);
  }
}

/** Sequential little-endian reader (bounds were checked by the core's validator). */
export class ByteReader {
  u8: Uint8Array;
  dv: DataView;
  pos: number;
  constructor(u8: Uint8Array, pos: number) {
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    this.pos = pos;
  }
}

type Enc = (w: ByteWriter, v: any, sink: VarSink) => void;
type Dec = (r: ByteReader, src: VarSource) => any;

/**
 * Collects the variable-length bytes (strings, byte arrays, GENERIC values) of a batch while its fixed parts
 * are written, then writes them as one region: consecutive strings go through one TextEncoder call; when that
 * call shows non-ASCII text, that run is redone string by string and the length words are patched.
 */
export class VarSink {
  /** Items in field order, with the writer position of each one's u32 length word. */
  private items: Array<string | Uint8Array> = [];
  private lenAt: number[] = [];
  /** Runs of consecutive strings: [first item, end item, the run as one (rope) string]. */
  private runs: Array<[number, number, string]> = [];
  private rope = "";
  private runStart = 0;
  private inRun = false;
  /** Most bytes the region can take (UTF-8 is at most 3 bytes per UTF-16 unit). */
  worstBytes = 0;

  reset(): void {
    this.items.length = 0;
    this.lenAt.length = 0;
    this.runs.length = 0;
    this.rope = "";
    this.runStart = 0;
    this.inRun = false;
    this.worstBytes = 0;
  }

  get count(): number {
    return this.items.length;
  }

  /** Remembers the state before a record, for `rollback` (O(1): strings are immutable, lists only grow). */
  mark(): void {
    this.mItems = this.items.length;
    this.mRuns = this.runs.length;
    this.mRope = this.rope;
    this.mRunStart = this.runStart;
    this.mInRun = this.inRun;
    this.mWorst = this.worstBytes;
  }

  /** Forgets everything added since `mark` (a record that did not fit). */
  rollback(): void {
    this.items.length = this.mItems;
    this.lenAt.length = this.mItems;
    this.runs.length = this.mRuns;
    this.rope = this.mRope;
    this.runStart = this.mRunStart;
    this.inRun = this.mInRun;
    this.worstBytes = this.mWorst;
  }

  private mItems = 0;
  private mRuns = 0;
  private mRope = "";
  private mRunStart = 0;
  private mInRun = false;
  private mWorst = 0;

  addString(s: string, lenAt: number): void {
    if (!this.inRun) {
      this.inRun = true;
      this.runStart = this.items.length;
      this.rope = "";
    }
    this.items.push(s);
    this.lenAt.push(lenAt);
    this.rope += s;
    this.worstBytes += s.length * 3;
  }

  addBytes(b: Uint8Array, lenAt: number): void {
    this.closeRun();
    this.items.push(b);
    this.lenAt.push(lenAt);
    this.worstBytes += b.length;
  }

  private closeRun(): void {
    if (!this.inRun) return;
    this.runs.push([this.runStart, this.items.length, this.rope]);
    this.inRun = false;
    this.rope = "";
  }

  /** Writes the region at w.pos (growing or throwing WRITER_FULL per the writer). */
  flush(w: ByteWriter): void {
    this.closeRun();
    w.ensure(this.worstBytes);
    let run = 0;
    let i = 0;
    const items = this.items;
    while (i < items.length) {
      const it = items[i]!;
      if (typeof it !== "string") {
        w.u8.set(it, w.pos);
        w.pos += it.length;
        i++;
        continue;
      }
      const [first, end, rope] = this.runs[run++]!;
      if (first !== i) throw new Error("VarSink: run bookkeeping out of order");
      const written = rope.length === 0 ? 0 : textEncoder.encodeInto(rope, w.u8.subarray(w.pos, w.pos + rope.length * 3)).written!;
      if (written === rope.length) {
        w.pos += written; // ASCII: byte lengths are the string lengths already written
      } else {
        for (let k = first; k < end; k++) {
          const str = items[k] as string;
          const n = str.length === 0 ? 0 : textEncoder.encodeInto(str, w.u8.subarray(w.pos, w.pos + str.length * 3)).written!;
          w.dv.setUint32(this.lenAt[k]!, n, true);
          w.pos += n;
        }
      }
      i = end;
    }
  }
}

/** Where decoders find variable-length bytes: a cursor over the region, with the region as one string when ASCII. */
export class VarSource {
  u8: Uint8Array;
  /** Address of the next variable byte. */
  pos: number;
  private big: string | undefined;
  private bigBase = 0;
  constructor(u8: Uint8Array, pos: number, private readonly end: number, private readonly ascii: boolean) {
    this.u8 = u8;
    this.pos = pos;
  }

  string(len: number): string {
    const p = this.pos;
    this.pos += len;
    if (!this.ascii || len === 0) return len === 0 ? "" : readUtf8(this.u8, p, len);
    if (this.big === undefined) {
      // one decode for the whole region; ASCII bytes map one-to-one onto windows-1252 code units
      this.big = latin1Decoder.decode(this.u8.subarray(p, this.end));
      this.bigBase = p;
    }
    return this.big.substring(p - this.bigBase, p - this.bigBase + len);
  }

  bytes(len: number): Uint8Array {
    const p = this.pos;
    this.pos += len;
    return this.u8.slice(p, p + len);
  }
}

const latin1Decoder = new TextDecoder("latin1");

function writeLong(w: ByteWriter, v: unknown, path: string): void {
  w.ensure(8);
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new EncodeError(path, `LONG needs a safe integer or bigint, got ${v}`);
    w.dv.setUint32(w.pos, v >>> 0, true);
    w.dv.setInt32(w.pos + 4, Math.floor(v / TWO_32), true);
  } else if (typeof v === "bigint") {
    if (BigInt.asIntN(64, v) !== v) throw new EncodeError(path, `LONG out of 64-bit range: ${v}`);
    w.dv.setBigInt64(w.pos, v, true);
  } else {
    throw new EncodeError(path, `LONG needs a number or bigint, got ${typeof v}`);
  }
  w.pos += 8;
}

function readLong(r: ByteReader): number | bigint {
  const lo = r.dv.getUint32(r.pos, true);
  const hi = r.dv.getInt32(r.pos + 4, true);
  r.pos += 8;
  const v = hi * TWO_32 + lo;
  if (Number.isSafeInteger(v)) return v;
  return r.dv.getBigInt64(r.pos - 8, true);
}

/** Writes u32 length + UTF-8 bytes of `s`. */
export function writeUtf8(w: ByteWriter, s: string): void {
  const n = s.length;
  w.ensure(4 + n * 3);
  const u8 = w.u8;
  const start = w.pos + 4;
  let p = start;
  let i = 0;
  if (n <= 128) {
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      u8[p++] = c;
    }
  }
  if (i < n) {
    const rest = i === 0 ? s : s.slice(i);
    p += textEncoder.encodeInto(rest, u8.subarray(p, p + (n - i) * 3)).written!;
  }
  w.dv.setUint32(w.pos, p - start, true);
  w.pos = p;
}

/** Decodes `len` UTF-8 bytes at `p` (ASCII fast path for short strings). */
export function readUtf8(u8: Uint8Array, p: number, len: number): string {
  if (len <= 64) {
    let ascii = true;
    for (let i = 0; i < len; i++) {
      if (u8[p + i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, u8.subarray(p, p + len) as unknown as number[]);
  }
  return textDecoder.decode(u8.subarray(p, p + len));
}

// ---- GENERIC: self-describing values ----
const G_NULL = 0;
const G_UNDEFINED = 1;
const G_FALSE = 2;
const G_TRUE = 3;
const G_NUMBER = 4;
const G_STRING = 5;
const G_BIGINT = 6;
const G_BYTES = 7;
const G_ARRAY = 8;
const G_OBJECT = 9;
const G_DATE = 10;
const G_MAX_DEPTH = 64;

function writeGenericValue(w: ByteWriter, v: unknown, path: string, depth: number): void {
  if (depth > G_MAX_DEPTH) throw new EncodeError(path, "GENERIC value nested too deeply (or cyclic)");
  w.ensure(9);
  switch (typeof v) {
    case "undefined":
      w.u8[w.pos++] = G_UNDEFINED;
      return;
    case "boolean":
      w.u8[w.pos++] = v ? G_TRUE : G_FALSE;
      return;
    case "number":
      w.u8[w.pos++] = G_NUMBER;
      w.dv.setFloat64(w.pos, v, true);
      w.pos += 8;
      return;
    case "string":
      w.u8[w.pos++] = G_STRING;
      writeUtf8(w, v);
      return;
    case "bigint":
      w.u8[w.pos++] = G_BIGINT;
      writeUtf8(w, v.toString());
      return;
    case "object": {
      if (v === null) {
        w.u8[w.pos++] = G_NULL;
        return;
      }
      if (v instanceof Uint8Array) {
        w.u8[w.pos++] = G_BYTES;
        writeBytes(w, v);
        return;
      }
      if (v instanceof Date) {
        w.u8[w.pos++] = G_DATE;
        w.dv.setFloat64(w.pos, v.getTime(), true);
        w.pos += 8;
        return;
      }
      if (Array.isArray(v)) {
        w.u8[w.pos++] = G_ARRAY;
        w.ensure(4);
        w.dv.setUint32(w.pos, v.length, true);
        w.pos += 4;
        for (let i = 0; i < v.length; i++) writeGenericValue(w, v[i], `${path}[${i}]`, depth + 1);
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new EncodeError(path, `GENERIC cannot encode an instance of ${proto?.constructor?.name ?? "?"}`);
      }
      const keys = Object.keys(v);
      w.u8[w.pos++] = G_OBJECT;
      w.ensure(4);
      w.dv.setUint32(w.pos, keys.length, true);
      w.pos += 4;
      for (const k of keys) {
        writeUtf8(w, k);
        writeGenericValue(w, (v as Record<string, unknown>)[k], `${path}.${k}`, depth + 1);
      }
      return;
    }
    default:
      throw new EncodeError(path, `GENERIC cannot encode a ${typeof v}`);
  }
}

function writeBytes(w: ByteWriter, b: Uint8Array): void {
  w.ensure(4 + b.length);
  w.dv.setUint32(w.pos, b.length, true);
  w.u8.set(b, w.pos + 4);
  w.pos += 4 + b.length;
}

class GenericReader {
  constructor(private readonly u8: Uint8Array, private readonly dv: DataView, public pos: number, private readonly end: number) {}
  private need(n: number): void {
    if (this.pos + n > this.end) throw new RangeError(`GENERIC value truncated at byte ${this.pos}`);
  }
  private u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private str(): string {
    const len = this.u32();
    this.need(len);
    const s = readUtf8(this.u8, this.pos, len);
    this.pos += len;
    return s;
  }
  read(depth: number): unknown {
    if (depth > G_MAX_DEPTH) throw new RangeError(`GENERIC value nested too deeply at byte ${this.pos}`);
    this.need(1);
    const tag = this.u8[this.pos++];
    switch (tag) {
      case G_NULL:
        return null;
      case G_UNDEFINED:
        return undefined;
      case G_FALSE:
        return false;
      case G_TRUE:
        return true;
      case G_NUMBER: {
        this.need(8);
        const v = this.dv.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case G_STRING:
        return this.str();
      case G_BIGINT: {
        const s = this.str();
        if (!/^-?[0-9]+$/.test(s)) throw new RangeError(`GENERIC bigint malformed at byte ${this.pos}`);
        return BigInt(s);
      }
      case G_BYTES: {
        const len = this.u32();
        this.need(len);
        const b = this.u8.slice(this.pos, this.pos + len);
        this.pos += len;
        return b;
      }
      case G_DATE: {
        this.need(8);
        const v = this.dv.getFloat64(this.pos, true);
        this.pos += 8;
        return new Date(v);
      }
      case G_ARRAY: {
        const n = this.u32();
        if (n > this.end - this.pos) throw new RangeError(`GENERIC array length ${n} impossible at byte ${this.pos}`);
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = this.read(depth + 1);
        return a;
      }
      case G_OBJECT: {
        const n = this.u32();
        if (n > this.end - this.pos) throw new RangeError(`GENERIC object size ${n} impossible at byte ${this.pos}`);
        const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const k = this.str();
          const v = this.read(depth + 1);
          if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
          else o[k] = v;
        }
        return o;
      }
      default:
        throw new RangeError(`GENERIC tag ${tag} unknown at byte ${this.pos - 1}`);
    }
  }
}

/** Encodes one GENERIC value to standalone bytes (used for untyped keys and state). */
export function encodeGeneric(v: unknown): Uint8Array {
  const w = ByteWriter.growable(64);
  writeGenericValue(w, v, "$", 0);
  return w.bytes();
}

/** Decodes bytes from `encodeGeneric`; malformed input throws a RangeError naming the byte offset. */
export function decodeGeneric(bytes: Uint8Array): unknown {
  const r = new GenericReader(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);
  const v = r.read(0);
  if (r.pos !== bytes.length) throw new RangeError(`GENERIC value has ${bytes.length - r.pos} trailing bytes`);
  return v;
}

// ---- compiling descriptors ----

interface Compiled {
  enc: Enc;
  dec: Dec;
}

function compile(t: TypeInformation<unknown>, path: string, program: number[], depth: number): Compiled {
  if (!isTypeInformation(t)) throw new TypeError(`${path}: not a Types descriptor`);
  if (depth > 64) throw new TypeError(`${path}: type nested deeper than 64`);
  const at = program.length;
  let c: Compiled;
  switch (t.kind) {
    case "INT":
      program.push(T_INT);
      c = {
        enc: (w, v) => {
          if (typeof v !== "number" || (v | 0) !== v) throw new EncodeError(path, `INT needs a 32-bit integer, got ${String(v)}`);
          w.ensure(4);
          w.dv.setInt32(w.pos, v, true);
          w.pos += 4;
        },
        dec: (r) => {
          const v = r.dv.getInt32(r.pos, true);
          r.pos += 4;
          return v;
        },
      };
      break;
    case "LONG":
      program.push(T_LONG);
      c = { enc: (w, v) => writeLong(w, v, path), dec: readLong };
      break;
    case "DOUBLE":
      program.push(T_DOUBLE);
      c = {
        enc: (w, v) => {
          if (typeof v !== "number") throw new EncodeError(path, `DOUBLE needs a number, got ${typeof v}`);
          w.ensure(8);
          w.dv.setFloat64(w.pos, v, true);
          w.pos += 8;
        },
        dec: (r) => {
          const v = r.dv.getFloat64(r.pos, true);
          r.pos += 8;
          return v;
        },
      };
      break;
    case "FLOAT":
      program.push(T_FLOAT);
      c = {
        enc: (w, v) => {
          if (typeof v !== "number") throw new EncodeError(path, `FLOAT needs a number, got ${typeof v}`);
          w.ensure(4);
          w.dv.setFloat32(w.pos, v, true);
          w.pos += 4;
        },
        dec: (r) => {
          const v = r.dv.getFloat32(r.pos, true);
          r.pos += 4;
          return v;
        },
      };
      break;
    case "BOOLEAN":
      program.push(T_BOOLEAN);
      c = {
        enc: (w, v) => {
          if (typeof v !== "boolean") throw new EncodeError(path, `BOOLEAN needs a boolean, got ${typeof v}`);
          w.ensure(1);
          w.u8[w.pos++] = v ? 1 : 0;
        },
        dec: (r) => r.u8[r.pos++] === 1,
      };
      break;
    case "STRING":
      program.push(T_STRING);
      c = {
        enc: (w, v, sink) => {
          if (typeof v !== "string") throw new EncodeError(path, `STRING needs a string, got ${typeof v}`);
          w.ensure(4);
          w.dv.setUint32(w.pos, v.length, true); // byte length, patched by the sink unless ASCII
          sink.addString(v, w.pos);
          w.pos += 4;
        },
        dec: (r, src) => {
          const len = r.dv.getUint32(r.pos, true);
          r.pos += 4;
          return src.string(len);
        },
      };
      break;
    case "BYTES":
      program.push(T_BYTES);
      c = {
        enc: (w, v, sink) => {
          if (!(v instanceof Uint8Array)) throw new EncodeError(path, "BYTES needs a Uint8Array");
          w.ensure(4);
          w.dv.setUint32(w.pos, v.length, true);
          sink.addBytes(v, w.pos);
          w.pos += 4;
        },
        dec: (r, src) => {
          const len = r.dv.getUint32(r.pos, true);
          r.pos += 4;
          return src.bytes(len);
        },
      };
      break;
    case "GENERIC":
      program.push(T_GENERIC);
      c = {
        enc: (w, v, sink) => {
          const bytes = encodeGenericAt(v, path);
          w.ensure(4);
          w.dv.setUint32(w.pos, bytes.length, true);
          sink.addBytes(bytes, w.pos);
          w.pos += 4;
        },
        dec: (r, src) => {
          const len = r.dv.getUint32(r.pos, true);
          r.pos += 4;
          const at = src.pos;
          src.pos += len;
          const g = new GenericReader(src.u8, new DataView(src.u8.buffer, src.u8.byteOffset, src.u8.byteLength), at, at + len);
          const v = g.read(0);
          if (g.pos !== at + len) throw new RangeError(`${path}: GENERIC value has trailing bytes`);
          return v;
        },
      };
      break;
    case "ROW": {
      const fields = t.fields ?? [];
      program.push(T_ROW, fields.length);
      const names = fields.map(([n]) => n);
      const parts = fields.map(([n, ft]) => compile(ft, `${path}.${n}`, program, depth + 1));
      const encs = parts.map((p) => p.enc);
      const decs = parts.map((p) => p.dec);
      const n = names.length;
      c = specializedRow(names, encs, decs, path) ?? {
        enc: (w, v, sink) => {
          if (typeof v !== "object" || v === null) throw new EncodeError(path, `ROW needs an object, got ${v === null ? "null" : typeof v}`);
          for (let i = 0; i < n; i++) encs[i]!(w, v[names[i]!], sink);
        },
        dec: (r, src) => {
          const o: Record<string, unknown> = {};
          for (let i = 0; i < n; i++) o[names[i]!] = decs[i]!(r, src);
          return o;
        },
      };
      break;
    }
    case "LIST": {
      program.push(T_LIST);
      const el = compile(t.element!, `${path}[]`, program, depth + 1);
      c = {
        enc: (w, v, sink) => {
          if (!Array.isArray(v)) throw new EncodeError(path, "LIST needs an array");
          w.ensure(4);
          w.dv.setUint32(w.pos, v.length, true);
          w.pos += 4;
          for (let i = 0; i < v.length; i++) el.enc(w, v[i], sink);
        },
        dec: (r, src) => {
          const count = r.dv.getUint32(r.pos, true);
          r.pos += 4;
          const a = new Array<unknown>(count);
          for (let i = 0; i < count; i++) a[i] = el.dec(r, src);
          return a;
        },
      };
      break;
    }
    default:
      throw new TypeError(`${path}: unknown type kind ${(t as TypeInformation<unknown>).kind}`);
  }
  if (!t.nullable) return c;
  program[at] = program[at]! | NULLABLE_BIT;
  const inner = c;
  // null (and undefined, except for GENERIC, where undefined is a value of its own) is the null marker
  const generic = t.kind === "GENERIC";
  return {
    enc: (w, v, sink) => {
      w.ensure(1);
      if (v === null || (v === undefined && !generic)) {
        w.u8[w.pos++] = 0;
        return;
      }
      w.u8[w.pos++] = 1;
      inner.enc(w, v, sink);
    },
    dec: (r, src) => (r.u8[r.pos++] === 0 ? null : inner.dec(r, src)),
  };
}

function encodeGenericAt(v: unknown, path: string): Uint8Array {
  const w = ByteWriter.growable(64);
  writeGenericValue(w, v, path, 0);
  return w.bytes();
}

/**
 * Straight-line encoder/decoder for a row, generated once per type: constant property names give V8
 * monomorphic property access and one object shape for decoded rows (a loop over names does neither).
 * Returns undefined where code generation is not allowed (a Content-Security-Policy without 'unsafe-eval')
 * or a field name would be special in an object literal; the caller then uses the generic closures.
 */
function specializedRow(names: string[], encs: Enc[], decs: Dec[], path: string): Compiled | undefined {
  if (names.some((n) => n === "__proto__")) return undefined;
  try {
    const keys = names.map((n) => JSON.stringify(n));
    const encBody =
      `return function encRow(w, v, s) {\n` +
      `  if (typeof v !== "object" || v === null) bad(v);\n` +
      keys.map((k, i) => `  e${i}(w, v[${k}], s);\n`).join("") +
      `};`;
    const decBody = `return function decRow(r, s) {\n  return {\n${keys.map((k, i) => `    ${k}: d${i}(r, s),\n`).join("")}  };\n};`;
    const bad = (v: unknown): never => {
      throw new EncodeError(path, `ROW needs an object, got ${v === null ? "null" : typeof v}`);
    };
    const enc = new Function("bad", ...encs.map((_, i) => `e${i}`), encBody)(bad, ...encs) as Enc;
    const dec = new Function(...decs.map((_, i) => `d${i}`), decBody)(...decs) as Dec;
    return { enc, dec };
  } catch {
    return undefined;
  }
}

/** A batch of framed records in core memory. */
export interface RecordBatch {
  /** Address of the first byte in core memory. */
  readonly address: number;
  /** Bytes of framed records. */
  readonly byteLength: number;
  /** Number of records. */
  readonly count: number;
  /** The segment run holding the batch (release it through its budget when done). */
  readonly segment: Segment;
}

/**
 * Encoder/decoder for one type descriptor: values to batches of binary records and back (layout in
 * core-wasm/codec.ts: fixed parts, then one region of strings and bytes). Decoding validates the batch in the
 * core first. Decoded strings of an ASCII batch are slices of one string decoded for the whole batch (as
 * V8's own sliced strings, they keep that string alive while they live).
 *
 * @example
 * ```ts
 * import { RecordCodec, Types } from "rivulet";
 * const codec = new RecordCodec(Types.ROW({ id: Types.LONG, name: Types.STRING }));
 * const bytes = codec.encode([{ id: 1, name: "a" }]);
 * codec.decode(bytes); // [{ id: 1, name: "a" }]
 * ```
 */
export class RecordCodec<T> {
  /** The schema program (u32 words) the core validates against. */
  readonly program: Uint32Array;
  private readonly enc: Enc;
  private readonly dec: Dec;
  private readonly core: WasmCore;
  private readonly schemaBuf: CoreBuffer;
  private readonly sink = new VarSink();

  constructor(readonly type: TypeInformation<T>, core: WasmCore = WasmCore.get()) {
    const words: number[] = [];
    const c = compile(type as TypeInformation<unknown>, "$", words, 0);
    this.program = Uint32Array.from(words);
    this.enc = c.enc;
    this.dec = c.dec;
    this.core = core;
    this.schemaBuf = core.keyBuf;
    const ptr = this.placeSchema();
    core.check(core.exports.codecCheckSchema(ptr, this.program.length), "RecordCodec");
  }

  private placeSchema(): number {
    const bytes = this.program.length * 4;
    // the schema rides in the tail of the key scratch buffer, which key probes never reach
    const ptr = this.schemaBuf.ensure(bytes + 4096) + this.schemaBuf.capacity - bytes;
    new Uint8Array(this.core.memory.buffer).set(new Uint8Array(this.program.buffer), ptr);
    return ptr;
  }

  /**
   * Encodes one value as standalone bytes (u32 fixed length, fixed part, variable bytes): the form state
   * values take. Throws EncodeError on a mismatch.
   */
  encodeValue(value: T): Uint8Array {
    const w = ByteWriter.growable(64);
    const sink = this.sink;
    sink.reset();
    w.ensure(4);
    w.pos = 4;
    this.enc(w, value, sink);
    w.dv.setUint32(0, w.pos - 4, true);
    sink.flush(w);
    return w.bytes();
  }

  /** Decodes bytes from `encodeValue` (trusted: written by this process; not validated by the core). */
  decodeValue(bytes: Uint8Array): T {
    const r = new ByteReader(bytes, 4);
    const fixedLen = r.dv.getUint32(0, true);
    const src = new VarSource(bytes, 4 + fixedLen, bytes.length, false);
    return this.dec(r, src) as T;
  }

  private writeRecords(w: ByteWriter, values: readonly T[], start: number, growable: boolean): number {
    const sink = this.sink;
    sink.reset();
    const base = w.pos;
    w.ensure(4);
    w.pos += 4;
    let i = start;
    for (; i < values.length; i++) {
      const at = w.pos;
      sink.mark();
      try {
        w.ensure(4);
        w.pos += 4;
        this.enc(w, values[i]!, sink);
        if (!growable && w.pos + sink.worstBytes > w.end) throw WRITER_FULL;
      } catch (e) {
        if (e !== WRITER_FULL) throw e;
        w.pos = at;
        sink.rollback();
        break;
      }
      w.dv.setUint32(at, w.pos - at - 4, true);
    }
    w.dv.setUint32(base, w.pos - base - 4, true);
    sink.flush(w);
    return i - start;
  }

  /** Encodes values as one standalone batch (a JS byte array, e.g. for a snapshot or a postMessage). */
  encode(values: Iterable<T>): Uint8Array {
    const w = ByteWriter.growable(4096);
    this.writeRecords(w, Array.isArray(values) ? values : Array.from(values), 0, true);
    return w.bytes();
  }

  /**
   * Validates (in the core) and decodes a batch. Throws DecodeError with the byte offset for bytes that are
   * not a batch of this type.
   */
  decode(bytes: Uint8Array): T[] {
    const core = this.core;
    const addr = core.ioBuf.ensure(bytes.length);
    core.u8.set(bytes, addr);
    return this.decodeAt(addr, bytes.length);
  }

  /** Validates and decodes a batch already in core memory at `address`. */
  decodeAt(address: number, byteLength: number): T[] {
    const core = this.core;
    const ptr = this.placeSchema();
    const count = core.check(
      core.exports.codecValidate(ptr, this.program.length, address, byteLength, 0, 0),
      "RecordCodec.decode",
    );
    const ascii = core.exports.codecAsciiStrings() === 1;
    const out = new Array<T>(count);
    const u8 = core.u8;
    const r = new ByteReader(u8, address + 4);
    const dv = r.dv;
    const recordsEnd = address + 4 + dv.getUint32(address, true);
    const src = new VarSource(u8, recordsEnd, address + byteLength, ascii);
    for (let i = 0; i < count; i++) {
      const len = dv.getUint32(r.pos, true);
      r.pos += 4;
      const end = r.pos + len;
      out[i] = this.dec(r, src) as T;
      r.pos = end;
    }
    return out;
  }

  /**
   * Validates a batch in core memory and returns, per record, the byte offset of its fixed part and of its
   * first variable byte (pairs, for random access).
   */
  index(address: number, byteLength: number, maxRecords: number): Uint32Array {
    const core = this.core;
    const segs = Math.max(1, Math.ceil((maxRecords * 8) / 65536));
    const indexSeg = core.exports.segAlloc(0, segs) >>> 0;
    if (indexSeg === 0) core.fail("RecordCodec.index");
    try {
      const ptr = this.placeSchema();
      const n = core.check(
        core.exports.codecValidate(ptr, this.program.length, address, byteLength, indexSeg, maxRecords),
        "RecordCodec.index",
      );
      return new Uint32Array(core.memory.buffer.slice(indexSeg, indexSeg + n * 8));
    } finally {
      core.exports.segFree(0, indexSeg, segs);
    }
  }

  /**
   * Encodes values into a batch in core segments charged to `budget` (one segment unless a single record needs
   * more). Returns the batch and how many values it took; call again with the rest when `taken < values.length`.
   */
  writeBatch(values: readonly T[], budget: MemoryBudget, start = 0): { batch: RecordBatch; taken: number } {
    let segments = 1;
    for (;;) {
      const seg = budget.allocate(segments);
      const w = new ByteWriter(this.core.u8, seg.address, seg.address + seg.byteLength, false);
      let taken: number;
      try {
        taken = this.writeRecords(w, values, start, false);
      } catch (e) {
        budget.release(seg);
        if (e !== WRITER_FULL) throw e;
        taken = 0;
      }
      if (taken === 0 && start < values.length) {
        // a single record larger than the run: retry with a bigger run
        if (w.pos !== 0) budget.release(seg);
        segments *= 2;
        continue;
      }
      return {
        batch: { address: seg.address, byteLength: w.pos - seg.address, count: taken, segment: seg },
        taken,
      };
    }
  }
}
