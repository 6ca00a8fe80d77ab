// Managed memory bindings: per-task budgets over the core's segment pool, and segments handed to the host.

import { WasmCore, SEGMENT_SIZE } from "./wasm-core.js";

/** A run of contiguous segments in core memory. */
export interface Segment {
  /** Address of the first byte in core memory. */
  readonly address: number;
  /** Number of segments in the run. */
  readonly segments: number;
  /** Bytes in the run (segments * SEGMENT_SIZE). */
  readonly byteLength: number;
}

/**
 * A task's share of managed memory (Flink's per-slot managed memory): every table, timer heap, window kernel
 * and batch created with it is charged to it. Exhausting it throws `MemoryBudgetExhaustedError` from the call
 * that asked for memory; the core and the budget stay usable.
 *
 * @example
 * ```ts
 * import { MemoryBudget } from "rivulet";
 * const budget = MemoryBudget.create(64 * 1024 * 1024); // 64 MiB
 * const seg = budget.allocate(1);
 * budget.release(seg);
 * budget.dispose();
 * ```
 */
export class MemoryBudget {
  private disposed = false;
  private constructor(
    readonly core: WasmCore,
    /** The core's budget id. */
    readonly id: number,
  ) {}

  /** Creates a budget of at least `limitBytes` bytes (rounded up to whole segments). */
  static create(limitBytes: number, core: WasmCore = WasmCore.get()): MemoryBudget {
    if (!(limitBytes > 0) || !Number.isFinite(limitBytes)) {
      throw new RangeError(`MemoryBudget.create: limitBytes must be a positive number, got ${limitBytes}`);
    }
    const segs = Math.min(0x7fffffff, Math.ceil(limitBytes / SEGMENT_SIZE));
    const id = core.check(core.exports.budgetCreate(segs), "MemoryBudget.create");
    return new MemoryBudget(core, id);
  }

  /** The unbudgeted pool (budget 0) of a core: for memory no task owns. */
  static unbudgeted(core: WasmCore = WasmCore.get()): MemoryBudget {
    return new MemoryBudget(core, 0);
  }

  /** Bytes currently charged. */
  get usedBytes(): number {
    return this.core.check(this.core.exports.budgetUsed(this.id), "MemoryBudget.usedBytes") * SEGMENT_SIZE;
  }

  /** The limit in bytes. */
  get limitBytes(): number {
    return this.core.check(this.core.exports.budgetLimit(this.id), "MemoryBudget.limitBytes") * SEGMENT_SIZE;
  }

  /** Changes the limit (memory already in use stays in use). */
  setLimit(limitBytes: number): void {
    const segs = Math.min(0x7fffffff, Math.ceil(limitBytes / SEGMENT_SIZE));
    this.core.check(this.core.exports.budgetSetLimit(this.id, segs), "MemoryBudget.setLimit");
  }

  /** Allocates a run of `segments` contiguous segments; throws MemoryBudgetExhaustedError when over budget. */
  allocate(segments: number): Segment {
    const address = this.core.exports.segAlloc(this.id, segments) >>> 0;
    if (address === 0) this.core.fail("MemoryBudget.allocate");
    return { address, segments, byteLength: segments * SEGMENT_SIZE };
  }

  /** Returns a run to the pool. */
  release(segment: Segment): void {
    this.core.check(this.core.exports.segFree(this.id, segment.address, segment.segments), "MemoryBudget.release");
  }

  /** Frees the budget slot; everything charged to it must have been released. Idempotent. */
  dispose(): void {
    if (this.disposed || this.id === 0) return;
    this.core.check(this.core.exports.budgetFree(this.id), "MemoryBudget.dispose");
    this.disposed = true;
  }
}

/** Pool-wide figures of a core, for metrics and tests. */
export function poolStats(core: WasmCore = WasmCore.get()): {
  topSegments: number;
  freeSegments: number;
  freeRuns: number;
  leakedSegments: number;
  memoryBytes: number;
} {
  const x = core.exports;
  return {
    topSegments: x.poolTop(),
    freeSegments: x.poolFreeSegments(),
    freeRuns: x.poolFreeRuns(),
    leakedSegments: x.poolLeakedSegments(),
    memoryBytes: core.memoryBytes,
  };
}
