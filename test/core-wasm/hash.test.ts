import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { CoreError } from "../../host/core/index.js";
import { freshCore, utf8, KeyGroups } from "./helpers.js";

const core = freshCore();
const x = core.exports;

function stage(b: Uint8Array): number {
  const at = core.keyBuf.ensure(b.length + 8);
  core.u8.set(b, at);
  return at;
}

describe("hashing and key groups", () => {
  it("Flink's murmurHash matches the TypeScript port bit for bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (code) => {
        expect(x.flinkMurmur(code)).toBe(KeyGroups.murmurHash(code));
        expect(x.flinkMurmur(code)).toBeGreaterThanOrEqual(0);
      }),
    );
    // Java: murmurHash(Integer.MIN_VALUE)'s finaliser path and a few fixed points of the formula
    expect(KeyGroups.murmurHash(0)).toBe(x.flinkMurmur(0));
  });

  it("assigns key groups as murmurHash(hashCode) % maxParallelism", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), fc.integer({ min: 1, max: 32768 }), (h, p) => {
        const kg = x.keyGroupForHash(h, p);
        expect(kg).toBe(KeyGroups.forHash(h, p));
        expect(kg).toBeGreaterThanOrEqual(0);
        expect(kg).toBeLessThan(p);
      }),
    );
    // The core divides by a multiply-and-shift magic: check every legal maxParallelism, with hash codes whose
    // murmur values span [0, 2^31).
    const codes = [0, 1, -1, 2147483647, -2147483648, ...Array.from({ length: 40 }, (_, i) => Math.imul(i + 1, 0x9e3779b1))];
    for (let p = 1; p <= 32768; p++) {
      for (const h of codes) {
        const want = KeyGroups.murmurHash(h) % p;
        if (x.keyGroupForHash(h, p) !== want) expect(`${h} % ${p} -> ${x.keyGroupForHash(h, p)}`).toBe(String(want));
      }
    }
    expect(x.keyGroupForHash(1, 0)).toBe(-4);
    expect(x.keyGroupForHash(1, 40000)).toBe(-4);
  });

  it("Java String.hashCode over UTF-8 equals it over UTF-16 code units (surrogate pairs included)", () => {
    expect(x.javaStringHashUtf8(stage(utf8("hello")), 5)).toBe(99162322); // "hello".hashCode() in Java
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const b = utf8(s);
        expect(x.javaStringHashUtf8(stage(b), b.length)).toBe(KeyGroups.stringHashCode(s));
      }),
    );
  });

  it("rejects malformed UTF-8 when hashing with a clean error and offset", () => {
    x.errorClear();
    expect(x.javaStringHashUtf8(stage(new Uint8Array([0x61, 0xff, 0x62])), 3)).toBe(0);
    expect(x.errorCode()).toBe(-9);
    expect(x.errorDetail0()).toBe(1);
    expect(x.javaStringHashUtf8(stage(new Uint8Array([0x61, 0xe2, 0x82])), 3)).toBe(0);
    expect(x.errorCode()).toBe(-9);
    expect(x.javaStringHashUtf8(stage(new Uint8Array([0xc3, 0x28])), 2)).toBe(0);
    expect(x.errorDetail0()).toBe(1);
  });

  it("Java Long.hashCode of the halves", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (v) => {
        const lo = v | 0;
        const hi = Math.floor(v / 4294967296) | 0;
        expect(x.javaLongHash(lo, hi)).toBe(KeyGroups.longHashCode(v));
      }),
    );
    expect(KeyGroups.longHashCode(-1)).toBe(0); // (int)(-1L ^ (-1L >>> 32)) == 0
    expect(KeyGroups.longHashCode(4294967296)).toBe(1);
  });

  it("hashBytes depends on every byte and on the length, and reads nothing past the end", () => {
    const seen = new Set<number>();
    for (let n = 0; n <= 40; n++) {
      const b = new Uint8Array(n).fill(7);
      seen.add(x.hashBytes(stage(b), n) >>> 0);
    }
    expect(seen.size).toBe(41);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (b, i) => {
        const at = i % b.length;
        const h1 = x.hashBytes(stage(b), b.length);
        const c = b.slice();
        c[at] = c[at]! ^ 1;
        const h2 = x.hashBytes(stage(c), c.length);
        expect(h1).not.toBe(h2);
      }),
    );
    // bytes after the range do not matter
    const a = stage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    const h = x.hashBytes(a, 5);
    core.u8[a + 5] = 99;
    expect(x.hashBytes(a, 5)).toBe(h);
    expect(CoreError).toBeDefined();
  });
});
