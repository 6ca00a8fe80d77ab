// Key groups: how keys map to the unit of state ownership and to parallel subtasks, exactly as Flink's
// KeyGroupRangeAssignment and MathUtils.murmurHash do.
import { javaHashCode } from "./java-hash.js";

/** Flink's upper bound for max parallelism (`1 << 15`). */
export const UPPER_BOUND_MAX_PARALLELISM = 32768;
/** Flink's lower bound for the default max parallelism. */
export const DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 128;

/** Flink's `MathUtils.murmurHash(int)`: one murmur3 round plus fmix, folded to a non-negative int. */
export function murmurHash(code: number): number {
  let h = Math.imul(code | 0, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= 4;
  // bitMix (fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  if (h >= 0) return h;
  if (h !== -2147483648) return -h;
  return 0;
}

/** `keyGroup = murmurHash(hashCode(key)) % maxParallelism` (KeyGroupRangeAssignment.assignToKeyGroup). */
export function assignToKeyGroup(key: unknown, maxParallelism: number): number {
  return computeKeyGroupForKeyHash(javaHashCode(key), maxParallelism);
}

/** Key group of an already computed Java hash code. */
export function computeKeyGroupForKeyHash(keyHash: number, maxParallelism: number): number {
  return murmurHash(keyHash) % maxParallelism;
}

/** `operatorIndex = keyGroup * parallelism / maxParallelism` (computeOperatorIndexForKeyGroup). */
export function computeOperatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/** The subtask a key is routed to: key group first, then operator index. */
export function assignKeyToParallelOperator(key: unknown, maxParallelism: number, parallelism: number): number {
  return computeOperatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
}

/** An inclusive range of key groups `[startKeyGroup, endKeyGroup]`, empty when end < start. */
export class KeyGroupRange {
  static readonly EMPTY = new KeyGroupRange(0, -1);
  constructor(
    readonly startKeyGroup: number,
    readonly endKeyGroup: number,
  ) {}
  get numberOfKeyGroups(): number {
    return Math.max(0, this.endKeyGroup - this.startKeyGroup + 1);
  }
  contains(keyGroup: number): boolean {
    return keyGroup >= this.startKeyGroup && keyGroup <= this.endKeyGroup;
  }
  toString(): string {
    return `KeyGroupRange{start=${this.startKeyGroup}, end=${this.endKeyGroup}}`;
  }
}

/**
 * Key groups owned by subtask `operatorIndex`:
 * `[(i * maxP + p - 1) / p, ((i + 1) * maxP - 1) / p]` (computeKeyGroupRangeForOperatorIndex).
 */
export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): KeyGroupRange {
  checkParallelism(parallelism, maxParallelism);
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism);
  return new KeyGroupRange(start, end);
}

/** Flink's default: `min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768)`. */
export function computeDefaultMaxParallelism(operatorParallelism: number): number {
  const p = operatorParallelism + Math.floor(operatorParallelism / 2);
  return Math.min(Math.max(roundUpToPowerOfTwo(p), DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
}

export function roundUpToPowerOfTwo(x: number): number {
  if (x <= 1) return 1;
  return 2 ** Math.ceil(Math.log2(x));
}

/** Validates a (parallelism, maxParallelism) pair the way Flink does before assigning key groups. */
export function checkParallelism(parallelism: number, maxParallelism: number): void {
  if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
    throw new RangeError(`maxParallelism must be an integer in [1, ${UPPER_BOUND_MAX_PARALLELISM}], got ${maxParallelism}`);
  }
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > maxParallelism) {
    throw new RangeError(`parallelism must be an integer in [1, maxParallelism=${maxParallelism}], got ${parallelism}`);
  }
}
