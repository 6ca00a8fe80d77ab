// Variable-length blob allocator over pool segments: size classes with free lists, one instance per owner
// (a table, a timer heap) so that dropping the owner returns all of its segments to its budget at once.
//
// Instance layout (SLAB_BYTES, embedded in its owner's descriptor)
//   +0  u32 budget id            +4  u32 bump pointer      +8  u32 bump end
//   +12 u32 newest slab segment  +16 u32 newest large run  +20 u32 bytes live (blocks handed out)
//   +24 u32 segments owned       +28 u32 reserved
//   +32 u32[NUM_CLASSES] free-list heads, one per size class
// Slab segment: +0 u32 next slab segment, +4 u32 reserved, blocks from +8.
// Small block: +0 u32 class index, payload from +4 (a free block keeps its class and holds the next free at +4).
// Large run (payload > MAX_SMALL_PAYLOAD): its own run of segments:
//   +0 u32 previous run, +4 u32 next run, +8 u32 segments, +12 u32 LARGE_CLASS, payload from +16.
// Size classes are 16, 24, 32, 48, 64, ... 24576, 32768 bytes (2^k and 1.5 * 2^k, header included).

import { fail, E_BAD_ARGUMENT, E_BAD_HANDLE } from "./errors";
import { segAlloc, segFree, SEGMENT_SIZE, SEGMENT_SHIFT } from "./memory";

export const SLAB_BYTES: usize = 128;
const NUM_CLASSES: u32 = 23;
const LARGE_CLASS: u32 = 0xff;
const SMALL_HEADER: u32 = 4;
const LARGE_HEADER: u32 = 16;
const MAX_SMALL_BLOCK: u32 = 32768;
/** Largest payload served from a size class. */
export const MAX_SMALL_PAYLOAD: u32 = MAX_SMALL_BLOCK - SMALL_HEADER;
/** Largest blob a slab hands out (bytes of payload). */
export const MAX_BLOB_BYTES: u32 = 0x40000000;

// @ts-ignore: decorator
@inline function classSize(c: u32): u32 {
  const k = c >> 1;
  return (c & 1) == 0 ? <u32>16 << k : <u32>24 << k;
}

// @ts-ignore: decorator
@inline function classFor(need: u32): u32 {
  if (need <= 16) return 0;
  const p = 31 - clz<u32>(need - 1); // 2^p < need <= 2^(p+1)
  const onePointFive = (<u32>3) << (p - 1);
  return need <= onePointFive ? ((p - 4) << 1) + 1 : (p + 1 - 4) << 1;
}

/** Initialises a slab instance at `a` charged to `budget`. */
export function slabInit(a: usize, budget: i32): void {
  memory.fill(a, 0, SLAB_BYTES);
  store<u32>(a, <u32>budget);
}

/** Bytes in blocks currently handed out (headers and class rounding included). */
export function slabBytesLive(a: usize): u32 {
  return load<u32>(a, 20);
}

/** Segments the slab holds from the pool. */
export function slabSegments(a: usize): u32 {
  return load<u32>(a, 24);
}

/** Allocates `len` bytes; returns the payload address or 0 with the error recorded. */
export function slabAlloc(a: usize, len: u32): usize {
  const budget = <i32>load<u32>(a);
  if (len > MAX_BLOB_BYTES) {
    fail(E_BAD_ARGUMENT, 1, <i32>len);
    return 0;
  }
  if (len <= MAX_SMALL_PAYLOAD) {
    const c = classFor(len + SMALL_HEADER);
    const headAddr = a + 32 + (<usize>c << 2);
    let block = <usize>load<u32>(headAddr);
    const size = classSize(c);
    if (block != 0) {
      store<u32>(headAddr, load<u32>(block, 4));
    } else {
      let bump = <usize>load<u32>(a, 4);
      if (bump == 0 || bump + size > <usize>load<u32>(a, 8)) {
        const seg = segAlloc(budget, 1);
        if (seg == 0) return 0;
        store<u32>(seg, load<u32>(a, 12));
        store<u32>(a, <u32>seg, 12);
        store<u32>(a, load<u32>(a, 24) + 1, 24);
        bump = seg + 8;
        store<u32>(a, <u32>(seg + SEGMENT_SIZE), 8);
      }
      block = bump;
      store<u32>(a, <u32>(bump + size), 4);
    }
    store<u32>(block, c);
    store<u32>(a, load<u32>(a, 20) + size, 20);
    return block + SMALL_HEADER;
  }
  const total = <u64>len + <u64>LARGE_HEADER;
  const n = <i32>((total + <u64>SEGMENT_SIZE - 1) >> SEGMENT_SHIFT);
  const run = segAlloc(budget, n);
  if (run == 0) return 0;
  const head = load<u32>(a, 16);
  store<u32>(run, 0);
  store<u32>(run, head, 4);
  store<u32>(run, <u32>n, 8);
  store<u32>(run, LARGE_CLASS, 12);
  if (head != 0) store<u32>(<usize>head, <u32>run);
  store<u32>(a, <u32>run, 16);
  store<u32>(a, load<u32>(a, 24) + <u32>n, 24);
  store<u32>(a, load<u32>(a, 20) + (<u32>n << SEGMENT_SHIFT), 20);
  return run + LARGE_HEADER;
}

/** Frees a payload address from `slabAlloc`. Returns 0 or an error code for an address it did not hand out. */
export function slabFree(a: usize, p: usize): i32 {
  if (p < SMALL_HEADER) return fail(E_BAD_HANDLE, <i32>p, 0);
  const c = load<u32>(p - SMALL_HEADER);
  if (c < NUM_CLASSES) {
    const block = p - SMALL_HEADER;
    const headAddr = a + 32 + (<usize>c << 2);
    store<u32>(block, load<u32>(headAddr), 4);
    store<u32>(headAddr, <u32>block);
    store<u32>(a, load<u32>(a, 20) - classSize(c), 20);
    return 0;
  }
  if (c != LARGE_CLASS) return fail(E_BAD_HANDLE, <i32>p, <i32>c);
  const run = p - LARGE_HEADER;
  const prev = <usize>load<u32>(run);
  const next = <usize>load<u32>(run, 4);
  const n = load<u32>(run, 8);
  if (prev != 0) store<u32>(prev, <u32>next, 4);
  else store<u32>(a, <u32>next, 16);
  if (next != 0) store<u32>(next, <u32>prev);
  store<u32>(a, load<u32>(a, 24) - n, 24);
  store<u32>(a, load<u32>(a, 20) - (n << SEGMENT_SHIFT), 20);
  return segFree(<i32>load<u32>(a), run, <i32>n);
}

/** Returns every segment of the slab to the pool and resets it. */
export function slabDestroy(a: usize): void {
  const budget = <i32>load<u32>(a);
  let seg = <usize>load<u32>(a, 12);
  while (seg != 0) {
    const next = <usize>load<u32>(seg);
    segFree(budget, seg, 1);
    seg = next;
  }
  let run = <usize>load<u32>(a, 16);
  while (run != 0) {
    const next = <usize>load<u32>(run, 4);
    segFree(budget, run, <i32>load<u32>(run, 8));
    run = next;
  }
  slabInit(a, budget);
}
