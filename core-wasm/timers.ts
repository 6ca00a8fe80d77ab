// Timer heap: (timestamp, key group, key, namespace) timers, de-duplicated, deletable, popped in timestamp order
// up to a watermark or processing time, snapshot and restored per key-group range (Flink's InternalTimerHeap).
//
// Design: a binary min-heap of 16-byte entries ordered by (timestamp, sequence) points at timer records in the
// heap's slab; a state table keyed by (kg, timestamp ++ key, namespace) de-duplicates and finds records for
// deletion. Deleting marks the record (a bit) and drops it from the table; the heap skips marked records when
// they reach the top and compacts itself when marked entries outnumber live ones.
//
// Memory layout
//   Descriptor (TIMERS_DESC_BYTES):
//     +0 magic  +4 budget  +8 maxParallelism  +12 heap array address  +16 heap capacity (entries)
//     +20 heap entries (live + marked)  +24 heap run segments  +28 live timers  +32 dedup table handle
//     +36 next sequence number  +40 version (changes on every push/pop/compaction)
//     +128 slab instance for timer records
//   Heap entry (HEAP_ENTRY_BYTES): +0 f64 timestamp, +8 u32 record address, +12 u32 sequence.
//   Record: +0 u32 flags (bit 0 DELETED), +4 u32 kg, +8 u32 key length, +12 u32 ns length, +16 f64 timestamp,
//     +24 key bytes, ns bytes. The dedup key is the bytes from +16: (timestamp ++ key, ns).
//   Output timer (poll and snapshot): +0 f64 timestamp, +8 u32 kg, +12 u32 key length, +16 u32 ns length,
//     +20 u32 zero, +24 key, ns, zero padding to a multiple of 8.
//   Snapshot cursor (caller memory, TIMER_CURSOR_BYTES, zeroed to start): +0 next heap index, +4 version seen
//     plus one (0 = not started), +8 done flag.
//
// Polling: `timersPoll` pops every due timer that fits in the output (a batch, for callers that fire nothing
// back into the heap); `timersPollOne` pops at most one, in the same output timer layout, so a host firing
// timers one at a time sees the timers that the previous one registered or deleted (Flink's
// InternalTimerServiceImpl peeks and polls one timer per callback). When the output is too small neither pops:
// E_BUFFER_TOO_SMALL with detail0 = bytes needed.

import { fail, E_BAD_HANDLE, E_BAD_ARGUMENT, E_BUFFER_TOO_SMALL, E_KEY_TOO_LONG, E_BAD_SNAPSHOT, E_TRUNCATED,
  errorCode } from "./errors";
import { segAlloc, segFree, budgetValid, SEGMENT_SIZE, SEGMENT_SHIFT } from "./memory";
import { SLAB_BYTES, slabInit, slabAlloc, slabFree, slabDestroy } from "./slab";
import { descAlloc, descFree, descValid, TIMERS_MAGIC } from "./descriptors";
import { tableCreate, tableDrop, tableFind, tableRemove, upsert, tableLastInserted, MAX_KEY_BYTES } from "./table";

export const TIMERS_DESC_BYTES: u32 = 128 + <u32>SLAB_BYTES;
const HEAP_ENTRY_BYTES: u32 = 16;
const RECORD_HEADER: u32 = 24;
const REC_DELETED: u32 = 1;
export const TIMER_OUT_HEADER: u32 = 24;
export const TIMER_CURSOR_BYTES: u32 = 12;
const COMPACT_MIN: u32 = 1024;

const D_BUDGET: usize = 4;
const D_MAXP: usize = 8;
const D_HEAP: usize = 12;
const D_CAP: usize = 16;
const D_N: usize = 20;
const D_SEGS: usize = 24;
const D_LIVE: usize = 28;
const D_TABLE: usize = 32;
const D_SEQ: usize = 36;
const D_VERSION: usize = 40;
const D_SLAB: usize = 128;

// @ts-ignore: decorator
@inline function align8(x: u32): u32 {
  return (x + 7) & ~<u32>7;
}

function valid(h: usize): bool {
  if (descValid(h, TIMERS_MAGIC)) return true;
  fail(E_BAD_HANDLE, <i32>h, 0);
  return false;
}

// @ts-ignore: decorator
@inline function entryAddr(h: usize, i: u32): usize {
  return <usize>load<u32>(h, D_HEAP) + (<usize>i << 4);
}

// @ts-ignore: decorator
@inline function less(a: usize, b: usize): bool {
  const ta = load<f64>(a);
  const tb = load<f64>(b);
  return ta < tb || (ta == tb && load<u32>(a, 12) < load<u32>(b, 12));
}

function swap(a: usize, b: usize): void {
  const x = v128.load(a);
  v128.store(a, v128.load(b));
  v128.store(b, x);
}

function siftUp(h: usize, i: u32): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    const ai = entryAddr(h, i);
    const ap = entryAddr(h, p);
    if (!less(ai, ap)) break;
    swap(ai, ap);
    i = p;
  }
}

function siftDown(h: usize, i: u32): void {
  const n = load<u32>(h, D_N);
  while (true) {
    const l: u32 = 2 * i + 1;
    if (l >= n) break;
    let c: u32 = l;
    if (l + 1 < n && less(entryAddr(h, l + 1), entryAddr(h, l))) c = l + 1;
    const ai = entryAddr(h, i);
    const ac = entryAddr(h, c);
    if (!less(ac, ai)) break;
    swap(ai, ac);
    i = c;
  }
}

/** Creates a timer heap charged to `budget`; returns a handle or 0. */
export function timersCreate(budget: i32, maxParallelism: i32): usize {
  if (budget < 0 || !budgetValid(<u32>budget)) {
    fail(E_BAD_HANDLE, budget, 0);
    return 0;
  }
  if (maxParallelism < 1 || maxParallelism > 32768) {
    fail(E_BAD_ARGUMENT, 1, maxParallelism);
    return 0;
  }
  const h = descAlloc(TIMERS_DESC_BYTES, TIMERS_MAGIC);
  if (h == 0) return 0;
  store<u32>(h, <u32>budget, D_BUDGET);
  store<u32>(h, <u32>maxParallelism, D_MAXP);
  slabInit(h + D_SLAB, budget);
  const heap = segAlloc(budget, 1);
  const table: usize = heap == 0 ? 0 : tableCreate(budget, 16, 4, 0, maxParallelism, 0);
  if (table == 0) {
    if (heap != 0) segFree(budget, heap, 1);
    descFree(h);
    return 0;
  }
  store<u32>(h, <u32>heap, D_HEAP);
  store<u32>(h, SEGMENT_SIZE / HEAP_ENTRY_BYTES, D_CAP);
  store<u32>(h, 1, D_SEGS);
  store<u32>(h, <u32>table, D_TABLE);
  store<u32>(h, 1, D_VERSION);
  return h;
}

/** Frees a timer heap and its memory. Returns 0 or an error code. */
export function timersDrop(h: usize): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  const budget = <i32>load<u32>(h, D_BUDGET);
  segFree(budget, <usize>load<u32>(h, D_HEAP), <i32>load<u32>(h, D_SEGS));
  tableDrop(<usize>load<u32>(h, D_TABLE));
  slabDestroy(h + D_SLAB);
  descFree(h);
  return 0;
}

/** Live (registered, not deleted, not fired) timers. */
export function timersSize(h: usize): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  return <i32>load<u32>(h, D_LIVE);
}

function growHeap(h: usize): bool {
  const budget = <i32>load<u32>(h, D_BUDGET);
  const segs = load<u32>(h, D_SEGS);
  const newSegs = segs * 2;
  const run = segAlloc(budget, <i32>newSegs);
  if (run == 0) return false;
  const old = <usize>load<u32>(h, D_HEAP);
  memory.copy(run, old, <usize>load<u32>(h, D_N) << 4);
  segFree(budget, old, <i32>segs);
  store<u32>(h, <u32>run, D_HEAP);
  store<u32>(h, newSegs, D_SEGS);
  store<u32>(h, (newSegs << SEGMENT_SHIFT) / HEAP_ENTRY_BYTES, D_CAP);
  return true;
}

function bumpVersion(h: usize): void {
  store<u32>(h, load<u32>(h, D_VERSION) + 1, D_VERSION);
}

/** Drops marked entries and re-heapifies (Floyd), when they outnumber the live ones. */
function maybeCompact(h: usize): void {
  const n = load<u32>(h, D_N);
  const live = load<u32>(h, D_LIVE);
  if (n < COMPACT_MIN || n - live <= live) return;
  const slab = h + D_SLAB;
  let w: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const e = entryAddr(h, i);
    const rec = <usize>load<u32>(e, 8);
    if ((load<u32>(rec) & REC_DELETED) != 0) {
      slabFree(slab, rec);
    } else {
      if (w != i) v128.store(entryAddr(h, w), v128.load(e));
      w++;
    }
  }
  store<u32>(h, w, D_N);
  if (w > 1) {
    let i = (w - 2) >> 1;
    while (true) {
      siftDown(h, i);
      if (i == 0) break;
      i--;
    }
  }
  bumpVersion(h);
}

function checkKey(kg: i32, keyLen: i32, nsLen: i32, maxP: u32): bool {
  if (kg < 0 || <u32>kg >= maxP) {
    fail(E_BAD_ARGUMENT, 2, kg);
    return false;
  }
  if (keyLen < 0 || nsLen < 0 || <u64>keyLen + <u64>nsLen + 8 > <u64>MAX_KEY_BYTES) {
    fail(E_KEY_TOO_LONG, keyLen, nsLen);
    return false;
  }
  return true;
}

/**
 * Registers a timer for (timestamp, kg, key, ns) with key bytes then namespace bytes at ptr. Returns 1 when
 * registered, 0 when the same timer already exists, or a negative error code.
 */
export function timersRegister(h: usize, timestamp: f64, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  if (isNaN(timestamp)) return fail(E_BAD_ARGUMENT, 1, 0);
  if (!checkKey(kg, keyLen, nsLen, load<u32>(h, D_MAXP))) return errorCode();
  if (load<u32>(h, D_N) >= load<u32>(h, D_CAP)) {
    maybeCompact(h);
    if (load<u32>(h, D_N) >= load<u32>(h, D_CAP) && !growHeap(h)) return errorCode();
  }
  const slab = h + D_SLAB;
  const total = <u32>keyLen + <u32>nsLen;
  const rec = slabAlloc(slab, RECORD_HEADER + total);
  if (rec == 0) return errorCode();
  store<u32>(rec, 0);
  store<u32>(rec, <u32>kg, 4);
  store<u32>(rec, <u32>keyLen, 8);
  store<u32>(rec, <u32>nsLen, 12);
  store<f64>(rec, timestamp, 16);
  memory.copy(rec + RECORD_HEADER, ptr, total);
  const table = <usize>load<u32>(h, D_TABLE);
  const v = upsert(table, kg, rec + 16, keyLen + 8, nsLen);
  if (v < 0 && v >= -65536) {
    slabFree(slab, rec);
    return v;
  }
  if (tableLastInserted() == 0) {
    slabFree(slab, rec);
    return 0;
  }
  store<u32>(<usize>v, <u32>rec);
  const n = load<u32>(h, D_N);
  const e = entryAddr(h, n);
  const seq = load<u32>(h, D_SEQ);
  store<f64>(e, timestamp);
  store<u32>(e, <u32>rec, 8);
  store<u32>(e, seq, 12);
  store<u32>(h, seq + 1, D_SEQ);
  store<u32>(h, n + 1, D_N);
  store<u32>(h, load<u32>(h, D_LIVE) + 1, D_LIVE);
  siftUp(h, n);
  bumpVersion(h);
  return 1;
}

/** Deletes the timer (timestamp, kg, key, ns). Returns 1 when deleted, 0 when absent, or an error code. */
export function timersDelete(h: usize, timestamp: f64, kg: i32, ptr: usize, keyLen: i32, nsLen: i32): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  if (isNaN(timestamp)) return fail(E_BAD_ARGUMENT, 1, 0);
  if (!checkKey(kg, keyLen, nsLen, load<u32>(h, D_MAXP))) return errorCode();
  const slab = h + D_SLAB;
  const total = <u32>keyLen + <u32>nsLen;
  const probe = slabAlloc(slab, 8 + total);
  if (probe == 0) return errorCode();
  store<f64>(probe, timestamp);
  memory.copy(probe + 8, ptr, total);
  const table = <usize>load<u32>(h, D_TABLE);
  const v = tableFind(table, kg, probe, keyLen + 8, nsLen);
  let result: i32 = 0;
  if (v < 0 && v >= -65536) {
    result = v;
  } else if (v != 0) {
    const rec = <usize>load<u32>(<usize>v);
    store<u32>(rec, load<u32>(rec) | REC_DELETED);
    tableRemove(table, kg, probe, keyLen + 8, nsLen);
    store<u32>(h, load<u32>(h, D_LIVE) - 1, D_LIVE);
    result = 1;
  }
  slabFree(slab, probe);
  if (result == 1) maybeCompact(h);
  return result;
}

function popTop(h: usize): void {
  const n = load<u32>(h, D_N) - 1;
  store<u32>(h, n, D_N);
  if (n > 0) {
    v128.store(entryAddr(h, 0), v128.load(entryAddr(h, n)));
    siftDown(h, 0);
  }
  bumpVersion(h);
}

/** Discards marked entries at the top. */
function skipDeleted(h: usize): void {
  const slab = h + D_SLAB;
  while (load<u32>(h, D_N) > 0) {
    const rec = <usize>load<u32>(entryAddr(h, 0), 8);
    if ((load<u32>(rec) & REC_DELETED) == 0) return;
    popTop(h);
    slabFree(slab, rec);
  }
}

/** Timestamp of the earliest live timer, or +Infinity when there is none (NaN for a bad handle). */
export function timersPeek(h: usize): f64 {
  if (!valid(h)) return NaN;
  skipDeleted(h);
  if (load<u32>(h, D_N) == 0) return Infinity;
  return load<f64>(entryAddr(h, 0));
}

function writeTimer(rec: usize, o: usize): u32 {
  const keyLen = load<u32>(rec, 8);
  const nsLen = load<u32>(rec, 12);
  const need = align8(TIMER_OUT_HEADER + keyLen + nsLen);
  store<f64>(o, load<f64>(rec, 16));
  store<u32>(o, load<u32>(rec, 4), 8);
  store<u32>(o, keyLen, 12);
  store<u32>(o, nsLen, 16);
  store<u32>(o, 0, 20);
  memory.copy(o + TIMER_OUT_HEADER, rec + RECORD_HEADER, keyLen + nsLen);
  memory.fill(o + TIMER_OUT_HEADER + keyLen + nsLen, 0, need - TIMER_OUT_HEADER - keyLen - nsLen);
  return need;
}

/** Pops up to `max` due timers (timestamp <= upTo) into out; bytes written, 0 when none is due, or an error. */
function pollDue(h: usize, upTo: f64, out: usize, outCap: i32, max: u32): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  if (outCap < 0) return fail(E_BAD_ARGUMENT, 3, outCap);
  const slab = h + D_SLAB;
  const table = <usize>load<u32>(h, D_TABLE);
  let written: u32 = 0;
  let popped: u32 = 0;
  while (popped < max) {
    skipDeleted(h);
    if (load<u32>(h, D_N) == 0) break;
    const e = entryAddr(h, 0);
    if (!(load<f64>(e) <= upTo)) break;
    const rec = <usize>load<u32>(e, 8);
    const need = align8(TIMER_OUT_HEADER + load<u32>(rec, 8) + load<u32>(rec, 12));
    if (<u64>written + <u64>need > <u64>outCap) {
      if (written == 0) return fail(E_BUFFER_TOO_SMALL, <i32>need, outCap);
      break;
    }
    written += writeTimer(rec, out + written);
    tableRemove(table, <i32>load<u32>(rec, 4), rec + 16, <i32>load<u32>(rec, 8) + 8, <i32>load<u32>(rec, 12));
    popTop(h);
    slabFree(slab, rec);
    store<u32>(h, load<u32>(h, D_LIVE) - 1, D_LIVE);
    popped++;
  }
  return <i32>written;
}

/**
 * Removes and writes (output timer layout) every live timer with timestamp <= upTo, in (timestamp, registration)
 * order, until out is full. Returns bytes written (0 when nothing more is due) or a negative error code.
 */
export function timersPoll(h: usize, upTo: f64, out: usize, outCap: i32): i32 {
  return pollDue(h, upTo, out, outCap, 0xffffffff);
}

/**
 * Removes and writes (output timer layout) the earliest live timer when its timestamp is <= upTo (ties in
 * registration order). Returns bytes written (0 when none is due) or a negative error code; on
 * E_BUFFER_TOO_SMALL the timer stays in the heap.
 */
export function timersPollOne(h: usize, upTo: f64, out: usize, outCap: i32): i32 {
  return pollDue(h, upTo, out, outCap, 1);
}

/**
 * Writes live timers with key group in [kgFirst, kgLast] (output timer layout, heap order) until out is full;
 * resumes from the cursor. Returns bytes written (0 when done) or a negative error code; E_BAD_ARGUMENT when
 * the heap changed since the snapshot began.
 */
export function timersSnapshot(h: usize, kgFirst: i32, kgLast: i32, cursor: usize, out: usize, outCap: i32): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  if (kgFirst < 0 || kgLast < kgFirst || <u32>kgLast >= load<u32>(h, D_MAXP)) return fail(E_BAD_ARGUMENT, 1, kgFirst);
  const version = load<u32>(h, D_VERSION);
  const seen = load<u32>(cursor, 4);
  if (seen == 0) store<u32>(cursor, version + 1, 4);
  else if (seen != version + 1) return fail(E_BAD_ARGUMENT, 3, <i32>seen);
  const n = load<u32>(h, D_N);
  let i = load<u32>(cursor);
  let written: u32 = 0;
  while (i < n) {
    const rec = <usize>load<u32>(entryAddr(h, i), 8);
    const kg = <i32>load<u32>(rec, 4);
    if ((load<u32>(rec) & REC_DELETED) == 0 && kg >= kgFirst && kg <= kgLast) {
      const need = align8(TIMER_OUT_HEADER + load<u32>(rec, 8) + load<u32>(rec, 12));
      if (<u64>written + <u64>need > <u64>outCap) {
        store<u32>(cursor, i);
        if (written == 0) return fail(E_BUFFER_TOO_SMALL, <i32>need, outCap);
        return <i32>written;
      }
      written += writeTimer(rec, out + written);
    }
    i++;
  }
  store<u32>(cursor, i);
  store<u32>(cursor, 1, 8);
  return <i32>written;
}

/**
 * Registers every timer in a snapshot (output timer layout, `len` bytes), validating each header first.
 * Returns the number of timers read (duplicates included) or E_TRUNCATED / E_BAD_SNAPSHOT with the offset.
 */
export function timersRestore(h: usize, ptr: usize, len: i32): i32 {
  if (!valid(h)) return E_BAD_HANDLE;
  if (len < 0) return fail(E_BAD_ARGUMENT, 2, len);
  const maxP = load<u32>(h, D_MAXP);
  let off: u32 = 0;
  let count: i32 = 0;
  while (off < <u32>len) {
    if (off + TIMER_OUT_HEADER > <u32>len) return fail(E_TRUNCATED, <i32>off, count);
    const e = ptr + off;
    const ts = load<f64>(e);
    const kg = load<u32>(e, 8);
    const keyLen = load<u32>(e, 12);
    const nsLen = load<u32>(e, 16);
    if (isNaN(ts) || kg >= maxP || load<u32>(e, 20) != 0) return fail(E_BAD_SNAPSHOT, <i32>off, <i32>kg);
    if (keyLen > MAX_KEY_BYTES || nsLen > MAX_KEY_BYTES) return fail(E_BAD_SNAPSHOT, <i32>(off + 12), <i32>keyLen);
    const need = <u64>align8(TIMER_OUT_HEADER + keyLen + nsLen);
    if (<u64>off + need > <u64>len) return fail(E_TRUNCATED, <i32>off, count);
    const r = timersRegister(h, ts, <i32>kg, e + TIMER_OUT_HEADER, <i32>keyLen, <i32>nsLen);
    if (r < 0) return r;
    off += <u32>need;
    count++;
  }
  return count;
}
