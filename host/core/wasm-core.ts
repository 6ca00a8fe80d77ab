// Instantiates the Wasm core (embedded as base64, so no fs/fetch/bundler is needed in Node, Deno or browsers)
// and owns the views over its linear memory, refreshed whenever `memory.grow` detached the old buffer.

import { CORE_WASM_BASE64 } from "./wasm-binary.generated.js";
import { coreError, CoreError } from "./errors.js";

/** The ABI version this host expects from core-wasm/version.ts. */
export const EXPECTED_CORE_ABI = 2;
/** Bytes in one managed-memory segment (core-wasm/memory.ts SEGMENT_SIZE). */
export const SEGMENT_SIZE = 65536;

/** The core's exports: plain numbers in and out (pointers, lengths, handles, codes). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  coreVersion(): number;
  errorCode(): number;
  errorDetail0(): number;
  errorDetail1(): number;
  errorClear(): void;
  budgetCreate(limitSegments: number): number;
  budgetSetLimit(id: number, limitSegments: number): number;
  budgetFree(id: number): number;
  budgetUsed(id: number): number;
  budgetLimit(id: number): number;
  segAlloc(budget: number, n: number): number;
  segFree(budget: number, address: number, n: number): number;
  poolTop(): number;
  poolFreeSegments(): number;
  poolFreeRuns(): number;
  poolLeakedSegments(): number;
  poolBase(): number;
  hashBytes(ptr: number, len: number): number;
  flinkMurmur(code: number): number;
  keyGroupForHash(hashCode: number, maxParallelism: number): number;
  javaLongHash(lo: number, hi: number): number;
  javaStringHashUtf8(ptr: number, len: number): number;
  tableCreate(budget: number, keyInline: number, valueWidth: number, flags: number, maxP: number, cap: number): number;
  tableDrop(t: number): number;
  tableClear(t: number): number;
  tableSize(t: number): number;
  tableCapacity(t: number): number;
  tableMigrating(t: number): number;
  tableSegments(t: number): number;
  tableLayoutVersion(t: number): number;
  tableFind(t: number, kg: number, ptr: number, keyLen: number, nsLen: number): number;
  tableUpsert(t: number, kg: number, ptr: number, keyLen: number, nsLen: number): number;
  tableLastInserted(): number;
  tableRemove(t: number, kg: number, ptr: number, keyLen: number, nsLen: number): number;
  tableGetVar(t: number, kg: number, ptr: number, keyLen: number, nsLen: number): number;
  tableVarLength(): number;
  tablePutVar(t: number, kg: number, ptr: number, keyLen: number, nsLen: number, valPtr: number, valLen: number): number;
  tableCountBatch(t: number, ptr: number, n: number, mode: number): number;
  tableScan(t: number, kgFirst: number, kgLast: number, cursor: number, out: number, outCap: number,
    filterPtr: number, filterKeyLen: number, filterNsLen: number): number;
  tableRestore(t: number, ptr: number, len: number): number;
  timersCreate(budget: number, maxP: number): number;
  timersDrop(h: number): number;
  timersSize(h: number): number;
  timersRegister(h: number, ts: number, kg: number, ptr: number, keyLen: number, nsLen: number): number;
  timersDelete(h: number, ts: number, kg: number, ptr: number, keyLen: number, nsLen: number): number;
  timersPeek(h: number): number;
  timersPoll(h: number, upTo: number, out: number, outCap: number): number;
  timersPollOne(h: number, upTo: number, out: number, outCap: number): number;
  timersSnapshot(h: number, kgFirst: number, kgLast: number, cursor: number, out: number, outCap: number): number;
  timersRestore(h: number, ptr: number, len: number): number;
  windowCreate(budget: number, maxP: number, size: number, slide: number, offset: number, lateness: number): number;
  windowDrop(k: number): number;
  windowDropped(k: number): number;
  windowPaneCount(k: number): number;
  windowPaneIndex(k: number, i: number): number;
  windowPaneTable(k: number, i: number): number;
  windowAdd(k: number, ptr: number, n: number): number;
  windowAdvance(k: number, watermark: number, out: number, outCap: number): number;
  windowRestorePane(k: number, pane: number, ptr: number, len: number): number;
  windowWatermark(k: number): number;
  windowRestoreWatermark(k: number, watermark: number): number;
  codecCheckSchema(ptr: number, words: number): number;
  codecValidate(schemaPtr: number, words: number, dataPtr: number, len: number, indexPtr: number, indexCap: number): number;
  codecAsciiStrings(): number;
}

/**
 * One byte array of a `headerBytes` header (filled by `writeHeader` with the body length) followed by `parts`:
 * the framing of table and timer-heap snapshots.
 */
export function framedSnapshot(headerBytes: number, parts: readonly Uint8Array[], writeHeader: (dv: DataView, bodyLength: number) => void): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(headerBytes + total);
  writeHeader(new DataView(out.buffer), total);
  let off = headerBytes;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** True when a core return value is an error code (addresses read as i32 never fall in this range). */
export function isErrorCode(r: number): boolean {
  return r < 0 && r >= -65536;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A growable region of core memory owned by the host (keys being probed, scan output, batches being
 * decoded). Its address may change when it grows; read `address` after `ensure`.
 */
export class CoreBuffer {
  address = 0;
  capacity = 0;
  private segments = 0;
  constructor(private readonly core: WasmCore, initialBytes: number) {
    this.ensure(initialBytes);
  }

  /** Makes room for `bytes` bytes, keeping the contents, and returns the (possibly new) address. */
  ensure(bytes: number): number {
    if (bytes <= this.capacity) return this.address;
    const segs = Math.max(1, Math.ceil(bytes / SEGMENT_SIZE));
    const x = this.core.exports;
    const addr = x.segAlloc(0, segs) >>> 0;
    if (addr === 0) this.core.fail("CoreBuffer.ensure");
    if (this.segments > 0) {
      this.core.u8.copyWithin(addr, this.address, this.address + this.capacity);
      x.segFree(0, this.address, this.segments);
    }
    this.address = addr;
    this.segments = segs;
    this.capacity = segs * SEGMENT_SIZE;
    return addr;
  }

  /** Returns the memory to the pool. */
  free(): void {
    if (this.segments > 0) this.core.exports.segFree(0, this.address, this.segments);
    this.segments = 0;
    this.capacity = 0;
    this.address = 0;
  }
}

/**
 * One instance of the Wasm core: its exports, typed views over its memory and shared scratch buffers.
 * `WasmCore.get()` returns the process-wide instance (created synchronously on first use).
 *
 * @example
 * ```ts
 * import { WasmCore } from "rivulet";
 * const core = WasmCore.get();
 * const budget = core.exports.budgetCreate(16); // 16 segments of 64 KiB
 * ```
 */
export class WasmCore {
  private static shared: WasmCore | undefined;
  readonly exports: CoreExports;
  readonly memory: WebAssembly.Memory;
  private _u8: Uint8Array;
  private _dv: DataView;
  private _f64: Float64Array;
  private _u32: Uint32Array;
  /** Scratch for composite keys (key bytes then namespace bytes) passed to table and timer calls. */
  readonly keyBuf: CoreBuffer;
  /** Scratch for scan/poll output and batches being decoded. */
  readonly ioBuf: CoreBuffer;
  /** Scratch for scan cursors and filters. */
  readonly scanBuf: CoreBuffer;

  private constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as CoreExports;
    this.memory = this.exports.memory;
    this.exports._initialize();
    const abi = this.exports.coreVersion();
    if (abi !== EXPECTED_CORE_ABI) throw new Error(`Wasm core ABI ${abi}, host expects ${EXPECTED_CORE_ABI}`);
    this._u8 = new Uint8Array(this.memory.buffer);
    this._dv = new DataView(this.memory.buffer);
    this._f64 = new Float64Array(this.memory.buffer);
    this._u32 = new Uint32Array(this.memory.buffer);
    this.keyBuf = new CoreBuffer(this, SEGMENT_SIZE);
    this.ioBuf = new CoreBuffer(this, SEGMENT_SIZE);
    this.scanBuf = new CoreBuffer(this, SEGMENT_SIZE);
  }

  /** The compiled module (decoded once from the embedded base64). */
  static module(): WebAssembly.Module {
    return (moduleCache ??= new WebAssembly.Module(decodeBase64(CORE_WASM_BASE64) as BufferSource));
  }

  /** Creates a fresh core instance synchronously (its own memory and pool). */
  static create(): WasmCore {
    return new WasmCore(new WebAssembly.Instance(WasmCore.module(), {}));
  }

  /** Creates a fresh core instance asynchronously (for browsers' main threads, which limit sync compiles). */
  static async createAsync(): Promise<WasmCore> {
    const module = moduleCache ?? (moduleCache = await WebAssembly.compile(decodeBase64(CORE_WASM_BASE64) as BufferSource));
    return new WasmCore(await WebAssembly.instantiate(module, {}));
  }

  /** The process-wide core. */
  static get(): WasmCore {
    return (WasmCore.shared ??= WasmCore.create());
  }

  private refresh(): void {
    const buf = this.memory.buffer;
    this._u8 = new Uint8Array(buf);
    this._dv = new DataView(buf);
    this._f64 = new Float64Array(buf);
    this._u32 = new Uint32Array(buf);
  }

  /** Bytes of linear memory; views are re-created when `memory.grow` detached the previous buffer. */
  get u8(): Uint8Array {
    if (this._u8.byteLength === 0) this.refresh();
    return this._u8;
  }

  /** DataView over linear memory (little-endian access with `true`). */
  get dv(): DataView {
    if (this._u8.byteLength === 0) this.refresh();
    return this._dv;
  }

  /** Float64 view (index = address / 8, for 8-aligned addresses). */
  get f64(): Float64Array {
    if (this._u8.byteLength === 0) this.refresh();
    return this._f64;
  }

  /** Uint32 view (index = address / 4, for 4-aligned addresses). */
  get u32(): Uint32Array {
    if (this._u8.byteLength === 0) this.refresh();
    return this._u32;
  }

  /** Throws the core's last error as a CoreError for `operation`. */
  fail(operation: string): never {
    const x = this.exports;
    throw coreError(operation, x.errorCode(), x.errorDetail0(), x.errorDetail1());
  }

  /** Returns `r` when it is not an error code; else throws the core's error for `operation`. */
  check(r: number, operation: string): number {
    if (r < 0 && r >= -65536) {
      const x = this.exports;
      throw coreError(operation, r, x.errorDetail0(), x.errorDetail1());
    }
    return r;
  }

  /** Copies bytes into core memory at `address`. */
  write(address: number, bytes: Uint8Array): void {
    this.u8.set(bytes, address);
  }

  /** Copies `length` bytes out of core memory. */
  read(address: number, length: number): Uint8Array {
    return this.u8.slice(address, address + length);
  }

  /** Pages of linear memory currently committed. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

let moduleCache: WebAssembly.Module | undefined;

export { CoreError };
