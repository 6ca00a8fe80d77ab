// Flink's key-group assignment in TypeScript, bit for bit (Math.imul, | 0), used by the Wasm bindings to place
// keys whose bytes the core does not hash itself; the core has the same functions (core-wasm/hash.ts).

/** Flink's `MathUtils.murmurHash(int)`: murmur3 finaliser over one int, made non-negative. */
function murmurHash(code: number): number {
  code = Math.imul(code, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);
  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;
  code ^= 4;
  code ^= code >>> 16;
  code = Math.imul(code, 0x85ebca6b);
  code ^= code >>> 13;
  code = Math.imul(code, 0xc2b2ae35);
  code ^= code >>> 16;
  if (code >= 0) return code;
  if (code !== -2147483648) return -code;
  return 0;
}

/** Java's `String.hashCode`. */
function stringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java's `Long.hashCode` for a safe-integer number: (int)(v ^ (v >>> 32)). */
function longHashCode(v: number): number {
  const lo = v | 0;
  const hi = Math.floor(v / 4294967296) | 0;
  return lo ^ hi;
}

/**
 * Key groups as Flink assigns them: `murmurHash(hashCode) % maxParallelism`.
 *
 * @example
 * ```ts
 * import { KeyGroups } from "rivulet";
 * KeyGroups.forHash(KeyGroups.stringHashCode("alice"), 128);
 * ```
 */
export const KeyGroups = {
  murmurHash,
  stringHashCode,
  longHashCode,
  /** `murmurHash(hashCode) % maxParallelism`. */
  forHash(hashCode: number, maxParallelism: number): number {
    return murmurHash(hashCode) % maxParallelism;
  },
} as const;
