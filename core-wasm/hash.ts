// Hashing: the table hash over key bytes, and Flink's key-group assignment (Java hashCode + MathUtils.murmurHash)
// so the core can assign key groups for batches without a round trip to the host.
//
// Memory layout: none (pure functions over caller-provided byte ranges).

import { fail, E_BAD_ARGUMENT, E_BAD_UTF8 } from "./errors";

const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xbf58476d1ce4e5b9;
const K3: u64 = 0x94d049bb133111eb;

// @ts-ignore: decorator
@inline function mix64(x: u64): u64 {
  x = (x ^ (x >> 30)) * K2;
  x = (x ^ (x >> 27)) * K3;
  return x ^ (x >> 31);
}

/** Loads the last `n` (0..7) bytes at p as a little-endian u64 without reading past p + n. */
// @ts-ignore: decorator
@inline export function loadTail(p: usize, n: u32): u64 {
  let t: u64 = 0;
  let o: u32 = 0;
  if (n & 4) {
    t = <u64>load<u32>(p);
    o = 4;
  }
  if (n & 2) {
    t |= <u64>load<u16>(p + o) << (<u64>o << 3);
    o += 2;
  }
  if (n & 1) t |= <u64>load<u8>(p + o) << (<u64>o << 3);
  return t;
}

/** hashBytes of exactly 8 bytes whose little-endian value is w (the common fixed-width key). */
// @ts-ignore: decorator
@inline export function hashWord8(w: u64): u32 {
  return <u32>(mix64(mix64((8 * K1) ^ w) + K1) >> 32);
}

/** 32-bit hash of `len` bytes at `p` (splitmix-style, reads nothing past p + len). */
export function hashBytes(p: usize, len: u32): u32 {
  if (len == 8) return hashWord8(load<u64>(p));
  let h: u64 = <u64>len * K1;
  let i: u32 = 0;
  while (i + 8 <= len) {
    h = mix64(h ^ load<u64>(p + i)) + K1;
    i += 8;
  }
  if (i < len) h = (h ^ loadTail(p + i, len - i)) * K1;
  return <u32>(mix64(h) >> 32);
}

/** Flink's `MathUtils.murmurHash(int)`: murmur3 finaliser over one int, made non-negative. */
export function flinkMurmur(code: i32): i32 {
  code = code * 0xcc9e2d51;
  code = rotl<i32>(code, 15);
  code = code * 0x1b873593;
  code = rotl<i32>(code, 13);
  code = code * 5 + 0xe6546b64;
  code ^= 4;
  code ^= <i32>(<u32>code >> 16);
  code = code * 0x85ebca6b;
  code ^= <i32>(<u32>code >> 13);
  code = code * 0xc2b2ae35;
  code ^= <i32>(<u32>code >> 16);
  if (code >= 0) return code;
  if (code != i32.MIN_VALUE) return -code;
  return 0;
}

/** Shift k = 31 + ceil(log2 d) of the division magic for d (see `modMagic`). */
// @ts-ignore: decorator
@inline export function modShift(d: u32): u64 {
  return 31 + <u64>(32 - clz<u32>(d - 1));
}

/**
 * Magic multiplier for `modNonNegative`: M = ceil(2^k / d), k = modShift(d). For every a < 2^31,
 * floor(a * M / 2^k) = floor(a / d), because the error a * (M * d - 2^k) stays below 2^k (Granlund and
 * Montgomery's round-up division), and a * M < 2^64.
 */
// @ts-ignore: decorator
@inline export function modMagic(d: u32): u64 {
  const k = modShift(d);
  return ((<u64>1 << k) + <u64>d - 1) / <u64>d;
}

/** a % d for 0 <= a < 2^31 without a division instruction; magic and shift from modMagic/modShift(d). */
// @ts-ignore: decorator
@inline export function modNonNegative(a: u32, d: u32, magic: u64, shift: u64): u32 {
  return a - <u32>((<u64>a * magic) >> shift) * d;
}

// The division magic of the last maxParallelism keyGroupForHash saw: computing it takes a 64-bit division.
let lastDivisor: u32 = 1;
let lastMagic: u64 = modMagic(1);
let lastShift: u64 = modShift(1);

/** Flink's `KeyGroupRangeAssignment.computeKeyGroupForKeyHash`: murmurHash(hashCode) % maxParallelism. */
export function keyGroupForHash(hashCode: i32, maxParallelism: i32): i32 {
  if (maxParallelism <= 0 || maxParallelism > 32768) return fail(E_BAD_ARGUMENT, 1, maxParallelism);
  const d = <u32>maxParallelism;
  if (d != lastDivisor) {
    lastMagic = modMagic(d);
    lastShift = modShift(d);
    lastDivisor = d;
  }
  return <i32>modNonNegative(<u32>flinkMurmur(hashCode), d, lastMagic, lastShift);
}

/** Java's `Long.hashCode` of the i64 whose halves are given: (int)(v ^ (v >>> 32)). */
export function javaLongHash(lo: i32, hi: i32): i32 {
  return lo ^ hi;
}

/** Result of `javaStringHashOrBad` for malformed UTF-8 (outside the i32 range). */
export const BAD_UTF8_HASH: i64 = 1 << 40;

/**
 * Java's `String.hashCode` of the string whose UTF-8 bytes are at p (computed over UTF-16 code units, as Java
 * does). Returns the hash; on malformed UTF-8 records E_BAD_UTF8 (detail0 = byte offset) and returns 0.
 */
export function javaStringHashUtf8(p: usize, len: u32): i32 {
  const h = javaStringHashOrBad(p, len);
  if (h == BAD_UTF8_HASH) {
    fail(E_BAD_UTF8, <i32>badAt, 0);
    return 0;
  }
  return <i32>h;
}

let badAt: u32 = 0;

/** javaStringHashUtf8 without recording errors: BAD_UTF8_HASH for malformed input. */
export function javaStringHashOrBad(p: usize, len: u32): i64 {
  let h: i32 = 0;
  let i: u32 = 0;
  while (i < len) {
    const b0 = <u32>load<u8>(p + i);
    if (b0 < 0x80) {
      h = h * 31 + <i32>b0;
      i++;
      continue;
    }
    let cp: u32 = 0;
    let n: u32 = 0;
    if ((b0 & 0xe0) == 0xc0) {
      cp = b0 & 0x1f;
      n = 1;
    } else if ((b0 & 0xf0) == 0xe0) {
      cp = b0 & 0x0f;
      n = 2;
    } else if ((b0 & 0xf8) == 0xf0) {
      cp = b0 & 0x07;
      n = 3;
    } else {
      badAt = i;
      return BAD_UTF8_HASH;
    }
    if (i + n >= len) {
      badAt = i;
      return BAD_UTF8_HASH;
    }
    for (let k: u32 = 1; k <= n; k++) {
      const c = <u32>load<u8>(p + i + k);
      if ((c & 0xc0) != 0x80) {
        badAt = i + k;
        return BAD_UTF8_HASH;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      h = h * 31 + <i32>(0xd800 + (v >> 10));
      h = h * 31 + <i32>(0xdc00 + (v & 0x3ff));
    } else {
      h = h * 31 + <i32>cp;
    }
    i += n + 1;
  }
  return <i64>h;
}
