// Nexmark timelines: how event numbers map to timestamps, out-of-order groups and per-generator id ranges.

import { UNBOUNDED_EVENTS, type NexmarkConfig } from "./config.js";

/**
 * Event-time spacing of one generator's consecutive events in microseconds: the overall rate shared by
 * `numEventGenerators` parallel timelines (reference GeneratorConfig: `1000000.0 / firstEventRate * numEventGenerators`).
 *
 * @example
 * ```ts
 * import { interEventDelayUs } from "./timeline.js";
 * import { resolveNexmarkConfig } from "./config.js";
 * interEventDelayUs(resolveNexmarkConfig({ firstEventRate: 1000, numEventGenerators: 2 })); // 2000
 * ```
 */
export function interEventDelayUs(config: Pick<NexmarkConfig, "firstEventRate" | "numEventGenerators">): number {
  return (1000000.0 / config.firstEventRate) * config.numEventGenerators;
}

/**
 * Timestamp of event number `n` on any generator's timeline: `baseTime + trunc(n * delayUs) / 1000`
 * with integer division, as the reference's `GeneratorConfig.timestampForEvent`.
 */
export function timestampForEventNumber(
  config: Pick<NexmarkConfig, "firstEventRate" | "numEventGenerators" | "baseTime">,
  n: number,
): number {
  return config.baseTime + Math.floor(Math.floor(n * interEventDelayUs(config)) / 1000);
}

/**
 * Event number `n` after the out-of-order shuffle: within each group of `outOfOrderGroupSize` numbers the
 * order is permuted by `base + (n * 953) % size` (reference `nextAdjustedEventNumber`). The identity for
 * group size 1. Only a permutation when the size is not a multiple of 953, as in the reference.
 */
export function adjustedEventNumber(config: Pick<NexmarkConfig, "outOfOrderGroupSize">, n: number): number {
  const size = config.outOfOrderGroupSize;
  if (size === 1) return n;
  const base = Math.floor(n / size) * size;
  return base + (((n % size) * (953 % size)) % size);
}

/**
 * The event number whose timestamp bounds from below this and every later event of a generator at
 * number `n` (reference `nextEventNumberForWatermark`: the start of `n`'s out-of-order group).
 */
export function watermarkEventNumber(config: Pick<NexmarkConfig, "outOfOrderGroupSize">, n: number): number {
  const size = config.outOfOrderGroupSize;
  return Math.floor(n / size) * size;
}

/** Number of events the configuration describes: `maxEvents`, or {@link UNBOUNDED_EVENTS} when 0. */
export function totalEvents(config: Pick<NexmarkConfig, "maxEvents">): number {
  return config.maxEvents === 0 ? UNBOUNDED_EVENTS : config.maxEvents;
}

/**
 * Events per generator: `floor(total / numEventGenerators)`, the last generator also taking the
 * remainder, and generator `g` owning event indexes (and ids, offset by `firstEventId`) starting at
 * `g * floor(total / numEventGenerators)` (reference `GeneratorConfig.split`).
 *
 * @example
 * ```ts
 * import { generatorSize } from "./timeline.js";
 * import { resolveNexmarkConfig } from "./config.js";
 * const c = resolveNexmarkConfig({ maxEvents: 10, numEventGenerators: 3 });
 * [0, 1, 2].map((g) => generatorSize(c, g)); // [3, 3, 4]
 * ```
 */
export function generatorSize(config: Pick<NexmarkConfig, "maxEvents" | "numEventGenerators">, generator: number): number {
  const total = totalEvents(config);
  const per = Math.floor(total / config.numEventGenerators);
  return generator === config.numEventGenerators - 1 ? total - per * (config.numEventGenerators - 1) : per;
}

/** Global index of generator `g`'s first event: `g * floor(total / numEventGenerators)`. */
export function generatorFirstIndex(config: Pick<NexmarkConfig, "maxEvents" | "numEventGenerators">, generator: number): number {
  return generator * Math.floor(totalEvents(config) / config.numEventGenerators);
}

/** The generator whose contiguous index range holds global event index `index`. */
export function generatorOfIndex(config: Pick<NexmarkConfig, "maxEvents" | "numEventGenerators">, index: number): number {
  const per = Math.floor(totalEvents(config) / config.numEventGenerators);
  if (per === 0) return config.numEventGenerators - 1;
  return Math.min(Math.floor(index / per), config.numEventGenerators - 1);
}
