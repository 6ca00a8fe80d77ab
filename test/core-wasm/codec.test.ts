import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Types, type TypeInformation } from "../../host/api/types.js";
import { RecordCodec, DecodeError, EncodeError, CoreError, MemoryBudget, encodeGeneric, decodeGeneric } from "../../host/core/index.js";
import { freshCore } from "./helpers.js";

const core = freshCore();

/** An arbitrary type descriptor (bounded depth) */
const typeArb: fc.Arbitrary<TypeInformation<unknown>> = fc.letrec<{ t: TypeInformation<unknown> }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<TypeInformation<unknown>>(Types.INT, Types.LONG, Types.DOUBLE, Types.FLOAT, Types.BOOLEAN, Types.STRING, Types.BYTES, Types.GENERIC),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie("t"), { maxKeys: 5 }).map((f) => Types.ROW(f) as TypeInformation<unknown>),
    tie("t").map((e) => Types.LIST(e) as TypeInformation<unknown>),
    tie("t").map((e) => Types.NULLABLE(e) as TypeInformation<unknown>),
  ),
})).t;

const genericArb = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, undefined, true, false),
    fc.double(),
    fc.string({ unit: "grapheme" }),
    fc.bigInt(),
    fc.uint8Array({ maxLength: 8 }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie("v"), { maxKeys: 4 }),
  ),
})).v;

function valueArb(t: TypeInformation<unknown>): fc.Arbitrary<unknown> {
  let a: fc.Arbitrary<unknown>;
  switch (t.kind) {
    case "INT": a = fc.integer({ min: -2147483648, max: 2147483647 }); break;
    case "LONG": a = fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER))); break;
    case "DOUBLE": a = fc.double(); break;
    case "FLOAT": a = fc.float(); break;
    case "BOOLEAN": a = fc.boolean(); break;
    case "STRING": a = fc.string({ unit: "grapheme", maxLength: 80 }); break;
    case "BYTES": a = fc.uint8Array({ maxLength: 40 }); break;
    case "GENERIC": a = genericArb; break;
    case "ROW": a = fc.record(Object.fromEntries((t.fields ?? []).map(([n, ft]) => [n, valueArb(ft)]))); break;
    case "LIST": a = fc.array(valueArb(t.element!), { maxLength: 5 }); break;
  }
  return t.nullable ? fc.option(a, { nil: null }) : a;
}

const typedValues = typeArb.chain((t) => fc.tuple(fc.constant(t), fc.array(valueArb(t), { maxLength: 8 })));

describe("record codec", () => {
  it("round-trips any value of any type (property)", () => {
    fc.assert(
      fc.property(typedValues, ([t, values]) => {
        const codec = new RecordCodec(t, core);
        const bytes = codec.encode(values);
        expect(codec.decode(bytes)).toEqual(values);
      }),
      { numRuns: 400 },
    );
  });

  it("round-trips a Nexmark bid batch through core segments charged to a budget", () => {
    const bid = Types.ROW({
      auction: Types.LONG, bidder: Types.LONG, price: Types.LONG, channel: Types.STRING,
      url: Types.STRING, dateTime: Types.LONG, extra: Types.NULLABLE(Types.STRING),
    });
    const codec = new RecordCodec(bid, core);
    const bids = Array.from({ length: 5000 }, (_, i) => ({
      auction: 1000 + i, bidder: 2000 + i * 3, price: i * 17, channel: i % 2 ? "Google" : "Baidu",
      url: `https://www.nexmark.com/item.htm?query=${i}&channel_id=${i * 7}`, dateTime: 1_700_000_000_000 + i,
      extra: i % 5 ? "x".repeat(i % 40) : null,
    }));
    const budget = MemoryBudget.create(1 << 24, core);
    const out: unknown[] = [];
    let start = 0;
    let batches = 0;
    while (start < bids.length) {
      const { batch, taken } = codec.writeBatch(bids, budget, start);
      expect(batch.byteLength).toBeLessThanOrEqual(65536);
      out.push(...codec.decodeAt(batch.address, batch.byteLength));
      const idx = codec.index(batch.address, batch.byteLength, batch.count);
      expect(idx.length).toBe(2 * batch.count);
      expect(idx[0]).toBe(8); // offsets within the batch: records length, first record's length, its body
      expect(idx[1]).toBeGreaterThan(idx[2 * batch.count - 2]!); // variable bytes follow every fixed part
      budget.release(batch.segment);
      start += taken;
      batches++;
    }
    expect(batches).toBeGreaterThan(1);
    expect(out).toEqual(bids);
    expect(budget.usedBytes).toBe(0);
    // a record larger than one segment gets a bigger run
    const big = new RecordCodec(Types.STRING, core);
    const { batch } = big.writeBatch(["y".repeat(100_000)], budget);
    expect(batch.segment.segments).toBeGreaterThan(1);
    expect(big.decodeAt(batch.address, batch.byteLength)).toEqual(["y".repeat(100_000)]);
    budget.release(batch.segment);
    budget.dispose();
  });

  it("never traps or hangs on garbage: random bytes give a DecodeError with an offset, or valid values", () => {
    fc.assert(
      fc.property(typeArb, fc.uint8Array({ maxLength: 300 }), (t, junk) => {
        const codec = new RecordCodec(t, core);
        try {
          const values = codec.decode(junk);
          // accepted: re-encoding gives back a batch that decodes to the same values
          expect(codec.decode(codec.encode(values))).toEqual(values);
        } catch (e) {
          expect(e).toBeInstanceOf(CoreError);
          expect((e as CoreError).message).toMatch(/^RecordCodec\.decode: .*at (byte|word) \d+/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("never traps on mutated valid batches", () => {
    fc.assert(
      fc.property(typedValues, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), ([t, values], edits) => {
        const codec = new RecordCodec(t, core);
        const bytes = codec.encode(values);
        if (bytes.length === 0) return;
        for (const [pos, byte] of edits) bytes[pos % bytes.length] = byte;
        try {
          codec.decode(bytes);
        } catch (e) {
          expect(e instanceof DecodeError || (e instanceof RangeError && /GENERIC/.test(e.message)) || e instanceof CoreError).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("names the error and its place for specific garbage", () => {
    const c = new RecordCodec(Types.ROW({ a: Types.INT, s: Types.STRING, b: Types.BOOLEAN }), core);
    const good = c.encode([{ a: 1, s: "hé", b: true }]);
    // [R=13][len=9][a=1][s: 3 bytes][b=1] then the variable region "hé"
    expect(Array.from(good)).toEqual([13, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 1, 0x68, 0xc3, 0xa9]);
    expect(c.decode(good)).toEqual([{ a: 1, s: "hé", b: true }]);
    expect(() => c.decode(good.slice(0, good.length - 1))).toThrow(/impossible length or count at byte 12 \(value 3\)/);
    const badBool = good.slice();
    badBool[16] = 7;
    expect(() => c.decode(badBool)).toThrow(/BOOLEAN byte is neither 0 nor 1 at byte 16 \(value 7\)/);
    const badUtf = good.slice();
    badUtf[18] = 0xff;
    expect(() => c.decode(badUtf)).toThrow(/not well-formed UTF-8 at byte 18/);
    const badR = good.slice();
    badR[0] = 200;
    expect(() => c.decode(badR)).toThrow(/impossible length or count at byte 0 \(value 200\)/);
    const shortRecord = good.slice();
    shortRecord[4] = 8;
    expect(() => c.decode(shortRecord)).toThrow(/ends inside a record|bytes left over/);
    const extraVar = new Uint8Array(good.length + 1);
    extraVar.set(good);
    expect(() => c.decode(extraVar)).toThrow(/bytes left over at byte 20 \(1 bytes\)/);
    expect(() => c.decode(new Uint8Array([1, 0]))).toThrow(/ends inside a record/);
    const n = new RecordCodec(Types.NULLABLE(Types.INT), core);
    expect(() => n.decode(new Uint8Array([5, 0, 0, 0, 1, 0, 0, 0, 2]))).toThrow(/null marker is neither 0 nor 1 at byte 8/);
    const l = new RecordCodec(Types.LIST(Types.LONG), core);
    expect(() => l.decode(new Uint8Array([8, 0, 0, 0, 4, 0, 0, 0, 255, 255, 255, 255]))).toThrow(/impossible length or count/);
    const empty = new RecordCodec(Types.LIST(Types.ROW({})), core);
    expect(() => empty.decode(new Uint8Array([8, 0, 0, 0, 4, 0, 0, 0, 255, 255, 255, 255]))).toThrow(/impossible length or count/);
    expect(empty.decode(empty.encode([[{}, {}, {}]]))).toEqual([[{}, {}, {}]]);
    // non-ASCII text, bytes and generic values between strings keep their order in the variable region
    const mixed = new RecordCodec(Types.ROW({ x: Types.STRING, b: Types.BYTES, g: Types.GENERIC, y: Types.STRING }), core);
    const rows = [{ x: "ünï", b: new Uint8Array([1, 2]), g: { k: ["v"] }, y: "ascii" }, { x: "", b: new Uint8Array(), g: null, y: "🌊" }];
    expect(mixed.decode(mixed.encode(rows))).toEqual(rows);
    expect(mixed.decodeValue(mixed.encodeValue(rows[0]!))).toEqual(rows[0]);
  });

  it("checks schema programs in the core", () => {
    const at = core.keyBuf.ensure(64);
    const put = (words: number[]) => core.u8.set(new Uint8Array(Uint32Array.from(words).buffer), at);
    put([99]);
    expect(core.exports.codecCheckSchema(at, 1)).toBe(-10);
    put([8, 2, 1]);
    expect(core.exports.codecCheckSchema(at, 3)).toBe(-10);
    put([9, 9, 9, 9, 9]);
    expect(core.exports.codecCheckSchema(at, 5)).toBe(-10);
    put([1, 1]);
    expect(core.exports.codecCheckSchema(at, 2)).toBe(-10);
    expect(core.exports.codecCheckSchema(at, 0)).toBe(-10);
    put([0x201]);
    expect(core.exports.codecCheckSchema(at, 1)).toBe(-10);
    put([0x101]);
    expect(core.exports.codecCheckSchema(at, 1)).toBe(0);
    const deep = new Array(70).fill(9).concat([1]);
    const dat = core.keyBuf.ensure(deep.length * 4 + 64);
    core.u8.set(new Uint8Array(Uint32Array.from(deep).buffer), dat);
    expect(core.exports.codecCheckSchema(dat, deep.length)).toBe(-11);
    expect(core.exports.codecValidate(dat, deep.length, 0, 0, 0, 0)).toBe(-11);
    put([1]);
    expect(core.exports.codecValidate(at, 1, core.ioBuf.address, -1, 0, 0)).toBe(-4);
    const c = new RecordCodec(Types.INT, core);
    const bytes = c.encode([1, 2, 3]);
    core.u8.set(bytes, core.ioBuf.address);
    expect(core.exports.codecValidate(at, 1, core.ioBuf.address, bytes.length, core.scanBuf.address, 2)).toBe(-13);
  });

  it("rejects JS values that do not match the descriptor, naming the field", () => {
    const c: RecordCodec<any> = new RecordCodec(Types.ROW({ id: Types.LONG, tags: Types.LIST(Types.STRING), n: Types.INT, ok: Types.BOOLEAN }), core);
    expect(() => c.encode([{ id: 1.5, tags: [], n: 1, ok: true }])).toThrow(EncodeError);
    expect(() => c.encode([{ id: 1, tags: ["a", 3], n: 1, ok: true }])).toThrow(/\$\.tags\[\]: STRING needs a string/);
    expect(() => c.encode([{ id: 1, tags: [], n: 2 ** 31, ok: true }])).toThrow(/\$\.n: INT/);
    expect(() => c.encode([{ id: 1, tags: [], n: 1, ok: 1 }])).toThrow(/\$\.ok: BOOLEAN/);
    expect(() => c.encode([null as never])).toThrow(/\$: ROW needs an object/);
    expect(() => c.encode([{ id: 2n ** 64n, tags: [], n: 1, ok: true }])).toThrow(/64-bit range/);
    expect(() => c.encode([{ id: "1", tags: [], n: 1, ok: true }])).toThrow(/LONG needs a number or bigint/);
    expect(() => new RecordCodec(Types.BYTES, core).encode(["x" as never])).toThrow(/BYTES needs a Uint8Array/);
    expect(() => new RecordCodec(Types.DOUBLE, core).encode(["x" as never])).toThrow(/DOUBLE/);
    expect(() => new RecordCodec(Types.FLOAT, core).encode(["x" as never])).toThrow(/FLOAT/);
    expect(() => new RecordCodec(Types.LIST(Types.INT), core).encode([{} as never])).toThrow(/LIST needs an array/);
    expect(() => new RecordCodec(Types.GENERIC, core).encode([() => 1])).toThrow(/GENERIC cannot encode a function/);
    expect(() => new RecordCodec(Types.GENERIC, core).encode([new Map()])).toThrow(/instance of Map/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => new RecordCodec(Types.GENERIC, core).encode([cyclic])).toThrow(/nested too deeply/);
    expect(() => new RecordCodec({ kind: "INT", nullable: false } as TypeInformation<number>, core)).toThrow(/not a Types descriptor/);
  });

  it("GENERIC standalone encoding round-trips and rejects garbage with a RangeError", () => {
    fc.assert(
      fc.property(genericArb, (v) => {
        expect(decodeGeneric(encodeGeneric(v))).toEqual(v);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
        try {
          decodeGeneric(junk);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
        }
      }),
      { numRuns: 1000 },
    );
    const proto = decodeGeneric(encodeGeneric(JSON.parse('{"__proto__": {"polluted": 1}}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("Types descriptors render like Flink's and reject non-descriptors", () => {
    expect(String(Types.ROW({ a: Types.LONG, b: Types.NULLABLE(Types.LIST(Types.STRING)) }))).toBe("ROW<a LONG, b LIST<STRING> NULL>");
    const n = Types.NULLABLE(Types.INT);
    expect(Types.NULLABLE(n)).toBe(n);
    expect(n.nullable && !Types.INT.nullable).toBe(true);
    expect(() => Types.ROW({ a: 1 as never })).toThrow(TypeError);
    expect(() => Types.LIST({} as never)).toThrow(TypeError);
    expect(() => Types.NULLABLE(null as never)).toThrow(TypeError);
  });
});
