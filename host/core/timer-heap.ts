// Bindings of the core's timer heap (core-wasm/timers.ts): (timestamp, key group, key, namespace) timers,
// de-duplicated, deletable, polled in timestamp order, snapshot and restored per key-group range.

import { WasmCore, isErrorCode } from "./wasm-core.js";
import { CoreErrorCode, DecodeError } from "./errors.js";
import type { MemoryBudget } from "./memory-budget.js";

const OUT_HEADER = 24;
const SNAPSHOT_MAGIC = 0x48535652; // "RVSH"
const SNAPSHOT_HEADER = 16;

/** A timer as the heap returns it. Byte arrays are copies. */
export interface HeapTimer {
  timestamp: number;
  keyGroup: number;
  key: Uint8Array;
  namespace: Uint8Array;
}

/**
 * A timer heap in core memory (Flink's `InternalTimerHeap` for one timer service and one time domain).
 *
 * @example
 * ```ts
 * import { WasmTimerHeap, MemoryBudget } from "rivulet";
 * const timers = new WasmTimerHeap(MemoryBudget.create(1 << 22), 128);
 * timers.register(1000, 5, new Uint8Array([1]), new Uint8Array());
 * timers.poll(1000); // [{ timestamp: 1000, keyGroup: 5, key: Uint8Array[1], namespace: Uint8Array[] }]
 * ```
 */
export class WasmTimerHeap {
  readonly core: WasmCore;
  readonly handle: number;
  private dropped = false;

  constructor(readonly budget: MemoryBudget, readonly maxParallelism = 128) {
    this.core = budget.core;
    const h = this.core.exports.timersCreate(budget.id, maxParallelism) >>> 0;
    if (h === 0) this.core.fail("WasmTimerHeap.create");
    this.handle = h;
  }

  private stage(key: Uint8Array, namespace: Uint8Array): number {
    const at = this.core.keyBuf.ensure(key.length + namespace.length);
    this.core.u8.set(key, at);
    this.core.u8.set(namespace, at + key.length);
    return at;
  }

  /** Registers a timer; false when the same (timestamp, key, namespace) is already registered. */
  register(timestamp: number, keyGroup: number, key: Uint8Array, namespace: Uint8Array): boolean {
    const at = this.stage(key, namespace);
    return this.core.check(
      this.core.exports.timersRegister(this.handle, timestamp, keyGroup, at, key.length, namespace.length),
      "WasmTimerHeap.register",
    ) === 1;
  }

  /** Deletes a timer; false when there was none. */
  delete(timestamp: number, keyGroup: number, key: Uint8Array, namespace: Uint8Array): boolean {
    const at = this.stage(key, namespace);
    return this.core.check(
      this.core.exports.timersDelete(this.handle, timestamp, keyGroup, at, key.length, namespace.length),
      "WasmTimerHeap.delete",
    ) === 1;
  }

  /** Registered timers. */
  get size(): number {
    return this.core.check(this.core.exports.timersSize(this.handle), "WasmTimerHeap.size");
  }

  /** Earliest timestamp, or Infinity when empty. */
  peek(): number {
    const t = this.core.exports.timersPeek(this.handle);
    if (Number.isNaN(t)) this.core.fail("WasmTimerHeap.peek");
    return t;
  }

  private parse(bytes: Uint8Array, out: HeapTimer[]): void {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let off = 0;
    while (off < bytes.length) {
      const keyLen = dv.getUint32(off + 12, true);
      const nsLen = dv.getUint32(off + 16, true);
      const k = off + OUT_HEADER;
      out.push({
        timestamp: dv.getFloat64(off, true),
        keyGroup: dv.getUint32(off + 8, true),
        key: bytes.slice(k, k + keyLen),
        namespace: bytes.slice(k + keyLen, k + keyLen + nsLen),
      });
      off += (OUT_HEADER + keyLen + nsLen + 7) & ~7;
    }
  }

  /** Removes and returns every timer with timestamp <= upTo, in timestamp (then registration) order. */
  poll(upTo: number): HeapTimer[] {
    const core = this.core;
    const out: HeapTimer[] = [];
    for (;;) {
      const r = core.exports.timersPoll(this.handle, upTo, core.ioBuf.address, core.ioBuf.capacity);
      if (isErrorCode(r)) {
        if (r === CoreErrorCode.BUFFER_TOO_SMALL) {
          core.ioBuf.ensure(core.exports.errorDetail0());
          continue;
        }
        core.check(r, "WasmTimerHeap.poll");
      }
      if (r === 0) return out;
      this.parse(core.u8.slice(core.ioBuf.address, core.ioBuf.address + r), out);
    }
  }

  /** Snapshot of the timers in key groups [kgFirst, kgLast]. */
  snapshot(kgFirst = 0, kgLast = this.maxParallelism - 1): Uint8Array {
    const core = this.core;
    const x = core.exports;
    const parts: Uint8Array[] = [];
    const cursor = core.scanBuf.ensure(16);
    core.u8.fill(0, cursor, cursor + 16);
    for (;;) {
      const r = x.timersSnapshot(this.handle, kgFirst, kgLast, cursor, core.ioBuf.address, core.ioBuf.capacity);
      if (isErrorCode(r)) {
        if (r === CoreErrorCode.BUFFER_TOO_SMALL) {
          core.ioBuf.ensure(x.errorDetail0());
          continue;
        }
        core.check(r, "WasmTimerHeap.snapshot");
      }
      if (r > 0) parts.push(core.u8.slice(core.ioBuf.address, core.ioBuf.address + r));
      if (core.u32[(cursor + 8) >>> 2] === 1) break;
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(SNAPSHOT_HEADER + total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, SNAPSHOT_MAGIC, true);
    dv.setUint32(4, this.maxParallelism, true);
    dv.setUint32(8, total, true);
    let off = SNAPSHOT_HEADER;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  /** Restores timers from `snapshot` bytes (merging; duplicates are ignored). Returns timers read. */
  restore(bytes: Uint8Array): number {
    const core = this.core;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < SNAPSHOT_HEADER) throw new DecodeError("WasmTimerHeap.restore", CoreErrorCode.TRUNCATED!, 0, 0);
    if (dv.getUint32(0, true) !== SNAPSHOT_MAGIC) {
      throw new DecodeError("WasmTimerHeap.restore", CoreErrorCode.BAD_SNAPSHOT!, 0, dv.getUint32(0, true));
    }
    if (dv.getUint32(4, true) !== this.maxParallelism) {
      throw new DecodeError("WasmTimerHeap.restore", CoreErrorCode.BAD_SNAPSHOT!, 4, dv.getUint32(4, true));
    }
    const total = dv.getUint32(8, true);
    if (total !== bytes.length - SNAPSHOT_HEADER) {
      throw new DecodeError("WasmTimerHeap.restore", CoreErrorCode.BAD_SNAPSHOT!, 8, total);
    }
    const addr = core.ioBuf.ensure(total);
    core.u8.set(bytes.subarray(SNAPSHOT_HEADER), addr);
    return core.check(core.exports.timersRestore(this.handle, addr, total), "WasmTimerHeap.restore");
  }

  /** Frees the heap. Idempotent. */
  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.core.check(this.core.exports.timersDrop(this.handle), "WasmTimerHeap.drop");
  }
}
