// Bindings of the core's window aggregation kernel (core-wasm/window.ts): sliding/tumbling event-time windows
// with count/sum/min/max/avg per (key, window), pane-based, fired by watermark.

import { WasmCore, isErrorCode, SEGMENT_SIZE } from "./wasm-core.js";
import { CoreErrorCode } from "./errors.js";
import type { MemoryBudget } from "./memory-budget.js";
import { WasmStateTable, checkTableSnapshot } from "./state-table.js";

const IN_HEADER = 24;
const OUT_HEADER = 24;
const ENTRY_HEADER = 16;
const ACC_BYTES = 32;

/** Options of a window kernel (times in milliseconds, as Flink's SlidingEventTimeWindows.of(size, slide, offset)). */
export interface WindowKernelOptions {
  size: number;
  /** Default: size (tumbling). */
  slide?: number;
  offset?: number;
  allowedLateness?: number;
  maxParallelism?: number;
}

/** What `WindowKernel.snapshot` returns. */
export interface WindowKernelSnapshot {
  watermark: number;
  panes: Array<{ pane: number; entries: Uint8Array }>;
}

/** Visitor of fired windows: key bytes are a view valid only during the call. */
export type WindowResultVisitor = (
  start: number,
  end: number,
  keyGroup: number,
  key: Uint8Array,
  count: number,
  sum: number,
  min: number,
  max: number,
) => void;

/**
 * Pane-based window aggregation in core memory. Records are staged with `add` and aggregated in batches;
 * `advance(watermark, visit)` fires every window whose end - 1 <= watermark, in end order.
 *
 * @example
 * ```ts
 * import { WindowKernel, MemoryBudget } from "rivulet";
 * const k = new WindowKernel(MemoryBudget.create(1 << 24), { size: 10_000, slide: 5_000 });
 * k.add(1_000, 3.5, 7, new Uint8Array([1]));
 * k.advance(Infinity, (start, end, kg, key, count, sum) => console.log(start, end, count, sum));
 * ```
 */
export class WindowKernel {
  readonly core: WasmCore;
  readonly handle: number;
  readonly maxParallelism: number;
  private staged = 0;
  private stagedBytes = 0;
  private readonly input: { address: number; segments: number; capacity: number };
  private dropped = false;

  constructor(readonly budget: MemoryBudget, readonly options: WindowKernelOptions) {
    this.core = budget.core;
    this.maxParallelism = options.maxParallelism ?? 128;
    const h = this.core.exports.windowCreate(budget.id, this.maxParallelism, options.size, options.slide ?? options.size,
      options.offset ?? 0, options.allowedLateness ?? 0) >>> 0;
    if (h === 0) this.core.fail("WindowKernel.create");
    this.handle = h;
    const seg = budget.allocate(1);
    this.input = { address: seg.address, segments: 1, capacity: SEGMENT_SIZE };
  }

  /** Stages one record (flushed to the core in batches). */
  add(timestamp: number, value: number, keyGroup: number, key: Uint8Array): void {
    const need = (IN_HEADER + key.length + 7) & ~7;
    if (this.stagedBytes + need > this.input.capacity) {
      this.flush();
      if (need > this.input.capacity) this.growInput(need);
    }
    const core = this.core;
    const at = this.input.address + this.stagedBytes;
    const dv = core.dv;
    dv.setFloat64(at, timestamp, true);
    dv.setFloat64(at + 8, value, true);
    dv.setUint32(at + 16, keyGroup, true);
    dv.setUint32(at + 20, key.length, true);
    core.u8.set(key, at + IN_HEADER);
    this.stagedBytes += need;
    this.staged++;
  }

  /**
   * Stages a record whose key the caller writes itself: returns the address of `keyLength` bytes to fill
   * before the next call (avoids a Uint8Array per record).
   */
  addRaw(timestamp: number, value: number, keyGroup: number, keyLength: number): number {
    const need = (IN_HEADER + keyLength + 7) & ~7;
    if (this.stagedBytes + need > this.input.capacity) {
      this.flush();
      if (need > this.input.capacity) this.growInput(need);
    }
    const at = this.input.address + this.stagedBytes;
    const f64 = this.core.f64;
    f64[at >>> 3] = timestamp;
    f64[(at >>> 3) + 1] = value;
    const u32 = this.core.u32;
    u32[(at >>> 2) + 4] = keyGroup;
    u32[(at >>> 2) + 5] = keyLength;
    this.stagedBytes += need;
    this.staged++;
    return at + IN_HEADER;
  }

  private growInput(bytes: number): void {
    const segs = Math.ceil(bytes / SEGMENT_SIZE);
    const seg = this.budget.allocate(segs);
    this.budget.release({ address: this.input.address, segments: this.input.segments, byteLength: this.input.capacity });
    this.input.address = seg.address;
    this.input.segments = segs;
    this.input.capacity = seg.byteLength;
  }

  /** Aggregates staged records. */
  flush(): void {
    if (this.staged === 0) return;
    const n = this.staged;
    this.staged = 0;
    this.stagedBytes = 0;
    this.core.check(this.core.exports.windowAdd(this.handle, this.input.address, n), "WindowKernel.add");
  }

  /** Records dropped as late. */
  get droppedLate(): number {
    this.flush();
    return this.core.check(this.core.exports.windowDropped(this.handle), "WindowKernel.droppedLate");
  }

  /** Live panes. */
  get paneCount(): number {
    return this.core.check(this.core.exports.windowPaneCount(this.handle), "WindowKernel.paneCount");
  }

  /** Advances the watermark and visits every fired (window, key) result. Returns the number visited. */
  advance(watermark: number, visit: WindowResultVisitor): number {
    this.flush();
    const core = this.core;
    const x = core.exports;
    let visited = 0;
    for (;;) {
      const out = core.ioBuf.address;
      const r = x.windowAdvance(this.handle, watermark, out, core.ioBuf.capacity);
      if (isErrorCode(r)) {
        if (r === CoreErrorCode.BUFFER_TOO_SMALL) {
          core.ioBuf.ensure(x.errorDetail0() * 2);
          continue;
        }
        core.check(r, "WindowKernel.advance");
      }
      if (r === 0) return visited;
      const chunk = core.u8.slice(out, out + r);
      const dv = new DataView(chunk.buffer);
      let off = 0;
      while (off < r) {
        const start = dv.getFloat64(off, true);
        const end = dv.getFloat64(off + 8, true);
        const bytes = dv.getUint32(off + 16, true);
        let e = off + OUT_HEADER;
        const stop = e + bytes;
        while (e < stop) {
          const kg = dv.getUint32(e, true);
          const keyLen = dv.getUint32(e + 4, true);
          const k = e + ENTRY_HEADER;
          const a = k + keyLen;
          visit(start, end, kg, chunk.subarray(k, a), dv.getFloat64(a, true), dv.getFloat64(a + 8, true),
            dv.getFloat64(a + 16, true), dv.getFloat64(a + 24, true));
          visited++;
          e += ENTRY_HEADER + ((keyLen + ACC_BYTES + 3) & ~3);
        }
        off = stop;
      }
    }
  }

  /** The watermark the kernel has fired up to (-Infinity before the first advance). */
  get watermark(): number {
    return this.core.exports.windowWatermark(this.handle);
  }

  /**
   * Snapshot for key groups [kgFirst, kgLast]: the watermark fired up to, and per live pane its index and a
   * table snapshot of its accumulators.
   */
  snapshot(kgFirst = 0, kgLast = this.maxParallelism - 1): WindowKernelSnapshot {
    this.flush();
    const x = this.core.exports;
    const n = this.paneCount;
    const panes: Array<{ pane: number; entries: Uint8Array }> = [];
    for (let i = 0; i < n; i++) {
      const pane = x.windowPaneIndex(this.handle, i);
      const handle = this.core.check(x.windowPaneTable(this.handle, i), "WindowKernel.snapshot") >>> 0;
      const view = WasmStateTable.wrap(this.budget, handle, ACC_BYTES, this.maxParallelism);
      panes.push({ pane, entries: view.snapshot(kgFirst, kgLast) });
    }
    return { watermark: this.watermark, panes };
  }

  /** Restores a snapshot (merging panes; several key-group ranges may be restored one after another). */
  restore(snapshot: WindowKernelSnapshot): void {
    this.flush();
    const core = this.core;
    for (const { pane, entries } of snapshot.panes) {
      const body = checkTableSnapshot(entries, false, ACC_BYTES, this.maxParallelism, 0, this.maxParallelism - 1);
      const addr = core.ioBuf.ensure(body.length);
      core.u8.set(body, addr);
      core.check(core.exports.windowRestorePane(this.handle, pane, addr, body.length), "WindowKernel.restore");
    }
    core.check(core.exports.windowRestoreWatermark(this.handle, snapshot.watermark), "WindowKernel.restore");
  }

  /** Frees the kernel. Idempotent. */
  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.budget.release({ address: this.input.address, segments: this.input.segments, byteLength: this.input.capacity });
    this.core.check(this.core.exports.windowDrop(this.handle), "WindowKernel.drop");
  }
}
