// Bindings of the core's hash-keyed state table (core-wasm/table.ts): composite keys are staged in the core's
// key scratch buffer, values are read and written in place through the address a call returns.

import { WasmCore, framedSnapshot, isErrorCode } from "./wasm-core.js";
import { DecodeError, CoreErrorCode } from "./errors.js";
import type { MemoryBudget } from "./memory-budget.js";

/** Table flag: variable-length values (core-wasm/table.ts FLAG_VAR_VALUES). */
const FLAG_VAR_VALUES = 1;
const ENTRY_HEADER = 16;
const SNAPSHOT_MAGIC = 0x53535652; // "RVSS"
const SNAPSHOT_VERSION = 1;
const SNAPSHOT_HEADER = 32;
/** Keyed-count batch modes (core-wasm/table.ts). */
export const CountKeyMode = { UTF8_STRING: 0, I64: 1, WITH_KEY_GROUP: 2 } as const;

/** Options of a state table. */
export interface WasmStateTableOptions {
  /** Composite key bytes stored in the slot (8..64, multiple of 8); longer keys go to a blob. Default 16. */
  keyInline?: number;
  /** Fixed value width in bytes (4..256, multiple of 4). Ignored with `varValues`. Default 8. */
  valueWidth?: number;
  /** Values are variable-length byte strings. */
  varValues?: boolean;
  /** Key groups are 0..maxParallelism-1. Default 128. */
  maxParallelism?: number;
  /** Entries to size the first array for. Default 0 (one segment). */
  initialCapacity?: number;
}

/** One entry produced by a scan. Byte arrays are copies. */
export interface TableEntry {
  keyGroup: number;
  key: Uint8Array;
  namespace: Uint8Array;
  value: Uint8Array;
}

/**
 * A state table in core memory, keyed by (key group, key bytes, namespace bytes). Key and namespace bytes are
 * staged with `stageKey` (or written by the caller at `core.keyBuf.address`), then an operation reads them.
 * Addresses returned by `find`/`upsert` are valid until the next mutating call on the table.
 *
 * @example
 * ```ts
 * import { WasmStateTable, MemoryBudget } from "rivulet";
 * const t = new WasmStateTable(MemoryBudget.create(1 << 24), { valueWidth: 8 });
 * const n = t.stageKey(new TextEncoder().encode("alice"));
 * const v = t.upsert(7, n, 0);
 * t.core.dv.setFloat64(v, 42, true);
 * t.drop();
 * ```
 */
export class WasmStateTable {
  readonly core: WasmCore;
  readonly handle: number;
  readonly varValues: boolean;
  readonly valueWidth: number;
  readonly maxParallelism: number;
  private dropped = false;

  constructor(readonly budget: MemoryBudget, options: WasmStateTableOptions = {}, existing = 0) {
    this.core = budget.core;
    this.varValues = options.varValues ?? false;
    this.valueWidth = this.varValues ? 8 : options.valueWidth ?? 8;
    this.maxParallelism = options.maxParallelism ?? 128;
    if (existing !== 0) {
      // a view of a table owned by someone else (a window kernel's pane)
      this.handle = existing;
      this.dropped = true;
      return;
    }
    const h = this.core.exports.tableCreate(
      budget.id,
      options.keyInline ?? 16,
      this.valueWidth,
      this.varValues ? FLAG_VAR_VALUES : 0,
      this.maxParallelism,
      options.initialCapacity ?? 0,
    ) >>> 0;
    if (h === 0) this.core.fail("WasmStateTable.create");
    this.handle = h;
  }

  /** A non-owning view of a fixed-value table created by the core itself (`drop` does nothing). */
  static wrap(budget: MemoryBudget, handle: number, valueWidth: number, maxParallelism: number): WasmStateTable {
    if (handle === 0) throw new RangeError("WasmStateTable.wrap: no table handle");
    return new WasmStateTable(budget, { valueWidth, maxParallelism }, handle);
  }

  /** Copies key bytes and namespace bytes into the key scratch; returns the key length to pass on. */
  stageKey(key: Uint8Array, namespace?: Uint8Array): number {
    const nsLen = namespace?.length ?? 0;
    const at = this.core.keyBuf.ensure(key.length + nsLen + 8);
    const u8 = this.core.u8;
    u8.set(key, at);
    if (namespace) u8.set(namespace, at + key.length);
    return key.length;
  }

  /** Address of the staged key's fixed-width value, or 0 when absent. */
  find(keyGroup: number, keyLen: number, nsLen: number): number {
    const r = this.core.exports.tableFind(this.handle, keyGroup, this.core.keyBuf.address, keyLen, nsLen);
    if (isErrorCode(r)) this.core.check(r, "WasmStateTable.find");
    return r >>> 0;
  }

  /** Address of the staged key's value, inserting a zeroed one when absent (see `lastInserted`). */
  upsert(keyGroup: number, keyLen: number, nsLen: number): number {
    const r = this.core.exports.tableUpsert(this.handle, keyGroup, this.core.keyBuf.address, keyLen, nsLen);
    if (isErrorCode(r)) this.core.check(r, "WasmStateTable.upsert");
    return r >>> 0;
  }

  /** Whether the last upsert/putVar inserted a new entry. */
  get lastInserted(): boolean {
    return this.core.exports.tableLastInserted() === 1;
  }

  /** Removes the staged key; true when it was present. */
  remove(keyGroup: number, keyLen: number, nsLen: number): boolean {
    return this.core.check(
      this.core.exports.tableRemove(this.handle, keyGroup, this.core.keyBuf.address, keyLen, nsLen),
      "WasmStateTable.remove",
    ) === 1;
  }

  /** The staged key's variable-length value as a view into core memory (valid until the next call), or undefined. */
  getVarView(keyGroup: number, keyLen: number, nsLen: number): Uint8Array | undefined {
    const x = this.core.exports;
    const r = x.tableGetVar(this.handle, keyGroup, this.core.keyBuf.address, keyLen, nsLen);
    if (isErrorCode(r)) this.core.check(r, "WasmStateTable.getVar");
    if (r === 0) return undefined;
    const addr = r >>> 0;
    return this.core.u8.subarray(addr, addr + x.tableVarLength());
  }

  /** Stores a variable-length value for the staged key. */
  putVar(keyGroup: number, keyLen: number, nsLen: number, value: Uint8Array): void {
    const core = this.core;
    const keyBytes = (keyLen + nsLen + 7) & ~7;
    const base = core.keyBuf.ensure(keyBytes + value.length);
    core.u8.set(value, base + keyBytes);
    core.check(
      core.exports.tablePutVar(this.handle, keyGroup, base, keyLen, nsLen, base + keyBytes, value.length),
      "WasmStateTable.putVar",
    );
  }

  /**
   * Keyed count kernel over `n` records at `address` (u32 length, key bytes, padding to 4): adds 1 to each
   * key's i64 value. Needs valueWidth >= 8.
   */
  countBatch(address: number, n: number, mode: number): void {
    this.core.check(this.core.exports.tableCountBatch(this.handle, address, n, mode), "WasmStateTable.countBatch");
  }

  /** Live entries. */
  get size(): number {
    return this.core.check(this.core.exports.tableSize(this.handle), "WasmStateTable.size");
  }

  /** Slots of the current array. */
  get capacity(): number {
    return this.core.check(this.core.exports.tableCapacity(this.handle), "WasmStateTable.capacity");
  }

  /** Whether an incremental resize is in progress. */
  get migrating(): boolean {
    return this.core.check(this.core.exports.tableMigrating(this.handle), "WasmStateTable.migrating") === 1;
  }

  /** Bytes of managed memory the table holds (arrays and blobs). */
  get memoryBytes(): number {
    return this.core.check(this.core.exports.tableSegments(this.handle), "WasmStateTable.memoryBytes") * 65536;
  }

  /** Removes every entry. */
  clear(): void {
    this.core.check(this.core.exports.tableClear(this.handle), "WasmStateTable.clear");
  }

  /**
   * Calls `visit` for each entry with key group in [kgFirst, kgLast] (optionally only entries whose key equals
   * `filterKey` and whose namespace starts with `filterNsPrefix`). Entries are collected before the first
   * visit, so `visit` may use the table (even modify it).
   */
  scan(
    kgFirst: number,
    kgLast: number,
    visit: (keyGroup: number, key: Uint8Array, namespace: Uint8Array, value: Uint8Array) => void,
    filterKey?: Uint8Array,
    filterNsPrefix?: Uint8Array,
  ): void {
    WasmStateTable.visitChunks(this.scanChunks(kgFirst, kgLast, filterKey, filterNsPrefix), visit);
  }

  /** Calls `visit` for every entry of chunks from `scanChunks` (byte arrays are views into the chunks). */
  static visitChunks(
    chunks: readonly Uint8Array[],
    visit: (keyGroup: number, key: Uint8Array, namespace: Uint8Array, value: Uint8Array) => void,
  ): void {
    for (const chunk of chunks) {
      const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let off = 0;
      while (off < chunk.length) {
        const kg = dv.getUint32(off, true);
        const keyLen = dv.getUint32(off + 4, true);
        const nsLen = dv.getUint32(off + 8, true);
        const valLen = dv.getUint32(off + 12, true);
        const k = off + ENTRY_HEADER;
        visit(kg, chunk.subarray(k, k + keyLen), chunk.subarray(k + keyLen, k + keyLen + nsLen),
          chunk.subarray(k + keyLen + nsLen, k + keyLen + nsLen + valLen));
        off += ENTRY_HEADER + ((keyLen + nsLen + valLen + 3) & ~3);
      }
    }
  }

  /**
   * Entries with key group in [kgFirst, kgLast] as copied chunks of scan bytes (core-wasm/table.ts layout): a
   * consistent copy that later changes to the table do not reach (decode them with `visitChunks`).
   */
  scanChunks(kgFirst: number, kgLast: number, filterKey?: Uint8Array, filterNsPrefix?: Uint8Array): Uint8Array[] {
    const core = this.core;
    const x = core.exports;
    const parts: Uint8Array[] = [];
    const fk = filterKey?.length ?? 0;
    const fn = filterNsPrefix?.length ?? 0;
    const cursor = core.scanBuf.ensure(16 + fk + fn);
    const filterPtr = filterKey ? cursor + 16 : 0;
    if (filterKey) core.u8.set(filterKey, filterPtr);
    if (filterKey && filterNsPrefix) core.u8.set(filterNsPrefix, filterPtr + fk);
    core.u8.fill(0, cursor, cursor + 16);
    for (;;) {
      const r = x.tableScan(this.handle, kgFirst, kgLast, cursor, core.ioBuf.address, core.ioBuf.capacity,
        filterPtr, fk, fn);
      if (isErrorCode(r)) {
        if (r === CoreErrorCode.BUFFER_TOO_SMALL) {
          core.ioBuf.ensure(x.errorDetail0());
          continue;
        }
        core.check(r, "WasmStateTable.scan");
      }
      if (r > 0) parts.push(core.u8.slice(core.ioBuf.address, core.ioBuf.address + r));
      if (core.u32[cursor >>> 2] === 2) return parts;
    }
  }

  /**
   * Snapshot of the key groups [kgFirst, kgLast]: a self-describing byte array (header + entries) that
   * `restore` accepts on a table with the same value layout and max parallelism.
   */
  snapshot(kgFirst = 0, kgLast = this.maxParallelism - 1): Uint8Array {
    const parts = this.scanChunks(kgFirst, kgLast);
    return framedSnapshot(SNAPSHOT_HEADER, parts, (dv, total) => {
      dv.setUint32(0, SNAPSHOT_MAGIC, true);
      dv.setUint32(4, SNAPSHOT_VERSION, true);
      dv.setUint32(8, this.varValues ? FLAG_VAR_VALUES : 0, true);
      dv.setUint32(12, this.valueWidth, true);
      dv.setUint32(16, this.maxParallelism, true);
      dv.setUint32(20, kgFirst, true);
      dv.setUint32(24, kgLast, true);
      dv.setUint32(28, total, true);
    });
  }

  /**
   * Restores a snapshot from `snapshot` (merging into current contents). Entries outside
   * [kgFirst, kgLast] are skipped (rescaling). Throws DecodeError for bytes that are not such a snapshot.
   * Returns the number of entries restored.
   */
  restore(bytes: Uint8Array, kgFirst = 0, kgLast = this.maxParallelism - 1): number {
    const core = this.core;
    const body = this.checkSnapshot(bytes, kgFirst, kgLast);
    const addr = core.ioBuf.ensure(body.length);
    core.u8.set(body, addr);
    return core.check(core.exports.tableRestore(this.handle, addr, body.length), "WasmStateTable.restore");
  }

  /**
   * Checks a snapshot's header against this table's layout and returns its entries with key group in
   * [kgFirst, kgLast] (entry headers are validated again by the core when they are inserted).
   */
  checkSnapshot(bytes: Uint8Array, kgFirst = 0, kgLast = this.maxParallelism - 1): Uint8Array {
    return checkTableSnapshot(bytes, this.varValues, this.valueWidth, this.maxParallelism, kgFirst, kgLast);
  }

  /** Frees the table. Idempotent. */
  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.core.check(this.core.exports.tableDrop(this.handle), "WasmStateTable.drop");
  }
}

/**
 * Checks a table snapshot's header against a table layout and returns its entries with key group in
 * [kgFirst, kgLast] (entry headers are validated again by the core when they are inserted).
 */
export function checkTableSnapshot(bytes: Uint8Array, varValues: boolean, valueWidth: number, maxParallelism: number,
  kgFirst: number, kgLast: number): Uint8Array {
  const bad = (at: number, v: number): never => {
    throw new DecodeError("WasmStateTable.restore", CoreErrorCode.BAD_SNAPSHOT!, at, v);
  };
  if (bytes.length < SNAPSHOT_HEADER) throw new DecodeError("WasmStateTable.restore", CoreErrorCode.TRUNCATED!, 0, 0);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== SNAPSHOT_MAGIC) bad(0, dv.getUint32(0, true));
  if (dv.getUint32(4, true) !== SNAPSHOT_VERSION) bad(4, dv.getUint32(4, true));
  if (dv.getUint32(8, true) !== (varValues ? FLAG_VAR_VALUES : 0)) bad(8, dv.getUint32(8, true));
  if (dv.getUint32(12, true) !== valueWidth) bad(12, dv.getUint32(12, true));
  if (dv.getUint32(16, true) !== maxParallelism) bad(16, dv.getUint32(16, true));
  const total = dv.getUint32(28, true);
  if (total !== bytes.length - SNAPSHOT_HEADER) bad(28, total);
  const body = bytes.subarray(SNAPSHOT_HEADER);
  if (kgFirst === 0 && kgLast === maxParallelism - 1) return body;
  const keep: Uint8Array[] = [];
  let off = 0;
  while (off + ENTRY_HEADER <= body.length) {
    const at = SNAPSHOT_HEADER + off;
    const kg = dv.getUint32(at, true);
    const payload = dv.getUint32(at + 4, true) + dv.getUint32(at + 8, true) + dv.getUint32(at + 12, true);
    const len = ENTRY_HEADER + Math.ceil(payload / 4) * 4;
    if (off + len > body.length) bad(at, payload);
    if (kg >= kgFirst && kg <= kgLast) keep.push(body.subarray(off, off + len));
    off += len;
  }
  if (off !== body.length) bad(SNAPSHOT_HEADER + off, body.length - off);
  const merged = new Uint8Array(keep.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of keep) {
    merged.set(p, o);
    o += p.length;
  }
  return merged;
}
