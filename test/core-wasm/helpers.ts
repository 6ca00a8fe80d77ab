// Shared helpers for the Wasm core tests: a fresh core per suite so tests do not share pools.
import { WasmCore, MemoryBudget } from "../../host/core/index.js";

export function freshCore(): WasmCore {
  return WasmCore.create();
}

export function budget(core: WasmCore, bytes = 256 * 1024 * 1024): MemoryBudget {
  return MemoryBudget.create(bytes, core);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

import { murmurHash, computeKeyGroupForKeyHash } from "../../host/state/key-groups.js";
import { stringHashCode, longHashCode } from "../../host/state/java-hash.js";

/** Flink's key-group functions as the host implements them (tested against Java's vectors in test/state). */
export const KeyGroups = {
  murmurHash,
  stringHashCode,
  longHashCode,
  forHash: computeKeyGroupForKeyHash,
};
