// Managed memory: a pool of fixed-size segments over Wasm linear memory (Flink's MemorySegment idea),
// with per-task budgets. Every table, heap, kernel and record batch takes its memory from here.
//
// Memory layout
//   [0, __heap_base)                     static data of the module (error messages live in the host)
//   POOL_BASE = align(__heap_base, 64 KiB)
//   segment s occupies [POOL_BASE + s * SEGMENT_SIZE, POOL_BASE + (s + 1) * SEGMENT_SIZE)
//   segment 0 is the pool's own metadata segment:
//     [0, BUDGETS_BYTES)                 budget table, MAX_BUDGETS entries of 8 bytes:
//                                          +0 u32 limit in segments (0xFFFFFFFF = unlimited; 0 = slot unused)
//                                          +4 u32 segments in use
//     [FREE_RUNS_OFFSET, SEGMENT_SIZE)   free runs, sorted by start, MAX_FREE_RUNS entries of 8 bytes:
//                                          +0 u32 first segment, +4 u32 number of segments
//   segments [1, top) are either in use or listed in the free runs; [top, capacity) are untouched.
//
// A run of n segments is contiguous, so a table's slot array can be one run. Allocation is first fit over the
// sorted free runs, then from `top`, growing linear memory with `memory.grow` when needed. Freed runs are
// coalesced with their neighbours. Budget 0 is the unbudgeted pool (used for metadata); budgets 1.. belong to
// tasks. Exhausting a budget or the process's memory returns 0 and records E_BUDGET_EXHAUSTED or
// E_OUT_OF_MEMORY: never a trap.

import { fail, E_BUDGET_EXHAUSTED, E_OUT_OF_MEMORY, E_BAD_HANDLE, E_BAD_ARGUMENT, E_LIMIT } from "./errors";

/** Bytes in one segment: one Wasm page, so growth and segments line up. */
export const SEGMENT_SIZE: u32 = 65536;
/** log2(SEGMENT_SIZE). */
export const SEGMENT_SHIFT: u32 = 16;
/** Budget slots, including the unbudgeted budget 0. */
export const MAX_BUDGETS: u32 = 1024;
const BUDGETS_BYTES: u32 = MAX_BUDGETS * 8;
const FREE_RUNS_OFFSET: u32 = BUDGETS_BYTES;
/** Free runs the metadata segment can list; freeing beyond it leaks nothing but falls back to no coalescing. */
const MAX_FREE_RUNS: u32 = (SEGMENT_SIZE - FREE_RUNS_OFFSET) / 8;
const UNLIMITED: u32 = 0xffffffff;
/** Wasm32 addresses 65536 pages; the last page is never used, so an address read as i32 is never in
 *  [-65536, -1] and the host can tell pointers from negative error codes. */
const MAX_PAGES: u32 = 65535;

/** Address of segment 0. */
export const POOL_BASE: usize = (__heap_base + <usize>(SEGMENT_SIZE - 1)) & ~<usize>(SEGMENT_SIZE - 1);
const META: usize = POOL_BASE;

let top: u32 = 1; // first never-used segment
let freeRuns: u32 = 0;
let freeSegments: u32 = 0;

// ---- initialisation (runs in the start function) ----
{
  const needPages = <i32>((POOL_BASE >> SEGMENT_SHIFT) + 1);
  const have = memory.size();
  if (have < needPages) memory.grow(needPages - have);
  memory.fill(META, 0, SEGMENT_SIZE);
  store<u32>(META, UNLIMITED); // budget 0: unlimited
}

// @ts-ignore: decorator
@inline function budgetAddr(id: u32): usize {
  return META + (<usize>id << 3);
}

// @ts-ignore: decorator
@inline function runAddr(i: u32): usize {
  return META + FREE_RUNS_OFFSET + (<usize>i << 3);
}

// @ts-ignore: decorator
@inline export function segmentAddress(segment: u32): usize {
  return POOL_BASE + (<usize>segment << SEGMENT_SHIFT);
}

/** True when `id` names a live budget. */
export function budgetValid(id: u32): bool {
  return id < MAX_BUDGETS && load<u32>(budgetAddr(id)) != 0;
}

/** Creates a budget of `limitSegments` segments (1..2^31); returns its id (>= 1) or a negative error code. */
export function budgetCreate(limitSegments: i32): i32 {
  if (limitSegments <= 0) return fail(E_BAD_ARGUMENT, 0, limitSegments);
  for (let id: u32 = 1; id < MAX_BUDGETS; id++) {
    const a = budgetAddr(id);
    if (load<u32>(a) == 0) {
      store<u32>(a, <u32>limitSegments);
      store<u32>(a, 0, 4);
      return <i32>id;
    }
  }
  return fail(E_LIMIT, <i32>MAX_BUDGETS, 0);
}

/** Changes a budget's limit; segments already in use stay in use. Returns 0 or an error code. */
export function budgetSetLimit(id: i32, limitSegments: i32): i32 {
  if (id <= 0 || !budgetValid(<u32>id)) return fail(E_BAD_HANDLE, id, 0);
  if (limitSegments <= 0) return fail(E_BAD_ARGUMENT, 1, limitSegments);
  store<u32>(budgetAddr(<u32>id), <u32>limitSegments);
  return 0;
}

/** Frees a budget slot. Its owner must have freed its segments first. Returns 0 or an error code. */
export function budgetFree(id: i32): i32 {
  if (id <= 0 || !budgetValid(<u32>id)) return fail(E_BAD_HANDLE, id, 0);
  const used = load<u32>(budgetAddr(<u32>id), 4);
  if (used != 0) return fail(E_BAD_ARGUMENT, 0, <i32>used);
  store<u64>(budgetAddr(<u32>id), 0);
  return 0;
}

/** Segments a budget has in use, or a negative error code. */
export function budgetUsed(id: i32): i32 {
  if (id < 0 || !budgetValid(<u32>id)) return fail(E_BAD_HANDLE, id, 0);
  return <i32>load<u32>(budgetAddr(<u32>id), 4);
}

/** A budget's limit in segments (0x7fffffff for unlimited), or a negative error code. */
export function budgetLimit(id: i32): i32 {
  if (id < 0 || !budgetValid(<u32>id)) return fail(E_BAD_HANDLE, id, 0);
  const l = load<u32>(budgetAddr(<u32>id));
  return l == UNLIMITED ? 0x7fffffff : <i32>l;
}

function takeFromTop(n: u32): u32 {
  const end = <u64>top + <u64>n;
  const endByte = <u64>POOL_BASE + (end << SEGMENT_SHIFT);
  const needPages = <u64>((endByte + <u64>SEGMENT_SIZE - 1) >> SEGMENT_SHIFT);
  if (needPages > <u64>MAX_PAGES) {
    fail(E_OUT_OF_MEMORY, <i32>needPages, 0);
    return 0;
  }
  const have = <u64>memory.size();
  if (needPages > have) {
    if (memory.grow(<i32>(needPages - have)) < 0) {
      fail(E_OUT_OF_MEMORY, <i32>(needPages - have), 0);
      return 0;
    }
  }
  const s = top;
  top = <u32>end;
  return s;
}

/**
 * Allocates a contiguous run of `n` segments charged to budget `budget`; returns its address or 0
 * (then errorCode() is E_BUDGET_EXHAUSTED, E_OUT_OF_MEMORY or E_BAD_HANDLE). Contents are not zeroed.
 */
export function segAlloc(budget: i32, n: i32): usize {
  if (budget < 0 || !budgetValid(<u32>budget)) {
    fail(E_BAD_HANDLE, budget, 0);
    return 0;
  }
  if (n <= 0) {
    fail(E_BAD_ARGUMENT, 1, n);
    return 0;
  }
  const b = budgetAddr(<u32>budget);
  const limit = load<u32>(b);
  const used = load<u32>(b, 4);
  if (limit != UNLIMITED && <u64>used + <u64>n > <u64>limit) {
    fail(E_BUDGET_EXHAUSTED, budget, n);
    return 0;
  }
  let seg: u32 = 0;
  for (let i: u32 = 0; i < freeRuns; i++) {
    const r = runAddr(i);
    const count = load<u32>(r, 4);
    if (count >= <u32>n) {
      seg = load<u32>(r);
      if (count == <u32>n) {
        memory.copy(r, r + 8, <usize>(freeRuns - i - 1) << 3);
        freeRuns--;
      } else {
        store<u32>(r, seg + <u32>n);
        store<u32>(r, count - <u32>n, 4);
      }
      freeSegments -= <u32>n;
      break;
    }
  }
  if (seg == 0) {
    seg = takeFromTop(<u32>n);
    if (seg == 0) return 0;
  }
  store<u32>(b, used + <u32>n, 4);
  return segmentAddress(seg);
}

/** Returns a run from `segAlloc` to the pool. Returns 0 or an error code (bad address or budget). */
export function segFree(budget: i32, address: usize, n: i32): i32 {
  if (budget < 0 || !budgetValid(<u32>budget)) return fail(E_BAD_HANDLE, budget, 0);
  if (address < POOL_BASE + <usize>SEGMENT_SIZE || ((address - POOL_BASE) & <usize>(SEGMENT_SIZE - 1)) != 0)
    return fail(E_BAD_ARGUMENT, 1, <i32>address);
  const seg = <u32>((address - POOL_BASE) >> SEGMENT_SHIFT);
  if (n <= 0 || <u64>seg + <u64>n > <u64>top) return fail(E_BAD_ARGUMENT, 2, n);
  const b = budgetAddr(<u32>budget);
  const used = load<u32>(b, 4);
  if (used < <u32>n) return fail(E_BAD_ARGUMENT, 2, n);
  store<u32>(b, used - <u32>n, 4);
  freeRun(seg, <u32>n);
  return 0;
}

function freeRun(seg: u32, n: u32): void {
  freeSegments += n;
  // position of the first run starting after seg
  let lo: u32 = 0;
  let hi: u32 = freeRuns;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (load<u32>(runAddr(mid)) < seg) lo = mid + 1;
    else hi = mid;
  }
  let start = seg;
  let count = n;
  let at = lo;
  // merge with the previous run
  if (at > 0) {
    const p = runAddr(at - 1);
    if (load<u32>(p) + load<u32>(p, 4) == start) {
      start = load<u32>(p);
      count += load<u32>(p, 4);
      at--;
      memory.copy(p, p + 8, <usize>(freeRuns - at - 1) << 3);
      freeRuns--;
    }
  }
  // merge with the next run
  if (at < freeRuns) {
    const q = runAddr(at);
    if (start + count == load<u32>(q)) {
      count += load<u32>(q, 4);
      memory.copy(q, q + 8, <usize>(freeRuns - at - 1) << 3);
      freeRuns--;
    }
  }
  if (start + count == top) {
    // give the tail back to the untouched region
    top = start;
    freeSegments -= count;
    return;
  }
  if (freeRuns >= MAX_FREE_RUNS) {
    // The free list is full: the run stays allocated to nobody. Counted so the host can see it.
    freeSegments -= count;
    leakedSegments += count;
    return;
  }
  const r = runAddr(at);
  memory.copy(r + 8, r, <usize>(freeRuns - at) << 3);
  store<u32>(r, start);
  store<u32>(r, count, 4);
  freeRuns++;
}

let leakedSegments: u32 = 0;

/** First never-used segment (segments below it are in use or free). */
export function poolTop(): i32 {
  return <i32>top;
}

/** Segments listed as free. */
export function poolFreeSegments(): i32 {
  return <i32>freeSegments;
}

/** Number of free runs (fragmentation indicator). */
export function poolFreeRuns(): i32 {
  return <i32>freeRuns;
}

/** Segments lost because the free-run list was full (should stay 0). */
export function poolLeakedSegments(): i32 {
  return <i32>leakedSegments;
}

/** Address of segment 0 (the metadata segment). */
export function poolBase(): usize {
  return POOL_BASE;
}
