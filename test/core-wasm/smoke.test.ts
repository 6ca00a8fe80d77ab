import { describe, it, expect } from "vitest";
import { WasmCore, MemoryBudget, StateTable } from "../../host/core/index.js";

describe("smoke", () => {
  it("table basic", () => {
    const core = WasmCore.create();
    const b = MemoryBudget.create(1 << 26, core);
    const t = new StateTable(b, { valueWidth: 8, keyInline: 8 });
    const enc = new TextEncoder();
    for (let i = 0; i < 100000; i++) {
      const k = t.stageKey(enc.encode("k" + i));
      const v = t.upsert(i % 128, k, 0);
      core.dv.setFloat64(v, i, true);
    }
    expect(t.size).toBe(100000);
    for (let i = 0; i < 100000; i++) {
      const k = t.stageKey(enc.encode("k" + i));
      const v = t.find(i % 128, k, 0);
      expect(v).not.toBe(0);
      expect(core.dv.getFloat64(v, true)).toBe(i);
    }
  });
});
