import { describe, expect, it } from "vitest";
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  computeDefaultMaxParallelism,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
  javaHashCode,
  murmurHash,
} from "../../host/index.js";

// Vectors computed with OpenJDK 17: Java's own hashCode() of each key, and Flink's MathUtils.murmurHash as
// published in flink-core, then `% 128`, `* 3 / 128` and `% 4096` (see the commit that added this file).
const VECTORS: Array<[label: string, key: unknown, hash: number, murmur: number, kg128: number, op3: number, kg4096: number]> = [
  ['"hello"', "hello", 99162322, 1715862179, 35, 0, 2723],
  ['""', "", 0, 593689054, 94, 2, 2526],
  ['"Flink"', "Flink", 67968320, 688019071, 127, 2, 1663],
  ['"ünïcødé"', "ünïcødé", -609219977, 904366227, 19, 0, 2195],
  ['"a longer key with spaces"', "a longer key with spaces", 2075003182, 109986764, 76, 1, 972],
  ["0", 0, 0, 593689054, 94, 2, 2526],
  ["1", 1, 1, 68075478, 86, 2, 4054],
  ["-1", -1, -1, 1982413648, 80, 1, 2896],
  ["42", 42, 42, 1134849565, 29, 0, 3613],
  ["Integer.MAX_VALUE", 2147483647, 2147483647, 1653689534, 62, 1, 3262],
  ["Integer.MIN_VALUE", -2147483648, -2147483648, 1718298732, 108, 2, 2156],
  ["3000000000L", 3000000000, -1294967296, 77754262, 22, 0, 3990],
  ["-3000000000L", -3000000000, -1294967297, 1263286739, 83, 1, 2515],
  ["1700000000000L", 1700000000000, -807048821, 1892790720, 64, 1, 448],
  ["1.5d", 1.5, 1073217536, 1684538177, 65, 1, 833],
  ["-0.25d", -0.25, -1076887552, 820708682, 74, 1, 1354],
  ["true", true, 1231, 1090530765, 77, 1, 3533],
  ["false", false, 1237, 1530821891, 3, 0, 3331],
  ['List.of("a", 1)', ["a", 1], 3969, 806541515, 75, 1, 2251],
];

describe("Java hashCode and Flink key groups", () => {
  it.each(VECTORS)("%s matches Java and Flink", (_label, key, hash, murmur, kg128, op3, kg4096) => {
    expect(javaHashCode(key)).toBe(hash);
    expect(murmurHash(hash)).toBe(murmur);
    expect(assignToKeyGroup(key, 128)).toBe(kg128);
    expect(computeOperatorIndexForKeyGroup(128, 3, kg128)).toBe(op3);
    expect(assignKeyToParallelOperator(key, 128, 3)).toBe(op3);
    expect(assignToKeyGroup(key, 4096)).toBe(kg4096);
  });

  it("murmurHash of a plain int matches Flink's MathUtils", () => {
    expect(murmurHash(123456789)).toBe(1088346449);
  });

  it("structurally equal objects hash the same regardless of property order", () => {
    expect(javaHashCode({ a: 1, b: "x" })).toBe(javaHashCode({ b: "x", a: 1 }));
    expect(javaHashCode({ a: 1, b: "x" })).not.toBe(javaHashCode({ a: 2, b: "x" }));
  });

  it("rejects keys that cannot be hashed", () => {
    expect(() => javaHashCode(() => 1)).toThrow(/cannot hash a key of type function/);
  });
});

describe("key group ranges", () => {
  it("follows Flink's formula [(i*maxP + p - 1)/p, ((i+1)*maxP - 1)/p] and covers all groups exactly once", () => {
    for (const [maxP, p] of [[128, 1], [128, 3], [10, 4], [4096, 7], [7, 7]] as const) {
      const owner = new Array<number>(maxP).fill(-1);
      for (let i = 0; i < p; i++) {
        const r = computeKeyGroupRangeForOperatorIndex(maxP, p, i);
        expect(r.startKeyGroup).toBe(Math.floor((i * maxP + p - 1) / p));
        expect(r.endKeyGroup).toBe(Math.floor(((i + 1) * maxP - 1) / p));
        for (let kg = r.startKeyGroup; kg <= r.endKeyGroup; kg++) {
          expect(owner[kg]).toBe(-1);
          owner[kg] = i;
          // The range and the routing formula agree.
          expect(computeOperatorIndexForKeyGroup(maxP, p, kg)).toBe(i);
        }
      }
      expect(owner.every((o) => o >= 0)).toBe(true);
    }
  });

  it("128/3 splits as 0-42, 43-85, 86-127", () => {
    expect([0, 1, 2].map((i) => computeKeyGroupRangeForOperatorIndex(128, 3, i)).map((r) => [r.startKeyGroup, r.endKeyGroup])).toEqual([
      [0, 42],
      [43, 85],
      [86, 127],
    ]);
  });

  it("default max parallelism is min(max(pow2ceil(p + p/2), 128), 32768)", () => {
    expect(computeDefaultMaxParallelism(1)).toBe(128);
    expect(computeDefaultMaxParallelism(100)).toBe(256);
    expect(computeDefaultMaxParallelism(200)).toBe(512);
    expect(computeDefaultMaxParallelism(30000)).toBe(32768);
  });

  it("rejects parallelism above max parallelism", () => {
    expect(() => computeKeyGroupRangeForOperatorIndex(4, 5, 0)).toThrow(/parallelism must be an integer in \[1, maxParallelism=4\]/);
  });
});
