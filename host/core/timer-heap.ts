// Bindings of the core's timer heap (core-wasm/timers.ts): (timestamp, key group, key, namespace) timers,
// de-duplicated, deletable, polled in timestamp order, snapshot and restored per key-group range.

import { WasmCore, framedSnapshot, isErrorCode } from "./wasm-core.js";
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
 * Where `WasmTimerHeap.pollOneInto` left the timer it popped: its fields, and its key bytes (then namespace bytes)
 * in core memory, valid until the next call that writes the core's I/O buffer. Reused across calls, so popping
 * allocates nothing.
 */
export interface PolledTimerView {
  timestamp: number;
  keyGroup: number;
  /** Address of the key bytes in core memory (`core.u8`); the namespace bytes follow them. */
  keyAddress: number;
  keyLength: number;
  namespaceLength: number;
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
  private readonly polled: PolledTimerView = { timestamp: 0, keyGroup: 0, keyAddress: 0, keyLength: 0, namespaceLength: 0 };

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

  /**
   * Removes the earliest timer if its timestamp is <= upTo (ties in registration order) and describes it in
   * `into`; false when none is due. One timer per call, so timers registered or deleted while it fires count
   * before the next is popped (Flink's InternalTimerServiceImpl polls one timer per callback).
   */
  pollOneInto(upTo: number, into: PolledTimerView): boolean {
    const core = this.core;
    let r: number;
    for (;;) {
      r = core.exports.timersPollOne(this.handle, upTo, core.ioBuf.address, core.ioBuf.capacity);
      if (r !== CoreErrorCode.BUFFER_TOO_SMALL) break;
      core.ioBuf.ensure(core.exports.errorDetail0());
    }
    if (core.check(r, "WasmTimerHeap.pollOne") === 0) return false;
    const at = core.ioBuf.address;
    const u32 = core.u32;
    into.timestamp = core.f64[at >>> 3]!;
    into.keyGroup = u32[(at + 8) >>> 2]!;
    into.keyLength = u32[(at + 12) >>> 2]!;
    into.namespaceLength = u32[(at + 16) >>> 2]!;
    into.keyAddress = at + OUT_HEADER;
    return true;
  }

  /** Removes and returns the earliest timer if its timestamp is <= upTo (see `pollOneInto`); byte arrays are copies. */
  pollOne(upTo: number): HeapTimer | undefined {
    const v = this.polled;
    if (!this.pollOneInto(upTo, v)) return undefined;
    const u8 = this.core.u8;
    const k = v.keyAddress;
    return {
      timestamp: v.timestamp,
      keyGroup: v.keyGroup,
      key: u8.slice(k, k + v.keyLength),
      namespace: u8.slice(k + v.keyLength, k + v.keyLength + v.namespaceLength),
    };
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

  /** The live timers in key groups [kgFirst, kgLast], in heap order (copies; the heap is unchanged). */
  timers(kgFirst = 0, kgLast = this.maxParallelism - 1): HeapTimer[] {
    const out: HeapTimer[] = [];
    for (const part of this.snapshotParts(kgFirst, kgLast)) this.parse(part, out);
    return out;
  }

  /** Snapshot of the timers in key groups [kgFirst, kgLast]. */
  snapshot(kgFirst = 0, kgLast = this.maxParallelism - 1): Uint8Array {
    return framedSnapshot(SNAPSHOT_HEADER, this.snapshotParts(kgFirst, kgLast), (dv, total) => {
      dv.setUint32(0, SNAPSHOT_MAGIC, true);
      dv.setUint32(4, this.maxParallelism, true);
      dv.setUint32(8, total, true);
    });
  }

  /** The timers of key groups [kgFirst, kgLast] in output timer layout, as the core wrote them chunk by chunk. */
  private snapshotParts(kgFirst: number, kgLast: number): Uint8Array[] {
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
      if (core.u32[(cursor + 8) >>> 2] === 1) return parts;
    }
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
