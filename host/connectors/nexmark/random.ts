// Small seeded PRNG for the Nexmark generator: one independent stream per (seed, event id), reseeded in place.

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;
const INV_TWO_POW_53 = 1 / 9007199254740992;
const GOLDEN_GAMMA = 0x9e3779b9 | 0;

/** MurmurHash3's 32-bit finaliser (fmix32): a bijective avalanche mix of a 32-bit integer. */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 32-bit SplitMix-style generator: a Weyl sequence (step = golden ratio) passed through MurmurHash3's
 * fmix32. The reference generator seeds a `java.util.Random` with each event's id (Beam: `new Random(eventId)`);
 * this generator is not bit-compatible with it but plays the same role: {@link SeededRandom.reset} gives
 * each (seed, event id) its own stream, so every event is a pure function of its id, whatever the order
 * or subset generated. Distributions built on it (`nextInt`, `nextDouble`) are uniform up to a bias of at
 * most `bound / 2^32`, which is irrelevant for the bounds the generator uses (at most a few million).
 *
 * One instance is reused for all events of a generator, so generating an event allocates no PRNG state.
 *
 * @example
 * ```ts
 * import { SeededRandom } from "./random.js";
 * const r = new SeededRandom().reset(42, 1234);
 * const die = 1 + r.nextInt(6);
 * ```
 */
export class SeededRandom {
  private state = 0;
  /** Last seed passed to `reset` and its mix, cached: generators reseed per event with one seed. */
  private seed = NaN;
  private seedMix = 0;

  /** Restarts the stream for `(seed, stream)`; both are safe integers (negative allowed). Returns `this`. */
  reset(seed: number, stream: number): this {
    if (seed !== this.seed) {
      this.seed = seed;
      const seedLo = seed >>> 0;
      const seedHi = Math.floor(seed * INV_TWO_POW_32) >>> 0;
      this.seedMix = fmix32(fmix32(seedHi ^ 0x27d4eb2f) ^ seedLo);
    }
    const streamLo = stream >>> 0;
    const streamHi = Math.floor(stream * INV_TWO_POW_32) >>> 0;
    this.state = fmix32(fmix32((this.seedMix + GOLDEN_GAMMA) ^ streamHi) ^ streamLo) | 0;
    return this;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + GOLDEN_GAMMA) | 0;
    return fmix32(this.state);
  }

  /** Uniform integer in `[0, bound)`; `bound` an integer in `[1, 2^32]` (Java `Random.nextInt(bound)`'s role). */
  nextInt(bound: number): number {
    return Math.floor(this.nextUint32() * INV_TWO_POW_32 * bound);
  }

  /**
   * Uniform integer in `[0, bound)` for bounds up to 2^53 (the reference `LongGenerator.nextLong`, without its
   * skew for bounds past `Integer.MAX_VALUE`).
   */
  nextLong(bound: number): number {
    if (bound <= TWO_POW_32) return this.nextInt(bound);
    return Math.floor(this.nextDouble() * bound);
  }

  /** Uniform double in `[0, 1)` with 32 random bits (one draw). */
  nextUnit32(): number {
    return this.nextUint32() * INV_TWO_POW_32;
  }

  /** Uniform double in `[0, 1)` with 53 random bits (Java `Random.nextDouble`'s role). */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) * INV_TWO_POW_53;
  }
}
