// Hash-keyed state table: open addressing keyed by (key group, key bytes, namespace bytes), fixed-width value
// slots or variable-length values, iteration and snapshot by key-group range, incremental growth.
//
// Design (Swiss-table style probing, linear-hashing style placement)
//   * A slot array is G groups of GROUP_SLOTS slots. One control byte per slot: CTRL_EMPTY, CTRL_DELETED
//     (deletion is the high bit plus a marker, never a memory move) or a 7-bit tag of the hash (full).
//     A group's 16 control bytes are matched at once with SIMD.
//   * The home group of a key is (kg * G + ((hash * G) >> 32)) / maxParallelism: key group k owns the band
//     [k * G / maxP, (k + 1) * G / maxP), so iterating or snapshotting a key-group range scans only its band
//     (plus the displaced entries just past it). G need not be a power of two.
//   * Growth is incremental: when the array passes 7/8 load a new array (1.5x, or same size to purge tombstones)
//     becomes current and every later mutation moves MIGRATE_GROUPS groups of the old one. Lookups consult both
//     while migrating; a key lives in exactly one of them; migrated old slots are marked deleted.
//   * Composite keys of up to K bytes (K = inline key bytes, a table parameter) are stored in the slot; longer
//     ones in a blob from the table's slab. Variable-length values are blobs referenced from the value slot.
//
// Memory layout
//   Descriptor (TABLE_DESC_BYTES):
//     +0 magic  +4 budget  +8 K (inline key bytes)  +12 W (value bytes)  +16 flags  +20 maxParallelism
//     +24 slot bytes  +28 live entries
//     +32 current array: +0 ctrl address, +4 slots address, +8 groups, +12 tombstones, +16 full, +20 run segments
//     +56 old array (same 24-byte layout; ctrl address 0 when not migrating)
//     +80 next old group to migrate  +84 layout version (changes whenever entries move)
//     +88 band scale = floor((2^32 - 1) / maxParallelism)
//     +128 slab instance (SLAB_BYTES) for long keys and variable-length values
//   Array run (segments from the pool): ctrl bytes [0, G * 16), slots from align8(G * 16), SLOT bytes each.
//   Slot: +0 u32 meta, +4 key area (K bytes), +4+K value area (W bytes).
//     meta bits 0..15 key group, 16..22 key length, 23..29 namespace length, 31 BLOB (key in a blob).
//     inline key area: key bytes then namespace bytes, zero padded to K.
//     blob key area: +0 u32 blob address, +4 u32 hash; blob = u32 key length, u32 ns length, key, ns.
//     variable values: value area is +0 u32 blob address (0 = empty), +4 u32 length.
//   Scan/snapshot entry: +0 u32 kg, +4 u32 key length, +8 u32 ns length, +12 u32 value length, key, ns,
//     value, zero padding to a multiple of 4.
//   Scan cursor (SCAN_CURSOR_BYTES, caller memory, zeroed to start): +0 phase (0 current, 1 old, 2 done),
//     +4 groups scanned in this phase, +8 slot in group, +12 layout version seen at start.
//   Count batch record: +0 u32 length, bytes, zero padding to 4 (mode KEY_UTF8_STRING / KEY_I64 / KEY_WITH_KG).

import {
  fail, E_BAD_ARGUMENT, E_BAD_HANDLE, E_KEY_TOO_LONG, E_VALUE_KIND, E_BUFFER_TOO_SMALL, E_BAD_SNAPSHOT,
  E_TRUNCATED, E_BAD_UTF8, errorCode,
} from "./errors";
import { segAlloc, segFree, budgetValid, SEGMENT_SIZE, SEGMENT_SHIFT } from "./memory";
import { SLAB_BYTES, slabInit, slabAlloc, slabFree, slabDestroy, slabSegments } from "./slab";
import { descAlloc, descFree, descValid, TABLE_MAGIC } from "./descriptors";
import { hashBytes, hashWord8, javaStringHashOrBad, BAD_UTF8_HASH, javaLongHash, flinkMurmur, loadTail, modMagic, modShift, modNonNegative } from "./hash";

// ---- constants ----
export const TABLE_DESC_BYTES: u32 = 128 + <u32>SLAB_BYTES;
const GROUP_SLOTS: u32 = 16;
const CTRL_EMPTY: u8 = 0x80;
const CTRL_DELETED: u8 = 0xfe;
/** Full when (full + tombstones) exceeds MAX_LOAD_NUM / MAX_LOAD_DEN of the slots. */
const MAX_LOAD_NUM: u32 = 7;
const MAX_LOAD_DEN: u32 = 8;
const MIGRATE_GROUPS: u32 = 4;
const META_BLOB: u32 = 0x80000000;
/** Longest composite key (key + namespace bytes). */
export const MAX_KEY_BYTES: u32 = 1 << 20;
const MAX_INLINE_KEY: u32 = 64;
const MAX_VALUE_WIDTH: u32 = 256;
/** Table flag: values are variable-length blobs. */
export const FLAG_VAR_VALUES: u32 = 1;
export const ENTRY_HEADER: u32 = 16;
export const SCAN_CURSOR_BYTES: u32 = 16;
/** Count batch modes. */
export const KEY_UTF8_STRING: i32 = 0;
export const KEY_I64: i32 = 1;
export const KEY_WITH_KG: i32 = 2;

// descriptor offsets
const D_BUDGET: usize = 4;
const D_K: usize = 8;
const D_W: usize = 12;
const D_FLAGS: usize = 16;
const D_MAXP: usize = 20;
const D_SLOT: usize = 24;
const D_SIZE: usize = 28;
const D_CUR: usize = 32;
const D_OLD: usize = 56;
const D_MIGRATE: usize = 80;
const D_VERSION: usize = 84;
const D_SCALE: usize = 88;
const D_SLAB: usize = 128;
// array record offsets
const A_CTRL: usize = 0;
const A_SLOTS: usize = 4;
const A_GROUPS: usize = 8;
const A_TOMB: usize = 12;
const A_FULL: usize = 16;
const A_SEGS: usize = 20;

// ---- probe scratch (one operation at a time; the core is single-threaded) ----
const PROBE_KEY: usize = memory.data(<i32>MAX_INLINE_KEY, 8);
let pMeta: u32 = 0;
let pHash: u32 = 0;
let pPtr: usize = 0;
let pKeyLen: u32 = 0;
let pNsLen: u32 = 0;
let lastInserted: i32 = 0;
let lastVarLen: u32 = 0;

// @ts-ignore: decorator
@inline function align8(x: usize): usize {
  return (x + 7) & ~<usize>7;
}

// @ts-ignore: decorator
@inline function align4(x: u32): u32 {
  return (x + 3) & ~<u32>3;
}

/**
 * Home group of (kg, h): key group kg owns the 32-bit band [kg * scale, (kg + 1) * scale) with
 * scale = floor((2^32 - 1) / maxParallelism); the hash picks a point in it, which is mapped onto the groups.
 */
// @ts-ignore: decorator
@inline function homeGroup(groups: u32, kg: u32, h: u32, scale: u32): u32 {
  const point = <u64>kg * <u64>scale + ((<u64>h * <u64>scale) >> 32);
  return <u32>((point * <u64>groups) >> 32);
}

/** First home group of key group kg. */
// @ts-ignore: decorator
@inline function bandStart(groups: u32, kg: u32, scale: u32): u32 {
  return <u32>(((<u64>kg * <u64>scale) * <u64>groups) >> 32);
}

/** Last home group of key group kg. */
// @ts-ignore: decorator
@inline function bandLast(groups: u32, kg: u32, scale: u32): u32 {
  return <u32>((((<u64>kg + 1) * <u64>scale - 1) * <u64>groups) >> 32);
}

/** Validates a table handle; records E_BAD_HANDLE when it is not one. */
export function tableValid(t: usize): bool {
  if (descValid(t, TABLE_MAGIC)) return true;
  fail(E_BAD_HANDLE, <i32>t, 0);
  return false;
}

// ---- arrays ----

function slotsOffset(groups: u32): usize {
  return align8(<usize>groups * GROUP_SLOTS);
}

/** Allocates an array with at least `minGroups` groups into the record at `rec`; false on failure. */
function arrayAlloc(t: usize, rec: usize, minGroups: u32): bool {
  const slotBytes = load<u32>(t, D_SLOT);
  const perGroup = <u64>GROUP_SLOTS * <u64>(1 + slotBytes);
  const bytes = <u64>minGroups * perGroup + 8;
  const segs = (bytes + <u64>SEGMENT_SIZE - 1) >> SEGMENT_SHIFT;
  if (segs > 65535) {
    fail(E_BAD_ARGUMENT, 5, <i32>minGroups);
    return false;
  }
  const run = segAlloc(<i32>load<u32>(t, D_BUDGET), <i32>segs);
  if (run == 0) return false;
  // use the whole run
  const groups = <u32>(((segs << SEGMENT_SHIFT) - 8) / perGroup);
  memory.fill(run, CTRL_EMPTY, <usize>groups * GROUP_SLOTS);
  store<u32>(rec, <u32>run, A_CTRL);
  store<u32>(rec, <u32>(run + slotsOffset(groups)), A_SLOTS);
  store<u32>(rec, groups, A_GROUPS);
  store<u32>(rec, 0, A_TOMB);
  store<u32>(rec, 0, A_FULL);
  store<u32>(rec, <u32>segs, A_SEGS);
  return true;
}

function arrayFree(t: usize, rec: usize): void {
  const ctrl = <usize>load<u32>(rec, A_CTRL);
  if (ctrl != 0) segFree(<i32>load<u32>(t, D_BUDGET), ctrl, <i32>load<u32>(rec, A_SEGS));
  memory.fill(rec, 0, 24);
}

// ---- keys ----

/** Prepares the probe for the composite key at ptr (key bytes then namespace bytes). False on bad input. */
function prepare(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): bool {
  const maxP = load<u32>(t, D_MAXP);
  if (kg < 0 || <u32>kg >= maxP) {
    fail(E_BAD_ARGUMENT, 1, kg);
    return false;
  }
  if (keyLen < 0 || nsLen < 0) {
    fail(E_BAD_ARGUMENT, 3, keyLen < 0 ? keyLen : nsLen);
    return false;
  }
  const total = <u32>keyLen + <u32>nsLen;
  if (total > MAX_KEY_BYTES) {
    fail(E_KEY_TOO_LONG, <i32>total, 0);
    return false;
  }
  prepareHashed(t, kg, ptr, keyLen, nsLen, hashBytes(ptr, total) + <u32>keyLen * 0x9e3779b1);
  return true;
}

/** The table hash of a composite key. */
// @ts-ignore: decorator
@inline function keyHash(ptr: usize, keyLen: u32, nsLen: u32): u32 {
  const len = keyLen + nsLen;
  return (len == 8 ? hashWord8(load<u64>(ptr)) : hashBytes(ptr, len)) + keyLen * 0x9e3779b1;
}

/** Prepares the probe for a validated composite key whose table hash is known. */
function prepareHashed(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32, h: u32): void {
  const total = <u32>keyLen + <u32>nsLen;
  const K = load<u32>(t, D_K);
  pPtr = ptr;
  pKeyLen = <u32>keyLen;
  pNsLen = <u32>nsLen;
  pHash = h;
  if (total <= K && keyLen < 128 && nsLen < 128) {
    pMeta = <u32>kg | (<u32>keyLen << 16) | (<u32>nsLen << 23);
    let i: u32 = 0;
    while (i + 8 <= total) {
      store<u64>(PROBE_KEY + i, load<u64>(ptr + i));
      i += 8;
    }
    if (i < total) {
      store<u64>(PROBE_KEY + i, loadTail(ptr + i, total - i));
      i += 8;
    }
    while (i < K) {
      store<u64>(PROBE_KEY + i, 0);
      i += 8;
    }
  } else {
    pMeta = <u32>kg | META_BLOB;
  }
}

// @ts-ignore: decorator
@inline function bytesEqual(a: usize, b: usize, n: u32): bool {
  let i: u32 = 0;
  while (i + 8 <= n) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
    i += 8;
  }
  while (i < n) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
    i++;
  }
  return true;
}

// @ts-ignore: decorator
@inline function slotMatches(slot: usize, K: u32): bool {
  if (load<u32>(slot) != pMeta) return false;
  if ((pMeta & META_BLOB) == 0) {
    for (let i: u32 = 0; i < K; i += 8) {
      if (load<u64>(slot + 4 + i) != load<u64>(PROBE_KEY + i)) return false;
    }
    return true;
  }
  if (load<u32>(slot, 8) != pHash) return false;
  const blob = <usize>load<u32>(slot, 4);
  if (load<u32>(blob) != pKeyLen || load<u32>(blob, 4) != pNsLen) return false;
  return bytesEqual(blob + 8, pPtr, pKeyLen + pNsLen);
}

/** Finds the prepared key in array `rec`; returns the slot index or -1. */
function findIn(t: usize, rec: usize): i32 {
  const groups = load<u32>(rec, A_GROUPS);
  const ctrl = <usize>load<u32>(rec, A_CTRL);
  const slots = <usize>load<u32>(rec, A_SLOTS);
  const slotBytes = <usize>load<u32>(t, D_SLOT);
  const K = load<u32>(t, D_K);
  const tagV = i8x16.splat(<i8>(pHash & 0x7f));
  const emptyV = i8x16.splat(<i8>CTRL_EMPTY);
  let g = homeGroup(groups, pMeta & 0xffff, pHash, load<u32>(t, D_SCALE));
  for (let step: u32 = 0; step < groups; step++) {
    const c = v128.load(ctrl + (<usize>g << 4));
    let m = i8x16.bitmask(i8x16.eq(c, tagV));
    while (m != 0) {
      const idx = (g << 4) + <u32>ctz<i32>(m);
      if (slotMatches(slots + <usize>idx * slotBytes, K)) return <i32>idx;
      m &= m - 1;
    }
    if (i8x16.bitmask(i8x16.eq(c, emptyV)) != 0) return -1;
    g++;
    if (g == groups) g = 0;
  }
  return -1;
}

/** First empty or deleted slot on the probe path of (kg, h) in array `rec`. */
function freeSlotIn(t: usize, rec: usize, kg: u32, h: u32): u32 {
  const groups = load<u32>(rec, A_GROUPS);
  const ctrl = <usize>load<u32>(rec, A_CTRL);
  let g = homeGroup(groups, kg, h, load<u32>(t, D_SCALE));
  while (true) {
    const m = i8x16.bitmask(v128.load(ctrl + (<usize>g << 4)));
    if (m != 0) return (g << 4) + <u32>ctz<i32>(m);
    g++;
    if (g == groups) g = 0;
  }
  return 0;
}

/** Places a slot's bytes (meta, key area, value area) into array `rec` without looking for duplicates. */
function placeRaw(t: usize, rec: usize, kg: u32, h: u32, src: usize): usize {
  const idx = freeSlotIn(t, rec, kg, h);
  const ctrlAddr = <usize>load<u32>(rec, A_CTRL) + idx;
  if (load<u8>(ctrlAddr) == CTRL_DELETED) store<u32>(rec, load<u32>(rec, A_TOMB) - 1, A_TOMB);
  store<u8>(ctrlAddr, <u8>(h & 0x7f));
  store<u32>(rec, load<u32>(rec, A_FULL) + 1, A_FULL);
  const slotBytes = load<u32>(t, D_SLOT);
  const dst = <usize>load<u32>(rec, A_SLOTS) + <usize>idx * slotBytes;
  memory.copy(dst, src, slotBytes);
  return dst;
}

/** The table hash of the key stored in a slot (recomputed for migration). */
function slotHash(t: usize, slot: usize): u32 {
  const meta = load<u32>(slot);
  if ((meta & META_BLOB) != 0) return load<u32>(slot, 8);
  const keyLen = (meta >> 16) & 0x7f;
  const nsLen = (meta >> 23) & 0x7f;
  return keyHash(slot + 4, keyLen, nsLen);
}

// ---- growth ----

function migrateSome(t: usize, groupsToMove: u32): void {
  const old = t + D_OLD;
  const oldCtrl = <usize>load<u32>(old, A_CTRL);
  if (oldCtrl == 0) return;
  const oldGroups = load<u32>(old, A_GROUPS);
  const oldSlots = <usize>load<u32>(old, A_SLOTS);
  const slotBytes = <usize>load<u32>(t, D_SLOT);
  let pos = load<u32>(t, D_MIGRATE);
  const end = min<u32>(oldGroups, pos + groupsToMove);
  while (pos < end) {
    let m = ~i8x16.bitmask(v128.load(oldCtrl + (<usize>pos << 4))) & 0xffff;
    while (m != 0) {
      const idx = (pos << 4) + <u32>ctz<i32>(m);
      const slot = oldSlots + <usize>idx * slotBytes;
      placeRaw(t, t + D_CUR, load<u32>(slot) & 0xffff, slotHash(t, slot), slot);
      store<u8>(oldCtrl + idx, CTRL_DELETED);
      m &= m - 1;
    }
    pos++;
  }
  store<u32>(t, pos, D_MIGRATE);
  store<u32>(t, load<u32>(t, D_VERSION) + 1, D_VERSION);
  if (pos >= oldGroups) {
    arrayFree(t, old);
    store<u32>(t, 0, D_MIGRATE);
  }
}

/** Makes room for one more entry in the current array; false (error recorded) when memory is refused. */
function ensureRoom(t: usize): bool {
  const cur = t + D_CUR;
  const groups = load<u32>(cur, A_GROUPS);
  const slots = groups * GROUP_SLOTS;
  const used = load<u32>(cur, A_FULL) + load<u32>(cur, A_TOMB) + 1;
  if (<u64>used * MAX_LOAD_DEN <= <u64>slots * MAX_LOAD_NUM) return true;
  // finish a migration still running (only when inserts outpace it, which 1.5x growth with MIGRATE_GROUPS
  // groups moved per mutation rules out: 1/64 of the old slots are inserted before migration ends)
  while (load<u32>(t + D_OLD, A_CTRL) != 0) migrateSome(t, 0xffffffff);
  const live = load<u32>(cur, A_FULL);
  // grow 1.5x when more than half of the allowed load is live, else rebuild at the same size (drops
  // tombstones). 1.5 < golden ratio: the runs freed by earlier resizes add up to more than the next array, so
  // later resizes can reuse them instead of growing past them (with 2x none would ever fit).
  const newGroups = <u64>(live + 1) * 2 * MAX_LOAD_DEN > <u64>slots * MAX_LOAD_NUM ? groups + (groups + 1) / 2 : groups;
  // current becomes old
  memory.copy(t + D_OLD, cur, 24);
  if (!arrayAlloc(t, cur, newGroups)) {
    memory.copy(cur, t + D_OLD, 24);
    memory.fill(t + D_OLD, 0, 24);
    return false;
  }
  store<u32>(t, 0, D_MIGRATE);
  store<u32>(t, load<u32>(t, D_VERSION) + 1, D_VERSION);
  migrateSome(t, MIGRATE_GROUPS);
  return true;
}

// ---- public API ----

/**
 * Creates a table charged to `budget`. `keyInline` (8..64, multiple of 8) bytes of composite key live in the
 * slot; `valueWidth` (4..256, multiple of 4) is the fixed value size, or pass flags FLAG_VAR_VALUES (then the
 * width is 8: a blob reference). `maxParallelism` bounds key groups (1..32768). Returns a handle or 0.
 */
export function tableCreate(budget: i32, keyInline: i32, valueWidth: i32, flags: i32, maxParallelism: i32,
  initialCapacity: i32): usize {
  if (budget < 0 || !budgetValid(<u32>budget)) {
    fail(E_BAD_HANDLE, budget, 0);
    return 0;
  }
  if (keyInline < 8 || keyInline > <i32>MAX_INLINE_KEY || (keyInline & 7) != 0) {
    fail(E_BAD_ARGUMENT, 1, keyInline);
    return 0;
  }
  if ((flags & ~<i32>FLAG_VAR_VALUES) != 0) {
    fail(E_BAD_ARGUMENT, 3, flags);
    return 0;
  }
  if ((flags & FLAG_VAR_VALUES) != 0) valueWidth = 8;
  if (valueWidth < 4 || valueWidth > <i32>MAX_VALUE_WIDTH || (valueWidth & 3) != 0) {
    fail(E_BAD_ARGUMENT, 2, valueWidth);
    return 0;
  }
  if (maxParallelism < 1 || maxParallelism > 32768) {
    fail(E_BAD_ARGUMENT, 4, maxParallelism);
    return 0;
  }
  if (initialCapacity < 0) {
    fail(E_BAD_ARGUMENT, 5, initialCapacity);
    return 0;
  }
  const t = descAlloc(TABLE_DESC_BYTES, TABLE_MAGIC);
  if (t == 0) return 0;
  store<u32>(t, <u32>budget, D_BUDGET);
  store<u32>(t, <u32>keyInline, D_K);
  store<u32>(t, <u32>valueWidth, D_W);
  store<u32>(t, <u32>flags, D_FLAGS);
  store<u32>(t, <u32>maxParallelism, D_MAXP);
  store<u32>(t, 0xffffffff / <u32>maxParallelism, D_SCALE);
  store<u32>(t, 4 + <u32>keyInline + <u32>valueWidth, D_SLOT);
  store<u32>(t, 1, D_VERSION);
  slabInit(t + D_SLAB, budget);
  const minGroups = max<u32>(1, <u32>((<u64>initialCapacity * MAX_LOAD_DEN / MAX_LOAD_NUM + GROUP_SLOTS - 1) / GROUP_SLOTS));
  if (!arrayAlloc(t, t + D_CUR, minGroups)) {
    descFree(t);
    return 0;
  }
  return t;
}

/** Frees a table and all its memory. Returns 0 or an error code. */
export function tableDrop(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  arrayFree(t, t + D_CUR);
  arrayFree(t, t + D_OLD);
  slabDestroy(t + D_SLAB);
  descFree(t);
  return 0;
}

/** Removes every entry (keeps the current array's size). Returns 0 or an error code. */
export function tableClear(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  arrayFree(t, t + D_OLD);
  slabDestroy(t + D_SLAB);
  const cur = t + D_CUR;
  memory.fill(<usize>load<u32>(cur, A_CTRL), CTRL_EMPTY, <usize>load<u32>(cur, A_GROUPS) * GROUP_SLOTS);
  store<u32>(cur, 0, A_TOMB);
  store<u32>(cur, 0, A_FULL);
  store<u32>(t, 0, D_SIZE);
  store<u32>(t, load<u32>(t, D_VERSION) + 1, D_VERSION);
  return 0;
}

/** Live entries, or a negative error code. */
export function tableSize(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  return <i32>load<u32>(t, D_SIZE);
}

/** Slots of the current array. */
export function tableCapacity(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  return <i32>(load<u32>(t + D_CUR, A_GROUPS) * GROUP_SLOTS);
}

/** 1 while an incremental resize is in progress, 0 otherwise. */
export function tableMigrating(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  return load<u32>(t + D_OLD, A_CTRL) != 0 ? 1 : 0;
}

/** Segments the table holds (arrays and blobs); the memory it costs is this times SEGMENT_SIZE. */
export function tableSegments(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  return <i32>(load<u32>(t + D_CUR, A_SEGS) + load<u32>(t + D_OLD, A_SEGS) + slabSegments(t + D_SLAB));
}

/** Changes whenever entries move (resize steps, clear); scans compare it. */
export function tableLayoutVersion(t: usize): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  return <i32>load<u32>(t, D_VERSION);
}

function locate(t: usize): usize {
  const slotBytes = <usize>load<u32>(t, D_SLOT);
  let idx = findIn(t, t + D_CUR);
  if (idx >= 0) return <usize>load<u32>(t + D_CUR, A_SLOTS) + <usize>idx * slotBytes;
  if (load<u32>(t + D_OLD, A_CTRL) != 0) {
    idx = findIn(t, t + D_OLD);
    if (idx >= 0) return <usize>load<u32>(t + D_OLD, A_SLOTS) + <usize>idx * slotBytes;
  }
  return 0;
}

/**
 * Looks up (kg, key, ns) with the composite key at ptr (keyLen key bytes then nsLen namespace bytes).
 * Returns the address of its fixed-width value (valid until the next mutating call on this table), 0 when
 * absent, or a negative error code.
 */
export function tableFind(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  if (!prepare(t, kg, ptr, keyLen, nsLen)) return errorCode();
  const slot = locate(t);
  return slot == 0 ? 0 : <i32>(slot + 4 + load<u32>(t, D_K));
}

function insertPrepared(t: usize): usize {
  if (!ensureRoom(t)) return 0;
  const K = load<u32>(t, D_K);
  const slotBytes = load<u32>(t, D_SLOT);
  // build the slot in the scratch area after the probe key... written directly into its place
  const cur = t + D_CUR;
  const kg = pMeta & 0xffff;
  const idx = freeSlotIn(t, cur, kg, pHash);
  const ctrlAddr = <usize>load<u32>(cur, A_CTRL) + idx;
  const dst = <usize>load<u32>(cur, A_SLOTS) + <usize>idx * slotBytes;
  if ((pMeta & META_BLOB) != 0) {
    const total = pKeyLen + pNsLen;
    const blob = slabAlloc(t + D_SLAB, 8 + total);
    if (blob == 0) return 0;
    store<u32>(blob, pKeyLen);
    store<u32>(blob, pNsLen, 4);
    memory.copy(blob + 8, pPtr, total);
    memory.fill(dst + 4, 0, K);
    store<u32>(dst, <u32>blob, 4);
    store<u32>(dst, pHash, 8);
  } else {
    memory.copy(dst + 4, PROBE_KEY, K);
  }
  if (load<u8>(ctrlAddr) == CTRL_DELETED) store<u32>(cur, load<u32>(cur, A_TOMB) - 1, A_TOMB);
  store<u8>(ctrlAddr, <u8>(pHash & 0x7f));
  store<u32>(cur, load<u32>(cur, A_FULL) + 1, A_FULL);
  store<u32>(dst, pMeta);
  memory.fill(dst + 4 + K, 0, slotBytes - 4 - K);
  store<u32>(t, load<u32>(t, D_SIZE) + 1, D_SIZE);
  return dst;
}

/**
 * Finds or inserts (kg, key, ns); returns the address of its value (zeroed when inserted; see
 * tableLastInserted), valid until the next mutating call on this table, or a negative error code.
 */
export function tableUpsert(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  return upsert(t, kg, ptr, keyLen, nsLen);
}

/** tableUpsert for callers inside the core that hold a validated handle. */
export function upsert(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!prepare(t, kg, ptr, keyLen, nsLen)) return errorCode();
  if (load<u32>(t + D_OLD, A_CTRL) != 0) migrateSome(t, MIGRATE_GROUPS);
  let slot = locate(t);
  lastInserted = 0;
  if (slot == 0) {
    slot = insertPrepared(t);
    if (slot == 0) return errorCode();
    lastInserted = 1;
  }
  return <i32>(slot + 4 + load<u32>(t, D_K));
}

/** 1 when the last tableUpsert/tablePutVar inserted a new entry, 0 when it found one. */
export function tableLastInserted(): i32 {
  return lastInserted;
}

function removeSlot(t: usize, rec: usize, idx: u32): void {
  const slotBytes = <usize>load<u32>(t, D_SLOT);
  const slot = <usize>load<u32>(rec, A_SLOTS) + <usize>idx * slotBytes;
  const slab = t + D_SLAB;
  if ((load<u32>(slot) & META_BLOB) != 0) slabFree(slab, <usize>load<u32>(slot, 4));
  if ((load<u32>(t, D_FLAGS) & FLAG_VAR_VALUES) != 0) {
    const v = <usize>load<u32>(slot + 4 + <usize>load<u32>(t, D_K));
    if (v != 0) slabFree(slab, v);
  }
  store<u8>(<usize>load<u32>(rec, A_CTRL) + idx, CTRL_DELETED);
  store<u32>(rec, load<u32>(rec, A_FULL) - 1, A_FULL);
  store<u32>(rec, load<u32>(rec, A_TOMB) + 1, A_TOMB);
  store<u32>(t, load<u32>(t, D_SIZE) - 1, D_SIZE);
}

/** Removes (kg, key, ns). Returns 1 when removed, 0 when absent, or a negative error code. */
export function tableRemove(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  if (!prepare(t, kg, ptr, keyLen, nsLen)) return errorCode();
  migrateSome(t, MIGRATE_GROUPS);
  let idx = findIn(t, t + D_CUR);
  if (idx >= 0) {
    removeSlot(t, t + D_CUR, <u32>idx);
    return 1;
  }
  if (load<u32>(t + D_OLD, A_CTRL) != 0) {
    idx = findIn(t, t + D_OLD);
    if (idx >= 0) {
      removeSlot(t, t + D_OLD, <u32>idx);
      return 1;
    }
  }
  return 0;
}

/**
 * Variable-length value of (kg, key, ns): returns its address (length from tableVarLength), 0 when absent,
 * or a negative error code. Valid until the next mutating call on this table.
 */
export function tableGetVar(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  if ((load<u32>(t, D_FLAGS) & FLAG_VAR_VALUES) == 0) return fail(E_VALUE_KIND, 0, 0);
  if (!prepare(t, kg, ptr, keyLen, nsLen)) return errorCode();
  const slot = locate(t);
  if (slot == 0) return 0;
  const v = slot + 4 + <usize>load<u32>(t, D_K);
  lastVarLen = load<u32>(v, 4);
  const blob = load<u32>(v);
  // an empty value is stored without a blob; hand out the value area itself (length 0)
  return blob == 0 ? <i32>v : <i32>blob;
}

/** Length of the value found by the last tableGetVar. */
export function tableVarLength(): i32 {
  return <i32>lastVarLen;
}

/** Stores a variable-length value (copied from valPtr) for (kg, key, ns). Returns 0 or an error code. */
export function tablePutVar(t: usize, kg: i32, ptr: usize, keyLen: i32, nsLen: i32, valPtr: usize,
  valLen: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  if ((load<u32>(t, D_FLAGS) & FLAG_VAR_VALUES) == 0) return fail(E_VALUE_KIND, 0, 0);
  if (valLen < 0) return fail(E_BAD_ARGUMENT, 6, valLen);
  if (!prepare(t, kg, ptr, keyLen, nsLen)) return errorCode();
  migrateSome(t, MIGRATE_GROUPS);
  // allocate the new blob first so a refusal leaves the old value in place
  let blob: usize = 0;
  if (valLen > 0) {
    blob = slabAlloc(t + D_SLAB, <u32>valLen);
    if (blob == 0) return errorCode();
    memory.copy(blob, valPtr, <usize>valLen);
  }
  let slot = locate(t);
  lastInserted = 0;
  if (slot == 0) {
    slot = insertPrepared(t);
    if (slot == 0) {
      const code = errorCode();
      if (blob != 0) slabFree(t + D_SLAB, blob);
      return code;
    }
    lastInserted = 1;
  }
  const v = slot + 4 + <usize>load<u32>(t, D_K);
  const old = <usize>load<u32>(v);
  if (old != 0) slabFree(t + D_SLAB, old);
  store<u32>(v, <u32>blob);
  store<u32>(v, <u32>valLen, 4);
  return 0;
}

/**
 * Keyed count kernel: for each of `n` records in the batch at ptr (u32 length, bytes, padding to 4) adds 1 to
 * the i64 value of (keyGroup(key), key, no namespace). `mode` says how the key group is found: KEY_UTF8_STRING
 * (Java String.hashCode of the UTF-8 string), KEY_I64 (8 bytes, Java Long.hashCode), KEY_WITH_KG (first 4
 * bytes are the key group, the rest the key). Returns n, or a negative error code (records before the failing
 * one are counted; errorDetail1 is its index).
 *
 * Records go in chunks of COUNT_CHUNK: a first pass hashes every record of the chunk, a tight second touches
 * each home control group, a third the candidate slot each group's tag match points at (independent loads the
 * CPU overlaps, in place of a prefetch instruction Wasm lacks); the last does the upserts on warm lines.
 */
export function tableCountBatch(t: usize, ptr: usize, n: i32, mode: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  if (load<u32>(t, D_W) < 8 || (load<u32>(t, D_FLAGS) & FLAG_VAR_VALUES) != 0) return fail(E_VALUE_KIND, 0, 0);
  if (mode < 0 || mode > 2) return fail(E_BAD_ARGUMENT, 3, mode);
  if (n < 0) return fail(E_BAD_ARGUMENT, 2, n);
  const maxP = <i32>load<u32>(t, D_MAXP);
  const K = load<u32>(t, D_K);
  const kgMagic = modMagic(<u32>maxP);
  const kgShift = modShift(<u32>maxP);
  let p = ptr;
  let i = 0;
  let sink: u32 = 0;
  while (i < n) {
    const m = min<i32>(n - i, COUNT_CHUNK);
    // pass 1: key groups, hashes, home groups; touch the control groups
    const cur = t + D_CUR;
    const groups = load<u32>(cur, A_GROUPS);
    const ctrl = <usize>load<u32>(cur, A_CTRL);
    const slots = <usize>load<u32>(cur, A_SLOTS);
    const slotBytes = <usize>load<u32>(t, D_SLOT);
    const scale = load<u32>(t, D_SCALE);
    for (let j = 0; j < m; j++) {
      const len = load<u32>(p);
      let kg: i32 = 0;
      let keyPtr = p + 4;
      let keyLen = len;
      if (mode == KEY_UTF8_STRING) {
        const h = javaStringHashOrBad(keyPtr, len);
        if (h == BAD_UTF8_HASH) return fail(E_BAD_UTF8, <i32>(keyPtr - ptr), i + j);
        kg = <i32>modNonNegative(<u32>flinkMurmur(<i32>h), <u32>maxP, kgMagic, kgShift);
      } else if (mode == KEY_I64) {
        if (len != 8) return fail(E_BAD_ARGUMENT, 1, i + j);
        kg = <i32>modNonNegative(<u32>flinkMurmur(javaLongHash(load<i32>(keyPtr), load<i32>(keyPtr, 4))), <u32>maxP, kgMagic, kgShift);
      } else {
        if (len < 4) return fail(E_BAD_ARGUMENT, 1, i + j);
        kg = load<i32>(keyPtr);
        if (kg < 0 || kg >= maxP) return fail(E_BAD_ARGUMENT, 1, i + j);
        keyPtr += 4;
        keyLen -= 4;
      }
      if (keyLen > MAX_KEY_BYTES) return fail(E_KEY_TOO_LONG, <i32>keyLen, i + j);
      const h = keyHash(keyPtr, keyLen, 0);
      const g = homeGroup(groups, <u32>kg, h, scale);
      const c = CHUNK_SCRATCH + (<usize>j << 5);
      store<u32>(c, <u32>keyPtr);
      store<u32>(c, keyLen, 4);
      store<u32>(c, <u32>kg, 8);
      store<u32>(c, h, 12);
      store<u32>(c, g, 16);
      p += 4 + <usize>align4(len);
    }
    // pass 1a: touch the control groups in a tight loop, so the misses of the whole chunk are in flight at once
    for (let j = 0; j < m; j++) sink += load<u8>(ctrl + (<usize>load<u32>(CHUNK_SCRATCH + (<usize>j << 5), 16) << 4));
    // pass 1b: the control groups are (being) loaded: touch each candidate slot
    for (let j = 0; j < m; j++) {
      const c = CHUNK_SCRATCH + (<usize>j << 5);
      const g = load<u32>(c, 16);
      const mask = i8x16.bitmask(i8x16.eq(v128.load(ctrl + (<usize>g << 4)), i8x16.splat(<i8>(load<u32>(c, 12) & 0x7f))));
      if (mask != 0) sink += load<u32>(slots + <usize>((g << 4) + <u32>ctz<i32>(mask)) * slotBytes);
    }
    // pass 2: upserts; keys of up to 16 bytes in a table of K <= 16 are compared as two words in place
    const inlineFast = K <= 16 && load<u32>(t + D_OLD, A_CTRL) == 0;
    for (let j = 0; j < m; j++) {
      const c = CHUNK_SCRATCH + (<usize>j << 5);
      const keyPtr = <usize>load<u32>(c);
      const keyLen = load<u32>(c, 4);
      const kg = load<u32>(c, 8);
      const h = load<u32>(c, 12);
      if (inlineFast && keyLen <= K && keyLen < 128 && load<u32>(t + D_OLD, A_CTRL) == 0) {
        const w0: u64 = keyLen >= 8 ? load<u64>(keyPtr) : loadTail(keyPtr, keyLen);
        const w1: u64 = keyLen > 8 ? (keyLen >= 16 ? load<u64>(keyPtr, 8) : loadTail(keyPtr + 8, keyLen - 8)) : 0;
        const nowGroups = load<u32>(t + D_CUR, A_GROUPS);
        const g = nowGroups == groups ? load<u32>(c, 16) : homeGroup(nowGroups, kg, h, scale);
        const meta = kg | (keyLen << 16);
        const v = findInline(t, meta, w0, w1, K, h, g);
        if (v != 0) {
          store<i64>(v, load<i64>(v) + 1);
          continue;
        }
        // absent: insert in place unless the array is due to resize (same slot contents as insertPrepared)
        const cur = t + D_CUR;
        const full = load<u32>(cur, A_FULL);
        const tomb = load<u32>(cur, A_TOMB);
        if (<u64>(full + tomb + 1) * MAX_LOAD_DEN <= <u64>nowGroups * GROUP_SLOTS * MAX_LOAD_NUM) {
          const idx = freeSlotIn(t, cur, kg, h);
          const ctrlAddr = <usize>load<u32>(cur, A_CTRL) + idx;
          if (load<u8>(ctrlAddr) == CTRL_DELETED) store<u32>(cur, tomb - 1, A_TOMB);
          store<u8>(ctrlAddr, <u8>(h & 0x7f));
          store<u32>(cur, full + 1, A_FULL);
          const slotBytes = load<u32>(t, D_SLOT);
          const dst = <usize>load<u32>(cur, A_SLOTS) + <usize>idx * slotBytes;
          store<u32>(dst, meta);
          store<u64>(dst, w0, 4);
          if (K == 16) store<u64>(dst, w1, 12);
          store<i64>(dst + 4 + K, 1);
          if (slotBytes > 12 + K) memory.fill(dst + 12 + K, 0, slotBytes - 12 - K);
          store<u32>(t, load<u32>(t, D_SIZE) + 1, D_SIZE);
          continue;
        }
      }
      prepareHashed(t, <i32>kg, keyPtr, <i32>keyLen, 0, h);
      if (load<u32>(t + D_OLD, A_CTRL) != 0) migrateSome(t, MIGRATE_GROUPS);
      let slot = locate(t);
      if (slot == 0) {
        slot = insertPrepared(t);
        if (slot == 0) return fail(errorCode(), 0, i + j);
      }
      const v = slot + 4 + K;
      store<i64>(v, load<i64>(v) + 1);
    }
    i += m;
  }
  countSink = sink;
  return n;
}

/**
 * Probes the current array for an inline key (meta, then the key area as words w0, w1; K <= 16) from home
 * group g; returns the value address or 0. Only for tables that are not migrating.
 */
// @ts-ignore: decorator
@inline function findInline(t: usize, meta: u32, w0: u64, w1: u64, K: u32, h: u32, g: u32): usize {
  const cur = t + D_CUR;
  const groups = load<u32>(cur, A_GROUPS);
  const ctrl = <usize>load<u32>(cur, A_CTRL);
  const slots = <usize>load<u32>(cur, A_SLOTS);
  const slotBytes = <usize>load<u32>(t, D_SLOT);
  const tagV = i8x16.splat(<i8>(h & 0x7f));
  for (let step: u32 = 0; step < groups; step++) {
    const c = v128.load(ctrl + (<usize>g << 4));
    let m = i8x16.bitmask(i8x16.eq(c, tagV));
    while (m != 0) {
      const slot = slots + <usize>((g << 4) + <u32>ctz<i32>(m)) * slotBytes;
      if (load<u32>(slot) == meta && load<u64>(slot, 4) == w0 && (K == 8 || load<u64>(slot, 12) == w1)) {
        return slot + 4 + <usize>K;
      }
      m &= m - 1;
    }
    if (i8x16.bitmask(i8x16.eq(c, i8x16.splat(<i8>CTRL_EMPTY))) != 0) return 0;
    g++;
    if (g == groups) g = 0;
  }
  return 0;
}

const COUNT_CHUNK: i32 = 32;
const CHUNK_SCRATCH: usize = memory.data(32 * 32, 8);
/** Keeps the touching loads of tableCountBatch observable. */
let countSink: u32 = 0;

// ---- scans, snapshots, restore ----

/**
 * Writes entries with key group in [kgFirst, kgLast] to out (entry layout above) until out is full or the
 * range is exhausted; resumes from the cursor (SCAN_CURSOR_BYTES, zeroed to start; phase 2 when done).
 * When filterPtr != 0 only entries whose key equals the filterKeyLen bytes at filterPtr and whose namespace
 * starts with the following filterNsLen bytes are written (MapState iteration). Returns bytes written or a
 * negative error code (E_BAD_ARGUMENT when the table changed layout since the scan began).
 */
export function tableScan(t: usize, kgFirst: i32, kgLast: i32, cursor: usize, out: usize, outCap: i32,
  filterPtr: usize, filterKeyLen: i32, filterNsLen: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  const maxP = <i32>load<u32>(t, D_MAXP);
  if (kgFirst < 0 || kgLast >= maxP || kgFirst > kgLast) return fail(E_BAD_ARGUMENT, 1, kgFirst);
  if (outCap < 0) return fail(E_BAD_ARGUMENT, 5, outCap);
  const version = load<u32>(t, D_VERSION);
  let seen = load<u32>(cursor, 12);
  if (seen == 0) {
    store<u32>(cursor, version, 12);
  } else if (seen != version) {
    return fail(E_BAD_ARGUMENT, 3, <i32>seen);
  }
  const K = load<u32>(t, D_K);
  const W = load<u32>(t, D_W);
  const varValues = (load<u32>(t, D_FLAGS) & FLAG_VAR_VALUES) != 0;
  const slotBytes = <usize>load<u32>(t, D_SLOT);
  let written: u32 = 0;
  while (load<u32>(cursor) < 2) {
    const phase = load<u32>(cursor);
    const rec = phase == 0 ? t + D_CUR : t + D_OLD;
    const ctrl = <usize>load<u32>(rec, A_CTRL);
    if (ctrl == 0) {
      store<u32>(cursor, phase + 1);
      store<u32>(cursor, 0, 4);
      store<u32>(cursor, 0, 8);
      continue;
    }
    const groups = load<u32>(rec, A_GROUPS);
    const slots = <usize>load<u32>(rec, A_SLOTS);
    const scale = load<u32>(t, D_SCALE);
    const first = bandStart(groups, <u32>kgFirst, scale);
    const lastHome = bandLast(groups, <u32>kgLast, scale);
    const bandGroups = lastHome - first + 1;
    let rel = load<u32>(cursor, 4);
    let s = load<u32>(cursor, 8);
    let done = false;
    while (!done) {
      if (rel >= groups) {
        done = true;
        break;
      }
      if (rel >= bandGroups && s == 0) {
        // past the band: continue only while the previous group was full (displaced entries)
        let prev = first + rel - 1;
        if (prev >= groups) prev -= groups;
        if (i8x16.bitmask(i8x16.eq(v128.load(ctrl + (<usize>prev << 4)), i8x16.splat(<i8>CTRL_EMPTY))) != 0) {
          done = true;
          break;
        }
      }
      let g = first + rel;
      if (g >= groups) g -= groups;
      while (s < GROUP_SLOTS) {
        const idx = (g << 4) + s;
        if ((load<u8>(ctrl + idx) & 0x80) == 0) {
          const slot = slots + <usize>idx * slotBytes;
          const meta = load<u32>(slot);
          const kg = <i32>(meta & 0xffff);
          if (kg >= kgFirst && kg <= kgLast) {
            let keyLen: u32;
            let nsLen: u32;
            let keyAddr: usize;
            if ((meta & META_BLOB) != 0) {
              const blob = <usize>load<u32>(slot, 4);
              keyLen = load<u32>(blob);
              nsLen = load<u32>(blob, 4);
              keyAddr = blob + 8;
            } else {
              keyLen = (meta >> 16) & 0x7f;
              nsLen = (meta >> 23) & 0x7f;
              keyAddr = slot + 4;
            }
            let pass = true;
            if (filterPtr != 0) {
              pass = keyLen == <u32>filterKeyLen && nsLen >= <u32>filterNsLen &&
                bytesEqual(keyAddr, filterPtr, <u32>filterKeyLen + <u32>filterNsLen);
            }
            if (pass) {
              const v = slot + 4 + <usize>K;
              let valLen = W;
              let valAddr = v;
              if (varValues) {
                valLen = load<u32>(v, 4);
                valAddr = <usize>load<u32>(v);
              }
              const need = ENTRY_HEADER + align4(keyLen + nsLen + valLen);
              if (<u64>written + <u64>need > <u64>outCap) {
                store<u32>(cursor, rel, 4);
                store<u32>(cursor, s, 8);
                if (written == 0) return fail(E_BUFFER_TOO_SMALL, <i32>need, outCap);
                return <i32>written;
              }
              const o = out + written;
              store<u32>(o, <u32>kg);
              store<u32>(o, keyLen, 4);
              store<u32>(o, nsLen, 8);
              store<u32>(o, valLen, 12);
              memory.copy(o + ENTRY_HEADER, keyAddr, keyLen + nsLen);
              if (valLen > 0) memory.copy(o + ENTRY_HEADER + keyLen + nsLen, valAddr, valLen);
              memory.fill(o + ENTRY_HEADER + keyLen + nsLen + valLen, 0, need - ENTRY_HEADER - keyLen - nsLen - valLen);
              written += need;
            }
          }
        }
        s++;
      }
      s = 0;
      rel++;
    }
    store<u32>(cursor, phase + 1);
    store<u32>(cursor, 0, 4);
    store<u32>(cursor, 0, 8);
  }
  return <i32>written;
}

/**
 * Inserts (or overwrites) the entries at ptr (scan entry layout, `len` bytes). Validates every header before
 * using it: returns the number of entries restored, or E_BAD_SNAPSHOT / E_TRUNCATED with the byte offset.
 */
export function tableRestore(t: usize, ptr: usize, len: i32): i32 {
  if (!tableValid(t)) return E_BAD_HANDLE;
  if (len < 0) return fail(E_BAD_ARGUMENT, 2, len);
  const maxP = load<u32>(t, D_MAXP);
  const W = load<u32>(t, D_W);
  const varValues = (load<u32>(t, D_FLAGS) & FLAG_VAR_VALUES) != 0;
  let off: u32 = 0;
  let count: i32 = 0;
  while (off < <u32>len) {
    if (off + ENTRY_HEADER > <u32>len) return fail(E_TRUNCATED, <i32>off, count);
    const e = ptr + off;
    const kg = load<u32>(e);
    const keyLen = load<u32>(e, 4);
    const nsLen = load<u32>(e, 8);
    const valLen = load<u32>(e, 12);
    if (kg >= maxP) return fail(E_BAD_SNAPSHOT, <i32>off, <i32>kg);
    if (keyLen > MAX_KEY_BYTES || nsLen > MAX_KEY_BYTES || keyLen + nsLen > MAX_KEY_BYTES)
      return fail(E_BAD_SNAPSHOT, <i32>(off + 4), <i32>(keyLen + nsLen));
    if (!varValues && valLen != W) return fail(E_BAD_SNAPSHOT, <i32>(off + 12), <i32>valLen);
    if (valLen > 0x40000000) return fail(E_BAD_SNAPSHOT, <i32>(off + 12), <i32>valLen);
    const need = <u64>ENTRY_HEADER + <u64>align4(keyLen + nsLen + valLen);
    if (<u64>off + need > <u64>len) return fail(E_TRUNCATED, <i32>off, count);
    const keyPtr = e + ENTRY_HEADER;
    if (varValues) {
      const r = tablePutVar(t, <i32>kg, keyPtr, <i32>keyLen, <i32>nsLen, keyPtr + keyLen + nsLen, <i32>valLen);
      if (r < 0) return r;
    } else {
      const v = tableUpsert(t, <i32>kg, keyPtr, <i32>keyLen, <i32>nsLen);
      if (v < 0 && v >= -65536) return v;
      memory.copy(<usize>v, keyPtr + keyLen + nsLen, W);
    }
    off += <u32>need;
    count++;
  }
  return count;
}
