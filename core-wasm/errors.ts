// Error codes of the Wasm core, in one place: every exported function that can fail returns a negative code
// (or 0 for "no pointer") and records the code plus two detail words (what/where) in globals the host reads.
//
// The host maps each code to a message in host/core/errors.ts; keep both lists in the same order.
// Nothing in the core traps on bad input: every failure path goes through `fail`.

/** No error. */
export const E_OK: i32 = 0;
/** A task's memory budget has no room for another segment. detail0 = budget id, detail1 = segments asked. */
export const E_BUDGET_EXHAUSTED: i32 = -1;
/** `memory.grow` failed: the process cannot give the Wasm core more memory. detail0 = pages asked. */
export const E_OUT_OF_MEMORY: i32 = -2;
/** A handle (budget, table, heap, kernel, allocator) is unknown or freed. detail0 = handle. */
export const E_BAD_HANDLE: i32 = -3;
/** An argument is out of its documented range. detail0 = argument index (0-based), detail1 = value. */
export const E_BAD_ARGUMENT: i32 = -4;
/** A key (key bytes + namespace bytes) is longer than MAX_KEY_BYTES. detail0 = length. */
export const E_KEY_TOO_LONG: i32 = -5;
/** Input ended inside a record. detail0 = byte offset where more was needed, detail1 = record index. */
export const E_TRUNCATED: i32 = -6;
/** A length or count field is impossible. detail0 = byte offset, detail1 = the value read. */
export const E_BAD_LENGTH: i32 = -7;
/** A BOOLEAN byte is neither 0 nor 1. detail0 = byte offset, detail1 = the byte. */
export const E_BAD_BOOLEAN: i32 = -8;
/** STRING bytes are not well-formed UTF-8. detail0 = byte offset, detail1 = record index. */
export const E_BAD_UTF8: i32 = -9;
/** A schema program is malformed. detail0 = instruction index, detail1 = opcode. */
export const E_BAD_SCHEMA: i32 = -10;
/** Nesting deeper than MAX_DEPTH. detail0 = byte offset, detail1 = depth. */
export const E_TOO_DEEP: i32 = -11;
/** A snapshot does not start with the expected magic/version or is inconsistent. detail0 = byte offset. */
export const E_BAD_SNAPSHOT: i32 = -12;
/** An output buffer is too small. detail0 = bytes needed, detail1 = bytes available. */
export const E_BUFFER_TOO_SMALL: i32 = -13;
/** Non-null bits set on a field that is not nullable or padding bits set. detail0 = byte offset. */
export const E_BAD_NULL_BITS: i32 = -14;
/** A table is configured for fixed values of a different width, or the value kind does not match. */
export const E_VALUE_KIND: i32 = -15;
/** Record decoded but bytes remained in its declared length. detail0 = byte offset, detail1 = bytes left. */
export const E_TRAILING_BYTES: i32 = -16;
/** Too many objects of one kind (tables, heaps, budgets). detail0 = limit. */
export const E_LIMIT: i32 = -17;

let lastCode: i32 = 0;
let lastDetail0: i32 = 0;
let lastDetail1: i32 = 0;

/** Records an error and returns its code, so callers write `return fail(E_..., a, b)`. */
export function fail(code: i32, detail0: i32, detail1: i32): i32 {
  lastCode = code;
  lastDetail0 = detail0;
  lastDetail1 = detail1;
  return code;
}

/** Code of the last failure (0 after `errorClear`). */
export function errorCode(): i32 {
  return lastCode;
}

/** First detail word of the last failure (what/where; see each code). */
export function errorDetail0(): i32 {
  return lastDetail0;
}

/** Second detail word of the last failure. */
export function errorDetail1(): i32 {
  return lastDetail1;
}

/** Forgets the last failure. */
export function errorClear(): void {
  lastCode = 0;
  lastDetail0 = 0;
  lastDetail1 = 0;
}
