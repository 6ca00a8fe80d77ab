import { describe, it, expect } from "vitest";
import { MemoryBudget, MemoryBudgetExhaustedError, CoreError, poolStats, SEGMENT_SIZE, WasmCore } from "../../host/core/index.js";
import { freshCore } from "./helpers.js";

describe("segment pool and budgets", () => {
  it("reports the ABI version and a page-aligned pool base", () => {
    const core = freshCore();
    expect(core.exports.coreVersion()).toBe(2);
    expect((core.exports.poolBase() >>> 0) % SEGMENT_SIZE).toBe(0);
  });

  it("charges allocations to a budget and refuses past its limit with a catchable error", () => {
    const core = freshCore();
    const b = MemoryBudget.create(4 * SEGMENT_SIZE, core);
    expect(b.limitBytes).toBe(4 * SEGMENT_SIZE);
    const s1 = b.allocate(3);
    expect(b.usedBytes).toBe(3 * SEGMENT_SIZE);
    let caught: unknown;
    try {
      b.allocate(2);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MemoryBudgetExhaustedError);
    expect((caught as CoreError).codeName).toBe("BUDGET_EXHAUSTED");
    expect((caught as CoreError).detail0).toBe(b.id);
    expect((caught as CoreError).detail1).toBe(2);
    // still usable after the refusal
    const s2 = b.allocate(1);
    expect(b.usedBytes).toBe(4 * SEGMENT_SIZE);
    b.release(s1);
    b.release(s2);
    expect(b.usedBytes).toBe(0);
    b.setLimit(8 * SEGMENT_SIZE);
    expect(b.limitBytes).toBe(8 * SEGMENT_SIZE);
    b.dispose();
    expect(() => b.usedBytes).toThrow(/unknown or freed handle/);
  });

  it("refuses to free a budget that still holds memory, and bad handles and addresses", () => {
    const core = freshCore();
    const b = MemoryBudget.create(SEGMENT_SIZE, core);
    const s = b.allocate(1);
    expect(() => b.dispose()).toThrow(CoreError);
    expect(() => b.release({ address: s.address + 8, segments: 1, byteLength: SEGMENT_SIZE })).toThrow(/argument 1/);
    expect(() => b.release({ address: s.address, segments: 100000, byteLength: 0 })).toThrow(/argument 2/);
    b.release(s);
    b.dispose();
    expect(core.exports.segAlloc(999, 1)).toBe(0);
    expect(core.exports.errorCode()).toBe(-3);
    expect(core.exports.budgetCreate(0)).toBe(-4);
    expect(core.exports.errorDetail1()).toBe(0);
    core.exports.errorClear();
    expect(core.exports.errorCode()).toBe(0);
    expect(core.exports.errorDetail0()).toBe(0);
    expect(() => MemoryBudget.create(-1, core)).toThrow(RangeError);
  });

  it("reuses freed runs first-fit and coalesces neighbours", () => {
    const core = freshCore();
    const b = MemoryBudget.create(1 << 30, core);
    const runs = [b.allocate(2), b.allocate(2), b.allocate(2), b.allocate(2)];
    const top = poolStats(core).topSegments;
    b.release(runs[0]!);
    b.release(runs[2]!);
    expect(poolStats(core).freeRuns).toBe(2);
    expect(poolStats(core).freeSegments).toBe(4);
    b.release(runs[1]!); // joins 0 and 2 into one run of 6
    expect(poolStats(core).freeRuns).toBe(1);
    expect(poolStats(core).freeSegments).toBe(6);
    const again = b.allocate(5);
    expect(again.address).toBe(runs[0]!.address);
    expect(poolStats(core).topSegments).toBe(top);
    b.release(again);
    b.release(runs[3]!); // everything back: the tail returns to the untouched region
    expect(poolStats(core).freeSegments).toBe(0);
    expect(poolStats(core).leakedSegments).toBe(0);
    b.dispose();
  });

  it("grows linear memory and refreshes the host's views", () => {
    const core = freshCore();
    const before = core.memoryBytes;
    const u8Before = core.u8;
    const b = MemoryBudget.create(1 << 30, core);
    const run = b.allocate(256); // 16 MiB: forces memory.grow
    expect(core.memoryBytes).toBeGreaterThan(before);
    expect(u8Before.byteLength).toBe(0); // the old buffer was detached
    core.u8[run.address + run.byteLength - 1] = 42;
    expect(core.dv.getUint8(run.address + run.byteLength - 1)).toBe(42);
    expect(core.u32.length * 4).toBe(core.memoryBytes);
    expect(core.f64.length * 8).toBe(core.memoryBytes);
    b.release(run);
    b.dispose();
  });

  it("reports the process running out of memory as a clean error", () => {
    const core = freshCore();
    const b = MemoryBudget.create(Number.MAX_SAFE_INTEGER, core);
    // 70000 segments is more than wasm32 can address: refused before any trap
    expect(() => b.allocate(70000)).toThrow(/could not grow its memory/);
    b.dispose();
  });

  it("shares one process-wide core", () => {
    expect(WasmCore.get()).toBe(WasmCore.get());
  });

  it("instantiates asynchronously too", async () => {
    const core = await WasmCore.createAsync();
    expect(core.exports.coreVersion()).toBe(2);
  });
});
