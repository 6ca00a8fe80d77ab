// Java-compatible hashCode for the key types Rivulet routes by, so key groups match Flink's bit for bit.

/** `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, in 32-bit arithmetic. */
export function stringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** `Long.hashCode(v)` = `(int)(v ^ (v >>> 32))` for a safe integer. */
export function longHashCode(v: number): number {
  // Split into two's-complement 32-bit halves without BigInt.
  const lo = v | 0; // low 32 bits (ToInt32 is exact modulo 2^32 for safe integers)
  const hi = Math.floor(v / 4294967296) | 0;
  return lo ^ hi;
}

/** `Double.hashCode(v)`: the bits of `doubleToLongBits(v)` folded as `Long.hashCode` (NaN canonicalised). */
export function doubleHashCode(v: number): number {
  if (Number.isNaN(v)) return 0x7ff80000; // doubleToLongBits(NaN) = 0x7ff8000000000000L
  f64[0] = v;
  return f64Words[LO]! ^ f64Words[HI]!;
}

/**
 * The hash Flink would see for a key: `Integer`/`Long`/`Double`/`String`/`Boolean` hashCode for
 * primitives (a JS number is an Integer when it is an int32, a Long when it is another safe integer,
 * otherwise a Double), Java's `List.hashCode` for arrays (as Flink's tuples), and a stable structural
 * hash over sorted property names for plain objects.
 */
export function javaHashCode(key: unknown): number {
  switch (typeof key) {
    case "number":
      if (Number.isInteger(key)) {
        if ((key | 0) === key) return key;
        if (Number.isSafeInteger(key)) return longHashCode(key);
      }
      return doubleHashCode(key);
    case "string":
      return stringHashCode(key);
    case "boolean":
      return key ? 1231 : 1237;
    case "bigint":
      {
        // Long.hashCode on the value's 64-bit two's complement.
        const bits = BigInt.asUintN(64, key);
        return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
      }
    case "undefined":
      return 0;
    case "object": {
      if (key === null) return 0;
      if (Array.isArray(key)) {
        let h = 1;
        for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + javaHashCode(key[i])) | 0;
        return h;
      }
      if (key instanceof Date) return longHashCode(key.getTime());
      const names = Object.keys(key).sort();
      let h = 1;
      for (const name of names) {
        h = (Math.imul(h, 31) + stringHashCode(name)) | 0;
        h = (Math.imul(h, 31) + javaHashCode((key as Record<string, unknown>)[name])) | 0;
      }
      return h;
    }
    default:
      throw new TypeError(`cannot hash a key of type ${typeof key}: keys must be primitives, arrays or plain objects`);
  }
}
