// Window aggregation kernel: per (key, window) count / sum / min / max (avg = sum / count) over one numeric
// field, pane-based for sliding event-time windows: each record updates one pane, a window combines its panes,
// and advancing the watermark fires every window whose maxTimestamp (end - 1) it reached, in end order.
//
// Semantics follow Flink's SlidingEventTimeWindows: window starts are `ts - ((ts - offset) mod slide)` and
// earlier multiples of slide while the window still contains ts; a record is late (dropped, counted) when
// `lastWindowEnd - 1 + allowedLateness <= watermark`, with lastWindowEnd the end of its latest window.
// Panes are gcd(size, slide) wide: pane p covers [offset + p * pane, offset + (p + 1) * pane).
//
// Memory layout
//   Descriptor (WINDOW_DESC_BYTES):
//     +0 magic  +4 budget  +8 maxParallelism  +12 live panes
//     +16 i64 size  +24 i64 slide  +32 i64 offset  +40 i64 pane width  +48 i64 allowed lateness
//     +56 i64 watermark (i64.MIN before the first)  +64 i64 next window end to fire  +72 u32 has next (0/1)
//     +76 u32 dropped late records  +80 u32 combine table (results of a multi-pane window)
//     +84 u32 emitting (0 idle, 1 emitting from +88)  +88 u32 table being emitted  +92 u32 pane array address
//     +96 scan cursor (16 bytes) of the table being emitted  +112 i64 end of the window being emitted
//     +120 u32 scratch segment (combining)
//   Pane array (one segment): MAX_PANES entries of +0 i64 pane index, +8 u32 table handle, +12 u32 zero,
//     sorted by pane index. Pane tables: inline key WINDOW_KEY_INLINE, value ACC_BYTES.
//   Accumulator (ACC_BYTES): +0 f64 count, +8 f64 sum, +16 f64 min, +24 f64 max.
//   Input record: +0 f64 timestamp, +8 f64 value, +16 u32 kg, +20 u32 key length, +24 key, padding to 8.
//   Output block: +0 f64 window start, +8 f64 window end, +16 u32 bytes of entries, +20 u32 zero, then table
//     entries (table.ts scan layout: kg, key length, 0, ACC_BYTES, key, accumulator).

import { fail, E_BAD_HANDLE, E_BAD_ARGUMENT, E_LIMIT, E_BUFFER_TOO_SMALL, errorCode, errorClear } from "./errors";
import { segAlloc, segFree, budgetValid, SEGMENT_SIZE } from "./memory";
import { descAlloc, descFree, descValid, WINDOW_MAGIC } from "./descriptors";
import { tableCreate, tableDrop, tableClear, tableScan, tableRestore, upsert, tableLastInserted,
  ENTRY_HEADER } from "./table";

export const WINDOW_DESC_BYTES: u32 = 128;
const PANE_ENTRY: u32 = 16;
/** Live panes a kernel holds (a window's panes plus out-of-order ones ahead of the watermark). */
export const MAX_PANES: u32 = SEGMENT_SIZE / PANE_ENTRY;
export const ACC_BYTES: u32 = 32;
const WINDOW_KEY_INLINE: i32 = 16;
export const WINDOW_IN_HEADER: u32 = 24;
export const WINDOW_OUT_HEADER: u32 = 24;
const MAX_TIME: f64 = 9007199254740991.0;

const D_BUDGET: usize = 4;
const D_MAXP: usize = 8;
const D_PANES: usize = 12;
const D_SIZE: usize = 16;
const D_SLIDE: usize = 24;
const D_OFFSET: usize = 32;
const D_PANE: usize = 40;
const D_LATENESS: usize = 48;
const D_WM: usize = 56;
const D_NEXT: usize = 64;
const D_HAS_NEXT: usize = 72;
const D_DROPPED: usize = 76;
const D_COMBINE: usize = 80;
const D_EMITTING: usize = 84;
const D_EMIT_TABLE: usize = 88;
const D_PANE_ARRAY: usize = 92;
const D_CURSOR: usize = 96;
const D_EMIT_END: usize = 112;
const D_SCRATCH: usize = 120;

// @ts-ignore: decorator
@inline function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// @ts-ignore: decorator
@inline function posMod(a: i64, b: i64): i64 {
  const r = a % b;
  return r < 0 ? r + b : r;
}

function gcd(a: i64, b: i64): i64 {
  while (b != 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function valid(k: usize): bool {
  if (descValid(k, WINDOW_MAGIC)) return true;
  fail(E_BAD_HANDLE, <i32>k, 0);
  return false;
}

// @ts-ignore: decorator
@inline function paneAt(k: usize, i: u32): usize {
  return <usize>load<u32>(k, D_PANE_ARRAY) + (<usize>i << 4);
}

/**
 * Creates a sliding (or, with slide == size, tumbling) event-time window kernel. Times are integral
 * milliseconds passed as f64. Returns a handle or 0.
 */
export function windowCreate(budget: i32, maxParallelism: i32, size: f64, slide: f64, offset: f64,
  allowedLateness: f64): usize {
  if (budget < 0 || !budgetValid(<u32>budget)) {
    fail(E_BAD_HANDLE, budget, 0);
    return 0;
  }
  if (maxParallelism < 1 || maxParallelism > 32768) {
    fail(E_BAD_ARGUMENT, 1, maxParallelism);
    return 0;
  }
  if (!(size >= 1 && size <= MAX_TIME) || floor(size) != size) {
    fail(E_BAD_ARGUMENT, 2, 0);
    return 0;
  }
  if (!(slide >= 1 && slide <= size) || floor(slide) != slide) {
    fail(E_BAD_ARGUMENT, 3, 0);
    return 0;
  }
  if (!(abs(offset) < slide) || floor(offset) != offset) {
    fail(E_BAD_ARGUMENT, 4, 0);
    return 0;
  }
  if (!(allowedLateness >= 0 && allowedLateness <= MAX_TIME) || floor(allowedLateness) != allowedLateness) {
    fail(E_BAD_ARGUMENT, 5, 0);
    return 0;
  }
  const k = descAlloc(WINDOW_DESC_BYTES, WINDOW_MAGIC);
  if (k == 0) return 0;
  const panes = segAlloc(budget, 1);
  const scratch: usize = panes == 0 ? 0 : segAlloc(budget, 1);
  const combine: usize = scratch == 0 ? 0 : tableCreate(budget, WINDOW_KEY_INLINE, <i32>ACC_BYTES, 0, maxParallelism, 0);
  if (combine == 0) {
    const code = errorCode();
    if (scratch != 0) segFree(budget, scratch, 1);
    if (panes != 0) segFree(budget, panes, 1);
    descFree(k);
    fail(code, budget, 0);
    return 0;
  }
  store<u32>(k, <u32>budget, D_BUDGET);
  store<u32>(k, <u32>maxParallelism, D_MAXP);
  store<i64>(k, <i64>size, D_SIZE);
  store<i64>(k, <i64>slide, D_SLIDE);
  store<i64>(k, <i64>offset, D_OFFSET);
  store<i64>(k, gcd(<i64>size, <i64>slide), D_PANE);
  store<i64>(k, <i64>allowedLateness, D_LATENESS);
  store<i64>(k, i64.MIN_VALUE, D_WM);
  store<u32>(k, <u32>panes, D_PANE_ARRAY);
  store<u32>(k, <u32>scratch, D_SCRATCH);
  store<u32>(k, <u32>combine, D_COMBINE);
  return k;
}

/** Frees a kernel, its panes and their memory. Returns 0 or an error code. */
export function windowDrop(k: usize): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  const budget = <i32>load<u32>(k, D_BUDGET);
  const n = load<u32>(k, D_PANES);
  for (let i: u32 = 0; i < n; i++) tableDrop(<usize>load<u32>(paneAt(k, i), 8));
  tableDrop(<usize>load<u32>(k, D_COMBINE));
  segFree(budget, <usize>load<u32>(k, D_PANE_ARRAY), 1);
  segFree(budget, <usize>load<u32>(k, D_SCRATCH), 1);
  descFree(k);
  return 0;
}

/** Records dropped as late so far. */
export function windowDropped(k: usize): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  return <i32>load<u32>(k, D_DROPPED);
}

/** Live panes. */
export function windowPaneCount(k: usize): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  return <i32>load<u32>(k, D_PANES);
}

/** Pane index of live pane i (in increasing order), as f64; NaN when out of range. */
export function windowPaneIndex(k: usize, i: i32): f64 {
  if (!valid(k) || i < 0 || <u32>i >= load<u32>(k, D_PANES)) return NaN;
  return <f64>load<i64>(paneAt(k, <u32>i));
}

/** Table handle of live pane i (for snapshots with tableScan), or a negative error code. */
export function windowPaneTable(k: usize, i: i32): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  if (i < 0 || <u32>i >= load<u32>(k, D_PANES)) return fail(E_BAD_ARGUMENT, 1, i);
  return <i32>load<u32>(paneAt(k, <u32>i), 8);
}

/** End of the earliest window containing pane p. */
function firstEndFor(k: usize, p: i64): i64 {
  const size = load<i64>(k, D_SIZE);
  const slide = load<i64>(k, D_SLIDE);
  const offset = load<i64>(k, D_OFFSET);
  const paneStart = offset + p * load<i64>(k, D_PANE);
  // smallest e > paneStart with e = offset + size (mod slide)
  return paneStart + 1 + posMod(offset + size - (paneStart + 1), slide);
}

/** The first window end after `e` that has not fired: windows whose end - 1 <= watermark fired already. */
function firstUnfired(k: usize, e: i64): i64 {
  const wm = load<i64>(k, D_WM);
  if (wm == i64.MIN_VALUE || e - 1 > wm) return e;
  const size = load<i64>(k, D_SIZE);
  const slide = load<i64>(k, D_SLIDE);
  const offset = load<i64>(k, D_OFFSET);
  return wm + 2 + posMod(offset + size - (wm + 2), slide);
}

function noteNext(k: usize, e: i64): void {
  if (load<u32>(k, D_HAS_NEXT) == 0 || e < load<i64>(k, D_NEXT)) {
    store<i64>(k, e, D_NEXT);
    store<u32>(k, 1, D_HAS_NEXT);
  }
}

/** Finds or creates the table of pane p; 0 on failure. */
function paneTable(k: usize, p: i64): usize {
  const n = load<u32>(k, D_PANES);
  if (n > 0 && load<i64>(paneAt(k, n - 1)) == p) return <usize>load<u32>(paneAt(k, n - 1), 8);
  let lo: u32 = 0;
  let hi: u32 = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const q = load<i64>(paneAt(k, mid));
    if (q == p) return <usize>load<u32>(paneAt(k, mid), 8);
    if (q < p) lo = mid + 1;
    else hi = mid;
  }
  if (n >= MAX_PANES) {
    fail(E_LIMIT, <i32>MAX_PANES, 0);
    return 0;
  }
  const t = tableCreate(<i32>load<u32>(k, D_BUDGET), WINDOW_KEY_INLINE, <i32>ACC_BYTES, 0,
    <i32>load<u32>(k, D_MAXP), 0);
  if (t == 0) return 0;
  const at = paneAt(k, lo);
  memory.copy(at + PANE_ENTRY, at, <usize>(n - lo) * PANE_ENTRY);
  store<i64>(at, p);
  store<u32>(at, <u32>t, 8);
  store<u32>(at, 0, 12);
  store<u32>(k, n + 1, D_PANES);
  noteNext(k, firstUnfired(k, firstEndFor(k, p)));
  return t;
}

// @ts-ignore: decorator
@inline function accInit(a: usize): void {
  store<f64>(a, 0);
  store<f64>(a, 0, 8);
  store<f64>(a, Infinity, 16);
  store<f64>(a, -Infinity, 24);
}

// @ts-ignore: decorator
@inline function accAdd(a: usize, count: f64, sum: f64, mn: f64, mx: f64): void {
  store<f64>(a, load<f64>(a) + count);
  store<f64>(a, load<f64>(a, 8) + sum, 8);
  if (mn < load<f64>(a, 16)) store<f64>(a, mn, 16);
  if (mx > load<f64>(a, 24)) store<f64>(a, mx, 24);
}

/**
 * Adds `n` input records (layout above) at ptr. Late records are dropped and counted (windowDropped).
 * Returns the number of records aggregated, or a negative error code (errorDetail1 = failing record index).
 */
export function windowAdd(k: usize, ptr: usize, n: i32): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  if (load<u32>(k, D_EMITTING) != 0) return fail(E_BAD_ARGUMENT, 0, 0);
  const size = load<i64>(k, D_SIZE);
  const slide = load<i64>(k, D_SLIDE);
  const offset = load<i64>(k, D_OFFSET);
  const pane = load<i64>(k, D_PANE);
  const lateness = load<i64>(k, D_LATENESS);
  const wm = load<i64>(k, D_WM);
  const maxP = load<u32>(k, D_MAXP);
  let p = ptr;
  let added: i32 = 0;
  let cachedPane: i64 = i64.MIN_VALUE;
  let cachedTable: usize = 0;
  for (let i = 0; i < n; i++) {
    const tsf = load<f64>(p);
    const value = load<f64>(p, 8);
    const kg = load<u32>(p, 16);
    const keyLen = load<u32>(p, 20);
    if (!(abs(tsf) <= MAX_TIME) || floor(tsf) != tsf) return fail(E_BAD_ARGUMENT, 1, i);
    if (kg >= maxP) return fail(E_BAD_ARGUMENT, 2, i);
    if (keyLen > 0x100000) return fail(E_BAD_ARGUMENT, 3, i);
    const ts = <i64>tsf;
    const lastStart = ts - posMod(ts - offset, slide);
    if (wm != i64.MIN_VALUE && lastStart + size - 1 + lateness <= wm) {
      store<u32>(k, load<u32>(k, D_DROPPED) + 1, D_DROPPED);
    } else {
      const pi = floorDiv(ts - offset, pane);
      let t = cachedTable;
      if (pi != cachedPane || t == 0) {
        t = paneTable(k, pi);
        if (t == 0) return fail(errorCode(), 0, i);
        cachedPane = pi;
        cachedTable = t;
      }
      const v = upsert(t, <i32>kg, p + WINDOW_IN_HEADER, <i32>keyLen, 0);
      if (v < 0 && v >= -65536) return fail(v, 0, i);
      const a = <usize>v;
      if (tableLastInserted() != 0) accInit(a);
      accAdd(a, 1, value, value, value);
      added++;
    }
    p += (<usize>WINDOW_IN_HEADER + <usize>keyLen + 7) & ~<usize>7;
  }
  return added;
}

/** Combines every pane of the window [end - size, end) into the combine table; returns the source to emit. */
function combineWindow(k: usize, end: i64): usize {
  const size = load<i64>(k, D_SIZE);
  const offset = load<i64>(k, D_OFFSET);
  const pane = load<i64>(k, D_PANE);
  const firstPane = floorDiv(end - size - offset, pane);
  const lastPane = floorDiv(end - offset, pane) - 1;
  const n = load<u32>(k, D_PANES);
  let count: u32 = 0;
  let single: usize = 0;
  for (let i: u32 = 0; i < n; i++) {
    const q = load<i64>(paneAt(k, i));
    if (q >= firstPane && q <= lastPane) {
      count++;
      single = <usize>load<u32>(paneAt(k, i), 8);
    }
  }
  if (count == 0) return 0;
  if (count == 1) return single;
  const combine = <usize>load<u32>(k, D_COMBINE);
  tableClear(combine);
  const maxP = <i32>load<u32>(k, D_MAXP);
  const scratch = <usize>load<u32>(k, D_SCRATCH);
  const cursor = k + D_CURSOR;
  for (let i: u32 = 0; i < n; i++) {
    const q = load<i64>(paneAt(k, i));
    if (q < firstPane || q > lastPane) continue;
    const t = <usize>load<u32>(paneAt(k, i), 8);
    memory.fill(cursor, 0, 16);
    while (true) {
      const bytes = tableScan(t, 0, maxP - 1, cursor, scratch, <i32>SEGMENT_SIZE, 0, 0, 0);
      if (bytes <= 0) break;
      let off: u32 = 0;
      while (off < <u32>bytes) {
        const e = scratch + off;
        const keyLen = load<u32>(e, 4);
        const a = e + ENTRY_HEADER + keyLen;
        const v = upsert(combine, <i32>load<u32>(e), e + ENTRY_HEADER, <i32>keyLen, 0);
        if (v < 0 && v >= -65536) return 0;
        if (tableLastInserted() != 0) accInit(<usize>v);
        accAdd(<usize>v, load<f64>(a), load<f64>(a, 8), load<f64>(a, 16), load<f64>(a, 24));
        off += ENTRY_HEADER + ((keyLen + ACC_BYTES + 3) & ~<u32>3);
      }
    }
  }
  return combine;
}

/** Drops panes that no window ending after `end` needs, and finds the next window end with data. */
function afterWindow(k: usize, end: i64): void {
  const size = load<i64>(k, D_SIZE);
  const slide = load<i64>(k, D_SLIDE);
  const offset = load<i64>(k, D_OFFSET);
  const pane = load<i64>(k, D_PANE);
  const nextStart = end + slide - size;
  const firstNeeded = floorDiv(nextStart - offset, pane);
  let n = load<u32>(k, D_PANES);
  let drop: u32 = 0;
  while (drop < n && load<i64>(paneAt(k, drop)) < firstNeeded) {
    tableDrop(<usize>load<u32>(paneAt(k, drop), 8));
    drop++;
  }
  if (drop > 0) {
    memory.copy(paneAt(k, 0), paneAt(k, drop), <usize>(n - drop) * PANE_ENTRY);
    n -= drop;
    store<u32>(k, n, D_PANES);
  }
  if (n == 0) {
    store<u32>(k, 0, D_HAS_NEXT);
    return;
  }
  let next = end + slide;
  const fromPane = firstEndFor(k, load<i64>(paneAt(k, 0)));
  if (fromPane > next) next = fromPane;
  store<i64>(k, next, D_NEXT);
  store<u32>(k, 1, D_HAS_NEXT);
}

/**
 * Advances the watermark to `watermark` (never backwards) and writes output blocks (layout above) for every
 * window whose end - 1 <= watermark, in end order, until out is full. Call again with the same watermark
 * until it returns 0. Returns bytes written or a negative error code.
 */
export function windowAdvance(k: usize, watermark: f64, out: usize, outCap: i32): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  if (isNaN(watermark)) return fail(E_BAD_ARGUMENT, 1, 0);
  if (outCap < 0) return fail(E_BAD_ARGUMENT, 3, outCap);
  const wmIn: i64 = watermark >= MAX_TIME ? i64.MAX_VALUE - (1 << 62) : watermark <= -MAX_TIME ? i64.MIN_VALUE + 1 : <i64>floor(watermark);
  if (wmIn > load<i64>(k, D_WM)) store<i64>(k, wmIn, D_WM);
  const wm = load<i64>(k, D_WM);
  const size = load<i64>(k, D_SIZE);
  const maxP = <i32>load<u32>(k, D_MAXP);
  const cursor = k + D_CURSOR;
  let written: u32 = 0;
  while (true) {
    if (load<u32>(k, D_EMITTING) == 0) {
      if (load<u32>(k, D_HAS_NEXT) == 0) break;
      const end = load<i64>(k, D_NEXT);
      if (end - 1 > wm) break;
      errorClear();
      const src = combineWindow(k, end);
      if (src == 0 && errorCode() != 0) return errorCode();
      if (src == 0) {
        afterWindow(k, end);
        continue;
      }
      store<u32>(k, 1, D_EMITTING);
      store<u32>(k, <u32>src, D_EMIT_TABLE);
      store<i64>(k, end, D_EMIT_END);
      memory.fill(cursor, 0, 16);
    }
    const end = load<i64>(k, D_EMIT_END);
    if (<u64>written + WINDOW_OUT_HEADER + ENTRY_HEADER + 8 > <u64>outCap) {
      if (written == 0) return fail(E_BUFFER_TOO_SMALL, <i32>(WINDOW_OUT_HEADER + ENTRY_HEADER + 8), outCap);
      break;
    }
    const block = out + written;
    const bytes = tableScan(<usize>load<u32>(k, D_EMIT_TABLE), 0, maxP - 1, cursor, block + WINDOW_OUT_HEADER,
      outCap - <i32>written - <i32>WINDOW_OUT_HEADER, 0, 0, 0);
    if (bytes < 0) {
      if (bytes == E_BUFFER_TOO_SMALL && written > 0) break;
      return bytes;
    }
    if (bytes > 0) {
      store<f64>(block, <f64>(end - size));
      store<f64>(block, <f64>end, 8);
      store<u32>(block, <u32>bytes, 16);
      store<u32>(block, 0, 20);
      written += WINDOW_OUT_HEADER + <u32>bytes;
    }
    if (load<u32>(cursor) >= 2) {
      store<u32>(k, 0, D_EMITTING);
      afterWindow(k, end);
    } else if (bytes == 0) {
      break;
    }
  }
  return <i32>written;
}

/**
 * Restores pane `paneIndex` from table entries (table.ts scan layout with ACC_BYTES values), merging into the
 * pane if it exists. Returns entries restored or a negative error code.
 */
export function windowRestorePane(k: usize, paneIndex: f64, ptr: usize, len: i32): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  if (!(abs(paneIndex) <= MAX_TIME) || floor(paneIndex) != paneIndex) return fail(E_BAD_ARGUMENT, 1, 0);
  const t = paneTable(k, <i64>paneIndex);
  if (t == 0) return errorCode();
  return tableRestore(t, ptr, len);
}

/** The kernel's watermark (windows ending at or before it + 1 have fired); -Infinity before the first. */
export function windowWatermark(k: usize): f64 {
  if (!valid(k)) return NaN;
  const wm = load<i64>(k, D_WM);
  return wm == i64.MIN_VALUE ? -Infinity : <f64>wm;
}

/**
 * Restores the watermark a snapshot was taken at, so windows that fired before it do not fire again.
 * Call after restoring the panes. Returns 0 or an error code.
 */
export function windowRestoreWatermark(k: usize, watermark: f64): i32 {
  if (!valid(k)) return E_BAD_HANDLE;
  if (isNaN(watermark)) return fail(E_BAD_ARGUMENT, 1, 0);
  if (watermark == -Infinity) return 0;
  if (!(abs(watermark) <= MAX_TIME) || floor(watermark) != watermark) return fail(E_BAD_ARGUMENT, 1, 0);
  const wm = <i64>watermark;
  if (wm <= load<i64>(k, D_WM)) return 0;
  store<i64>(k, wm, D_WM);
  // the next window to fire: the first unfired one that holds a pane
  const n = load<u32>(k, D_PANES);
  store<u32>(k, 0, D_HAS_NEXT);
  for (let i: u32 = 0; i < n; i++) noteNext(k, firstUnfired(k, firstEndFor(k, load<i64>(paneAt(k, i)))));
  return 0;
}
