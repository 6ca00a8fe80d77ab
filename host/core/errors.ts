// Errors raised by the Wasm core's bindings: one message per core error code (core-wasm/errors.ts), in one place.

/** Names and messages of the core's error codes, indexed by -code. Keep in step with core-wasm/errors.ts. */
const CODES: ReadonlyArray<readonly [string, string]> = [
  ["OK", "no error"],
  ["BUDGET_EXHAUSTED", "memory budget exhausted (budget {0}, {1} more segment(s) asked)"],
  ["OUT_OF_MEMORY", "the Wasm core could not grow its memory ({0} page(s) asked)"],
  ["BAD_HANDLE", "unknown or freed handle {0}"],
  ["BAD_ARGUMENT", "argument {0} out of range (value {1})"],
  ["KEY_TOO_LONG", "key plus namespace is too long ({0} bytes)"],
  ["TRUNCATED", "input ends inside a record (at byte {0}, record {1})"],
  ["BAD_LENGTH", "impossible length or count at byte {0} (value {1})"],
  ["BAD_BOOLEAN", "BOOLEAN byte is neither 0 nor 1 at byte {0} (value {1})"],
  ["BAD_UTF8", "STRING is not well-formed UTF-8 at byte {0} (record {1})"],
  ["BAD_SCHEMA", "malformed schema program at word {0} (opcode {1})"],
  ["TOO_DEEP", "nesting too deep at {0} (depth {1})"],
  ["BAD_SNAPSHOT", "snapshot is inconsistent at byte {0} (value {1})"],
  ["BUFFER_TOO_SMALL", "output buffer too small ({0} bytes needed, {1} available)"],
  ["BAD_NULL_BITS", "null marker is neither 0 nor 1 at byte {0} (value {1})"],
  ["VALUE_KIND", "operation does not match the table's value kind"],
  ["TRAILING_BYTES", "record has bytes left over at byte {0} ({1} bytes)"],
  ["LIMIT", "too many objects of one kind (limit {0})"],
];

/** Core error codes by name (negative numbers, as the core returns them). */
export const CoreErrorCode = Object.freeze(
  Object.fromEntries(CODES.map(([name], i) => [name, -i])) as Record<string, number>,
);

/**
 * A failure reported by the Wasm core: `code` is the core's (negative) error code, `codeName` its name,
 * `operation` the binding that failed, `detail0`/`detail1` what and where (see core-wasm/errors.ts).
 */
export class CoreError extends Error {
  readonly codeName: string;
  constructor(
    readonly operation: string,
    readonly code: number,
    readonly detail0: number,
    readonly detail1: number,
  ) {
    const entry = CODES[-code];
    const name = entry ? entry[0] : `UNKNOWN(${code})`;
    const template = entry ? entry[1] : "unknown core error";
    super(`${operation}: ${template.replace("{0}", String(detail0)).replace("{1}", String(detail1))}`);
    this.name = "CoreError";
    this.codeName = name;
  }
}

/**
 * A task's managed-memory budget has no room left. Catch it to spill or to fail the task cleanly; the core
 * stays usable.
 */
export class MemoryBudgetExhaustedError extends CoreError {
  constructor(operation: string, detail0: number, detail1: number) {
    super(operation, CoreErrorCode.BUDGET_EXHAUSTED!, detail0, detail1);
    this.name = "MemoryBudgetExhaustedError";
  }
}

/** Bad encoded input (a batch, a snapshot): clean error with the byte offset in `detail0`. */
export class DecodeError extends CoreError {
  constructor(operation: string, code: number, detail0: number, detail1: number) {
    super(operation, code, detail0, detail1);
    this.name = "DecodeError";
  }
}

/** Builds the error for `code` (from a core call named `operation`) with the core's detail words. */
export function coreError(operation: string, code: number, detail0: number, detail1: number): CoreError {
  if (code === CoreErrorCode.BUDGET_EXHAUSTED) return new MemoryBudgetExhaustedError(operation, detail0, detail1);
  if (
    code === CoreErrorCode.TRUNCATED ||
    code === CoreErrorCode.BAD_LENGTH ||
    code === CoreErrorCode.BAD_BOOLEAN ||
    code === CoreErrorCode.BAD_UTF8 ||
    code === CoreErrorCode.BAD_SNAPSHOT ||
    code === CoreErrorCode.BAD_NULL_BITS ||
    code === CoreErrorCode.TRAILING_BYTES ||
    code === CoreErrorCode.TOO_DEEP
  ) {
    return new DecodeError(operation, code, detail0, detail1);
  }
  return new CoreError(operation, code, detail0, detail1);
}
