// Capacity: one state table holds 20 million keys, more than a JS Map can (2^24 = 16,777,216 entries).
// Runs in CI: about 10-20 s and ~1.1 GB of Wasm memory on a 2-core machine (insertion goes through the batched
// count kernel, so the time is the table's, not the test's). The same figure, with the Map failing beside it,
// is printed by bench/state-table.bench.mjs.
import { describe, it, expect } from "vitest";
import { WasmStateTable, MemoryBudget, CountKeyMode } from "../../host/core/index.js";
import { KeyGroups } from "./helpers.js";
import { freshCore } from "./helpers.js";

const N = 20_000_000;
const MAP_LIMIT = 2 ** 24;

describe("state table capacity", () => {
  it(`holds ${N.toLocaleString("en")} keys`, () => {
    expect(N).toBeGreaterThan(MAP_LIMIT);
    const core = freshCore();
    const budget = MemoryBudget.create(3 * 2 ** 30, core);
    const t = new WasmStateTable(budget, { keyInline: 8, valueWidth: 8, maxParallelism: 128 });
    const BATCH = 8192;
    const buf = core.ioBuf.ensure(BATCH * 12);
    for (let i = 0; i < N; i += BATCH) {
      const n = Math.min(BATCH, N - i);
      const u32 = core.u32;
      let p = buf >>> 2;
      for (let j = 0; j < n; j++) {
        u32[p] = 8;
        u32[p + 1] = i + j;
        u32[p + 2] = 0;
        p += 3;
      }
      t.countBatch(buf, n, CountKeyMode.I64);
    }
    expect(t.size).toBe(N);
    // spot checks: every probed key is present with count 1; keys past N are absent
    const key = new Uint8Array(8);
    const dv = new DataView(key.buffer);
    for (let s = 0; s < 200_000; s++) {
      const k = (Math.imul(s, 2654435761) >>> 0) % (N + 1000);
      dv.setUint32(0, k, true);
      const kg = KeyGroups.forHash(KeyGroups.longHashCode(k), 128);
      const a = t.find(kg, t.stageKey(key), 0);
      if (k < N) {
        expect(a).not.toBe(0);
        expect(core.dv.getUint32(a, true)).toBe(1);
      } else {
        expect(a).toBe(0);
      }
    }
    // one key group's entries, found by scanning only its band
    let inGroup = 0;
    t.scan(5, 5, () => inGroup++);
    expect(inGroup).toBeGreaterThan(N / 128 * 0.9);
    expect(inGroup).toBeLessThan(N / 128 * 1.1);
    const bytesPerEntry = t.memoryBytes / N;
    expect(bytesPerEntry).toBeLessThan(64);
    t.drop();
    budget.dispose();
  }, 120_000);
});
