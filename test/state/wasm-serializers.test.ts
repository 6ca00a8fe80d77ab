import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeKey, decodeNamespace, encodeKey, encodeNamespace } from "../../host/state/wasm-serializers.js";
import { keyIdentity } from "../../host/state/key-identity.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("Wasm backend key bytes", () => {
  it("numbers are a tag and the little-endian float64, with -0 as 0", () => {
    for (const v of [0, -0, 1, -1, 0.5, 2 ** 53, -(2 ** 60), Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN]) {
      const b = encodeKey(v);
      const want = new Uint8Array(9);
      want[0] = 1;
      new DataView(want.buffer).setFloat64(1, Object.is(v, -0) ? 0 : v, true);
      expect(hex(b)).toBe(hex(want));
      const back = decodeKey(b);
      if (Number.isNaN(v)) expect(back).toBeNaN();
      else expect(back).toBe(Object.is(v, -0) ? 0 : v);
    }
  });

  it("round-trips every key kind and gives equal bytes exactly for keys of equal identity", () => {
    const keyArb = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string({ unit: "binary" }),
      fc.boolean(),
      fc.bigInt(),
      fc.record({ a: fc.integer(), b: fc.string() }),
      fc.array(fc.integer(), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(keyArb, keyArb, (x, y) => {
        const bx = encodeKey(x);
        expect(keyIdentity(decodeKey(bx))).toEqual(keyIdentity(Object.is(x, -0) ? 0 : x));
        const sameIdentity = Object.is(keyIdentity(x), keyIdentity(y)) || (x === 0 && y === 0);
        expect(hex(bx) === hex(encodeKey(y))).toBe(sameIdentity);
      }),
      { numRuns: 500 },
    );
  });

  it("namespaces: the void namespace is empty, others are tagged keys", () => {
    expect(encodeNamespace("").length).toBe(0);
    expect(decodeNamespace(new Uint8Array(0))).toBe("");
    expect(decodeNamespace(encodeNamespace("0:10"))).toBe("0:10");
    expect(decodeNamespace(encodeNamespace(7))).toBe(7);
  });

  it("names what is wrong with an unusable key or malformed bytes", () => {
    expect(() => encodeKey(null)).toThrow(/cannot use null as a key/);
    expect(() => encodeKey(undefined)).toThrow(/cannot use undefined as a key/);
    expect(() => decodeKey(new Uint8Array([99]))).toThrow(/malformed key bytes \(tag 99\)/);
  });
});
