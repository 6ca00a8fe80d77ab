// Nexmark generator configuration: the reference's NexmarkConfiguration options, their defaults and validation.

/**
 * Options of the Nexmark event generator, named and defaulted as the reference
 * (nexmark/nexmark `nexmark-flink` NexmarkConfiguration + GeneratorConfig; Apache Beam's
 * `sdks/java/testing/nexmark` has the same generator). Options of the reference that its
 * Flink generator never reads (rate shapes, `nextEventRate`, `probDelayedEvent`, ...) are left out.
 *
 * Event data is a pure function of the configuration and the event's position, so two runs with
 * equal configurations produce equal events (the reference's Flink source uses an unseeded
 * `java.util.Random` and wall-clock base time; Rivulet adds `seed` and a fixed `baseTime`, as Beam does).
 *
 * @example
 * ```ts
 * import { resolveNexmarkConfig } from "./config.js";
 * const config = resolveNexmarkConfig({ maxEvents: 1_000_000, firstEventRate: 10_000_000, seed: 7 });
 * config.bidProportion; // 46
 * ```
 */
export interface NexmarkConfig {
  /** Events to generate over all generators; 0 means unbounded (reference `numEvents`). */
  readonly maxEvents: number;
  /** Id of the first event; ids are unique over all generators and decide each event's kind and data. */
  readonly firstEventId: number;
  /**
   * Event number of each generator's first event (reference `firstEventNumber`): generators run on
   * parallel timelines, and the event number decides the event's timestamp.
   */
  readonly firstEventNumber: number;
  /** Seed mixed into every event's random stream (Rivulet addition; the reference seeds with the event id only). */
  readonly seed: number;
  /**
   * Number of parallel generator timelines (reference `numEventGenerators`; its Flink table source sets it
   * to the source parallelism). The event range is split into this many contiguous id ranges.
   */
  readonly numEventGenerators: number;
  /** Overall event rate in events per second; sets the event-time spacing (reference `firstEventRate`). */
  readonly firstEventRate: number;
  /** Emit events no faster than their event-time spacing (reference `isRateLimited`). */
  readonly rateLimited: boolean;
  /** Event time of the first event, epoch milliseconds. Default: Beam's BASE_TIME, 2015-07-15T00:00:00Z. */
  readonly baseTime: number;
  /** People per `personProportion + auctionProportion + bidProportion` events (reference default 1). */
  readonly personProportion: number;
  /** Auctions per proportion period (reference default 3). */
  readonly auctionProportion: number;
  /** Bids per proportion period (reference default 46). */
  readonly bidProportion: number;
  /** Average idealised size of a person event in bytes; pads `extra` (reference default 200). */
  readonly avgPersonByteSize: number;
  /** Average idealised size of an auction event in bytes (reference default 500). */
  readonly avgAuctionByteSize: number;
  /** Average idealised size of a bid event in bytes (reference default 100). */
  readonly avgBidByteSize: number;
  /** A bid goes to the current hot auction with probability `1 - 1/hotAuctionRatio` (reference default 2). */
  readonly hotAuctionRatio: number;
  /** An auction is sold by the current hot seller with probability `1 - 1/hotSellersRatio` (default 4). */
  readonly hotSellersRatio: number;
  /** A bid is placed by the current hot bidder with probability `1 - 1/hotBiddersRatio` (default 4). */
  readonly hotBiddersRatio: number;
  /** Average number of auctions in flight per generator; sets auction lengths (reference default 100). */
  readonly numInFlightAuctions: number;
  /** Number of most recent people eligible as random sellers and bidders (reference default 1000). */
  readonly numActivePeople: number;
  /** Events per out-of-order group; 1 means in order (reference `outOfOrderGroupSize`). */
  readonly outOfOrderGroupSize: number;
}

/** Beam's Nexmark BASE_TIME, `2015-07-15T00:00:00.000Z`, used as the default event-time origin. */
export const NEXMARK_BASE_TIME = Date.UTC(2015, 6, 15);

/**
 * Number of events an unbounded configuration (`maxEvents: 0`) can address. The reference scales
 * `Long.MAX_VALUE` down to avoid overflow; 2^48 keeps every id and timestamp an exact JS integer.
 */
export const UNBOUNDED_EVENTS = 2 ** 48;

/**
 * Defaults of the reference NexmarkConfiguration (`firstEventRate` 10 000/s, proportions 1/3/46,
 * sizes 200/500/100, hot ratios 2/4/4, 100 auctions in flight, 1000 active people, in order), with
 * `firstEventId = firstEventNumber = 0` as Beam's generator tests use.
 */
export const DEFAULT_NEXMARK_CONFIG: NexmarkConfig = Object.freeze({
  maxEvents: 0,
  firstEventId: 0,
  firstEventNumber: 0,
  seed: 0,
  numEventGenerators: 1,
  firstEventRate: 10_000,
  rateLimited: false,
  baseTime: NEXMARK_BASE_TIME,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  outOfOrderGroupSize: 1,
});

const INTEGER_MINIMUMS: ReadonlyArray<readonly [keyof NexmarkConfig, number]> = [
  ["maxEvents", 0],
  ["firstEventId", 0],
  ["firstEventNumber", 0],
  ["numEventGenerators", 1],
  ["personProportion", 1],
  ["auctionProportion", 1],
  ["bidProportion", 0],
  ["avgPersonByteSize", 0],
  ["avgAuctionByteSize", 0],
  ["avgBidByteSize", 0],
  ["hotAuctionRatio", 1],
  ["hotSellersRatio", 1],
  ["hotBiddersRatio", 1],
  ["numInFlightAuctions", 1],
  ["numActivePeople", 1],
  ["outOfOrderGroupSize", 1],
];

/**
 * Fills unset options with {@link DEFAULT_NEXMARK_CONFIG} and validates them; returns a frozen config.
 * Throws a `RangeError` naming the first invalid option.
 *
 * @example
 * ```ts
 * import { resolveNexmarkConfig } from "./config.js";
 * resolveNexmarkConfig({ numEventGenerators: 4 }).numEventGenerators; // 4
 * ```
 */
export function resolveNexmarkConfig(overrides: Partial<NexmarkConfig> = {}): NexmarkConfig {
  const config: NexmarkConfig = { ...DEFAULT_NEXMARK_CONFIG, ...stripUndefined(overrides) };
  for (const [name, min] of INTEGER_MINIMUMS) {
    const value = config[name] as number;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`nexmark: ${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  }
  if (config.maxEvents > UNBOUNDED_EVENTS) {
    throw new RangeError(`nexmark: maxEvents must be at most 2^48, got ${config.maxEvents}`);
  }
  if (!Number.isSafeInteger(config.seed)) {
    throw new RangeError(`nexmark: seed must be a safe integer, got ${String(config.seed)}`);
  }
  if (!Number.isSafeInteger(config.baseTime)) {
    throw new RangeError(`nexmark: baseTime must be epoch milliseconds, got ${String(config.baseTime)}`);
  }
  if (!(config.firstEventRate > 0) || !Number.isFinite(config.firstEventRate)) {
    throw new RangeError(`nexmark: firstEventRate must be a positive number, got ${String(config.firstEventRate)}`);
  }
  if (typeof config.rateLimited !== "boolean") {
    throw new RangeError("nexmark: rateLimited must be a boolean");
  }
  return Object.freeze(config);
}

function stripUndefined(overrides: Partial<NexmarkConfig>): Partial<NexmarkConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<NexmarkConfig>;
}
