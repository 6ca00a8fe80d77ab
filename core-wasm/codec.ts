// Binary record codec, Wasm side: checks schema programs and validates (and indexes) batches of encoded
// records so the host can decode them without bounds checks. Garbage gives a clean error with the offset,
// never a trap or a hang: every length is checked against the bytes left before it is used.
//
// Layout (Flink's BinaryRowData idea: a fixed-length part per record, variable-length bytes apart). Strings
// and byte arrays of a whole batch sit together in one variable region, in field order, so the host moves
// them with one TextEncoder/TextDecoder call per batch instead of one per field.
//
// Schema program (u32 words, produced by host/core/codec.ts from a Types descriptor):
//   T_INT | T_LONG | T_DOUBLE | T_FLOAT | T_BOOLEAN | T_STRING | T_BYTES | T_GENERIC   one word
//   T_ROW, n, then n field programs                                                    row of n fields
//   T_LIST, then the element program                                                   list
//   Any opcode may carry NULLABLE_BIT.
// Value encoding in the fixed part (little endian, unaligned):
//   nullable prefix u8: 0 = null (nothing follows), 1 = present
//   INT i32 (4) | LONG i64 (8) | DOUBLE f64 (8) | FLOAT f32 (4) | BOOLEAN u8 0/1
//   STRING / BYTES / GENERIC: u32 byte length; the bytes are the next ones of the variable region
//     (STRING: UTF-8; GENERIC: host-defined self-describing bytes)
//   ROW: the fields in order | LIST: u32 count + elements
// Batch: +0 u32 R = bytes of records, +4 records back to back (u32 length + fixed part each), then the
//   variable region [4 + R, end): exactly the variable bytes of the records, in order.
// Index output (optional): per record u32 offset of its fixed part, u32 offset of its first variable byte.

import { fail, E_OK, E_TRUNCATED, E_BAD_LENGTH, E_BAD_BOOLEAN, E_BAD_UTF8, E_BAD_SCHEMA, E_TOO_DEEP,
  E_BAD_NULL_BITS, E_TRAILING_BYTES, E_BAD_ARGUMENT, E_BUFFER_TOO_SMALL, errorCode } from "./errors";

export const T_INT: u32 = 1;
export const T_LONG: u32 = 2;
export const T_DOUBLE: u32 = 3;
export const T_FLOAT: u32 = 4;
export const T_BOOLEAN: u32 = 5;
export const T_STRING: u32 = 6;
export const T_BYTES: u32 = 7;
export const T_ROW: u32 = 8;
export const T_LIST: u32 = 9;
export const T_GENERIC: u32 = 10;
export const NULLABLE_BIT: u32 = 0x100;
const OP_MASK: u32 = 0xff;
/** Deepest nesting of ROW/LIST in a schema. */
export const MAX_DEPTH: i32 = 64;
/** Most fields in one ROW. */
const MAX_FIELDS: u32 = 65535;
/** Most elements in a list whose elements can be zero bytes long (rows without fields). */
const MAX_EMPTY_ELEMENTS: u32 = 1 << 20;

// validation state (single-threaded core)
let sBase: usize = 0; // schema
let sWords: u32 = 0;
let dBase: usize = 0; // batch
let dEnd: u32 = 0; // end of the current record (offset within the batch)
let vOff: u32 = 0; // next variable byte (offset within the batch)
let vEnd: u32 = 0; // end of the variable region
let recIndex: i32 = 0;
let allAscii: bool = true;

/** Returns the index just past the program at word i, or -1 (error recorded) when it is malformed. */
function skipProgram(i: u32, depth: i32): i32 {
  if (depth > MAX_DEPTH) {
    fail(E_TOO_DEEP, <i32>i, depth);
    return -1;
  }
  if (i >= sWords) {
    fail(E_BAD_SCHEMA, <i32>i, 0);
    return -1;
  }
  const word = load<u32>(sBase + (<usize>i << 2));
  if ((word & ~(OP_MASK | NULLABLE_BIT)) != 0) {
    fail(E_BAD_SCHEMA, <i32>i, <i32>word);
    return -1;
  }
  const op = word & OP_MASK;
  if (op >= T_INT && op <= T_BYTES || op == T_GENERIC) return <i32>(i + 1);
  if (op == T_ROW) {
    if (i + 1 >= sWords) {
      fail(E_BAD_SCHEMA, <i32>i, <i32>word);
      return -1;
    }
    const n = load<u32>(sBase + (<usize>(i + 1) << 2));
    if (n > MAX_FIELDS) {
      fail(E_BAD_SCHEMA, <i32>(i + 1), <i32>n);
      return -1;
    }
    let j = <i32>(i + 2);
    for (let f: u32 = 0; f < n; f++) {
      j = skipProgram(<u32>j, depth + 1);
      if (j < 0) return -1;
    }
    return j;
  }
  if (op == T_LIST) return skipProgram(i + 1, depth + 1);
  fail(E_BAD_SCHEMA, <i32>i, <i32>word);
  return -1;
}

/** Minimum encoded size of the program at word i (schema already checked). */
function minSize(i: u32): u32 {
  const word = load<u32>(sBase + (<usize>i << 2));
  if ((word & NULLABLE_BIT) != 0) return 1;
  const op = word & OP_MASK;
  if (op == T_INT || op == T_FLOAT) return 4;
  if (op == T_LONG || op == T_DOUBLE) return 8;
  if (op == T_BOOLEAN) return 1;
  if (op == T_LIST || op == T_STRING || op == T_BYTES || op == T_GENERIC) return 4;
  // row
  const n = load<u32>(sBase + (<usize>(i + 1) << 2));
  let j = i + 2;
  let total: u32 = 0;
  for (let f: u32 = 0; f < n; f++) {
    total += minSize(j);
    if (total > 0) return total;
    j = <u32>skipProgram(j, 0);
  }
  return total;
}

/** Checks a schema program of `words` u32 words at ptr. Returns 0 or E_BAD_SCHEMA / E_TOO_DEEP. */
export function codecCheckSchema(ptr: usize, words: i32): i32 {
  if (words <= 0) return fail(E_BAD_SCHEMA, 0, words);
  sBase = ptr;
  sWords = <u32>words;
  const end = skipProgram(0, 0);
  if (end < 0) return errorCode();
  if (<u32>end != sWords) return fail(E_BAD_SCHEMA, end, <i32>sWords);
  return E_OK;
}

/**
 * Validates well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF): 0 when valid ASCII, -1 when
 * valid with non-ASCII characters, else 1 + the offset of the first bad byte.
 */
function utf8Valid(p: usize, len: u32): i32 {
  let i: u32 = 0;
  let ascii = true;
  while (i < len) {
    // ASCII fast path, 8 bytes at a time
    if (i + 8 <= len && (load<u64>(p + i) & 0x8080808080808080) == 0) {
      i += 8;
      continue;
    }
    const b0 = <u32>load<u8>(p + i);
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let n: u32;
    let min: u32;
    let cp: u32;
    if ((b0 & 0xe0) == 0xc0) {
      n = 1;
      min = 0x80;
      cp = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
      n = 2;
      min = 0x800;
      cp = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
      n = 3;
      min = 0x10000;
      cp = b0 & 0x07;
    } else {
      return <i32>i + 1;
    }
    if (i + n >= len) return <i32>i + 1;
    for (let k: u32 = 1; k <= n; k++) {
      const c = <u32>load<u8>(p + i + k);
      if ((c & 0xc0) != 0x80) return <i32>(i + k) + 1;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return <i32>i + 1;
    ascii = false;
    i += n + 1;
  }
  return ascii ? 0 : -1;
}

/** Validates the value of program word i at batch offset off; returns the offset after it or a negative code. */
function validateValue(i: u32, off: u32, depth: i32): i64 {
  if (depth > MAX_DEPTH) return <i64>fail(E_TOO_DEEP, <i32>off, depth);
  const word = load<u32>(sBase + (<usize>i << 2));
  if ((word & NULLABLE_BIT) != 0) {
    if (off + 1 > dEnd) return <i64>fail(E_TRUNCATED, <i32>off, recIndex);
    const flag = load<u8>(dBase + off);
    if (flag == 0) return <i64>(off + 1);
    if (flag != 1) return <i64>fail(E_BAD_NULL_BITS, <i32>off, <i32>flag);
    off++;
  }
  const op = word & OP_MASK;
  switch (op) {
    case T_INT:
    case T_FLOAT: {
      if (<u64>off + 4 > <u64>dEnd) return <i64>fail(E_TRUNCATED, <i32>off, recIndex);
      return <i64>(off + 4);
    }
    case T_LONG:
    case T_DOUBLE: {
      if (<u64>off + 8 > <u64>dEnd) return <i64>fail(E_TRUNCATED, <i32>off, recIndex);
      return <i64>(off + 8);
    }
    case T_BOOLEAN: {
      if (off + 1 > dEnd) return <i64>fail(E_TRUNCATED, <i32>off, recIndex);
      const b = load<u8>(dBase + off);
      if (b > 1) return <i64>fail(E_BAD_BOOLEAN, <i32>off, <i32>b);
      return <i64>(off + 1);
    }
    case T_STRING:
    case T_BYTES:
    case T_GENERIC: {
      if (<u64>off + 4 > <u64>dEnd) return <i64>fail(E_TRUNCATED, <i32>off, recIndex);
      const len = load<u32>(dBase + off);
      if (<u64>vOff + <u64>len > <u64>vEnd) return <i64>fail(E_BAD_LENGTH, <i32>off, <i32>len);
      if (op == T_STRING) {
        const bad = utf8Valid(dBase + vOff, len);
        if (bad < 0) allAscii = false;
        else if (bad != 0) return <i64>fail(E_BAD_UTF8, <i32>(vOff + <u32>bad - 1), recIndex);
      }
      vOff += len;
      return <i64>(off + 4);
    }
    case T_ROW: {
      const n = load<u32>(sBase + (<usize>(i + 1) << 2));
      let j = i + 2;
      let o = <i64>off;
      for (let f: u32 = 0; f < n; f++) {
        o = validateValue(j, <u32>o, depth + 1);
        if (o < 0) return o;
        j = <u32>skipProgram(j, 0);
      }
      return o;
    }
    case T_LIST: {
      if (<u64>off + 4 > <u64>dEnd) return <i64>fail(E_TRUNCATED, <i32>off, recIndex);
      const count = load<u32>(dBase + off);
      const elemMin = minSize(i + 1);
      const left = dEnd - off - 4;
      if ((elemMin > 0 && <u64>count * <u64>elemMin > <u64>left) || (elemMin == 0 && count > MAX_EMPTY_ELEMENTS))
        return <i64>fail(E_BAD_LENGTH, <i32>off, <i32>count);
      let o = <i64>(off + 4);
      for (let e: u32 = 0; e < count; e++) {
        o = validateValue(i + 1, <u32>o, depth + 1);
        if (o < 0) return o;
      }
      return o;
    }
  }
  return <i64>fail(E_BAD_SCHEMA, <i32>i, <i32>word);
}

/**
 * Validates a batch of `len` bytes at dataPtr against the schema program at schemaPtr (`words` words). When
 * indexPtr != 0 writes each record's two offsets there (at most indexCap records). Returns the number of
 * records, or a negative error code with errorDetail0 = byte offset within the batch. Afterwards
 * codecAsciiStrings() tells whether every STRING byte of the batch was ASCII.
 */
export function codecValidate(schemaPtr: usize, words: i32, dataPtr: usize, len: i32, indexPtr: usize,
  indexCap: i32): i32 {
  const check = codecCheckSchema(schemaPtr, words);
  if (check != E_OK) return check;
  if (len < 0) return fail(E_BAD_ARGUMENT, 3, len);
  dBase = dataPtr;
  const total = <u32>len;
  recIndex = 0;
  allAscii = true;
  if (total < 4) return fail(E_TRUNCATED, 0, 0);
  const recordsBytes = load<u32>(dataPtr);
  if (<u64>recordsBytes + 4 > <u64>total) return fail(E_BAD_LENGTH, 0, <i32>recordsBytes);
  const recordsEnd: u32 = 4 + recordsBytes;
  vOff = recordsEnd;
  vEnd = total;
  let off: u32 = 4;
  while (off < recordsEnd) {
    if (off + 4 > recordsEnd) return fail(E_TRUNCATED, <i32>off, recIndex);
    const recLen = load<u32>(dataPtr + off);
    if (<u64>off + 4 + <u64>recLen > <u64>recordsEnd) return fail(E_BAD_LENGTH, <i32>off, <i32>recLen);
    const body = off + 4;
    const varStart = vOff;
    dEnd = body + recLen;
    const r = validateValue(0, body, 0);
    if (r < 0) return <i32>r;
    if (<u32>r != dEnd) return fail(E_TRAILING_BYTES, <i32>r, <i32>(dEnd - <u32>r));
    if (indexPtr != 0) {
      if (recIndex >= indexCap) return fail(E_BUFFER_TOO_SMALL, recIndex + 1, indexCap);
      store<u32>(indexPtr + (<usize>recIndex << 3), body);
      store<u32>(indexPtr + (<usize>recIndex << 3), varStart, 4);
    }
    recIndex++;
    off = dEnd;
  }
  if (vOff != vEnd) return fail(E_TRAILING_BYTES, <i32>vOff, <i32>(vEnd - vOff));
  return recIndex;
}

/** 1 when every STRING byte of the last validated batch was ASCII (the host then slices one decoded string). */
export function codecAsciiStrings(): i32 {
  return allAscii ? 1 : 0;
}
