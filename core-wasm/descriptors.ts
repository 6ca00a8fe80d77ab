// Descriptors of core objects (tables, timer heaps, window kernels): small blocks from one unbudgeted slab,
// handed to the host as handles (their addresses) and checked by a magic word on every call.
//
// Memory layout: META_SLAB (SLAB_BYTES of static data) is the slab instance; each descriptor starts with a
// u32 magic identifying its kind, cleared when the descriptor is freed.

import { SLAB_BYTES, slabAlloc, slabFree, slabInit } from "./slab";
import { POOL_BASE } from "./memory";

const META_SLAB: usize = memory.data(<i32>SLAB_BYTES, 8);
slabInit(META_SLAB, 0);

/** Magic of a state table descriptor ("RVTB"). */
export const TABLE_MAGIC: u32 = 0x42545652;
/** Magic of a timer heap descriptor ("RVTH"). */
export const TIMERS_MAGIC: u32 = 0x48545652;
/** Magic of a window kernel descriptor ("RVWK"). */
export const WINDOW_MAGIC: u32 = 0x4b575652;

/** Allocates a zeroed descriptor of `bytes` bytes; 0 on failure (error recorded). */
export function descAlloc(bytes: u32, magic: u32): usize {
  const d = slabAlloc(META_SLAB, bytes);
  if (d == 0) return 0;
  memory.fill(d, 0, bytes);
  store<u32>(d, magic);
  return d;
}

/** Frees a descriptor and clears its magic so a stale handle is rejected. */
export function descFree(d: usize): void {
  store<u32>(d, 0);
  slabFree(META_SLAB, d);
}

/** True when `d` is a live descriptor with magic `magic`. */
export function descValid(d: usize, magic: u32): bool {
  if (d < POOL_BASE || (d & 3) != 0) return false;
  const end = <usize>memory.size() << 16;
  if (d + 8 > end) return false;
  return load<u32>(d) == magic;
}
