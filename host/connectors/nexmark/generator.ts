// Nexmark event generator: each event is a pure function of the configuration and its position.

import { nextAuction } from "./auction.js";
import { nextBid } from "./bid.js";
import { ChannelTable } from "./channels.js";
import { resolveNexmarkConfig, type NexmarkConfig } from "./config.js";
import type { Event } from "./model.js";
import { nextPerson } from "./person.js";
import { SeededRandom } from "./random.js";
import { LetterPool } from "./strings.js";
import {
  adjustedEventNumber,
  generatorFirstIndex,
  generatorOfIndex,
  generatorSize,
  timestampForEventNumber,
  totalEvents,
} from "./timeline.js";

/**
 * Generates Nexmark events as the reference's NexmarkGenerator, but addressable: the `k`-th event of
 * generator timeline `g` (reference: a generator from `GeneratorConfig.split(numEventGenerators)[g]`
 * after emitting `k` events) has
 * - event number `n = firstEventNumber + k`, adjusted `n' = adjustedEventNumber(n)` (out-of-order groups),
 * - id `firstEventId + g * floor(maxEvents / numEventGenerators) + n'`,
 * - kind by `id % (person + auction + bid proportions)`: person below `personProportion`, then auction, else bid,
 * - timestamp `timestampForEventNumber(n')`,
 * - fields drawn from a PRNG stream seeded by `(seed, id)`.
 * Global event index `i` in `[0, totalEvents)` is the contiguous numbering of all generators' events
 * (generator `g` holds `g*per .. g*per + size(g) - 1`), so `event(i)` is well defined for any subset.
 *
 * Holds the per-seed tables (channel URLs, padding pool) and one reusable PRNG, so generating an event
 * allocates only the event, its record and its strings. Not reentrant: use one instance per source
 * subtask (or worker).
 *
 * @example
 * ```ts
 * import { NexmarkGenerator } from "./generator.js";
 * const gen = new NexmarkGenerator({ maxEvents: 100, seed: 1 });
 * const first = gen.event(0); // a person: id % 50 === 0
 * first.type; // 0
 * ```
 */
export class NexmarkGenerator {
  // configuration
  readonly config: NexmarkConfig;
  /** Events over all generators (`maxEvents`, or 2^48 when unbounded). */
  readonly totalEvents: number;
  private readonly totalProportion: number;
  private readonly auctionLimit: number;

  // transient, per seed
  private readonly random = new SeededRandom();
  private readonly pool: LetterPool;
  private readonly channels: ChannelTable;

  constructor(config: NexmarkConfig | Partial<NexmarkConfig> = {}) {
    this.config = resolveNexmarkConfig(config);
    this.totalEvents = totalEvents(this.config);
    this.totalProportion = this.config.personProportion + this.config.auctionProportion + this.config.bidProportion;
    this.auctionLimit = this.config.personProportion + this.config.auctionProportion;
    this.pool = new LetterPool(this.config.seed);
    this.channels = new ChannelTable(this.config.seed);
  }

  /** Number of events on generator timeline `g`. */
  generatorSize(g: number): number {
    return generatorSize(this.config, g);
  }

  /** Event id of the `k`-th event of generator `g`. */
  eventIdAt(g: number, k: number): number {
    return this.config.firstEventId + generatorFirstIndex(this.config, g) + adjustedEventNumber(this.config, this.config.firstEventNumber + k);
  }

  /** Event-time timestamp of the `k`-th event of generator `g` (the same on every generator). */
  timestampAt(k: number): number {
    return timestampForEventNumber(this.config, adjustedEventNumber(this.config, this.config.firstEventNumber + k));
  }

  /** The `k`-th event of generator timeline `g`; `0 <= k < generatorSize(g)`. */
  eventAt(g: number, k: number): Event {
    const config = this.config;
    const eventNumber = adjustedEventNumber(config, config.firstEventNumber + k);
    const id = config.firstEventId + generatorFirstIndex(config, g) + eventNumber;
    const timestamp = timestampForEventNumber(config, eventNumber);
    const random = this.random.reset(config.seed, id);
    const rem = id % this.totalProportion;
    if (rem < config.personProportion) {
      return { type: 0, person: nextPerson(config, random, this.pool, id, timestamp), auction: undefined, bid: undefined };
    }
    if (rem < this.auctionLimit) {
      return {
        type: 1,
        person: undefined,
        auction: nextAuction(config, random, this.pool, id, eventNumber, timestamp),
        bid: undefined,
      };
    }
    return {
      type: 2,
      person: undefined,
      auction: undefined,
      bid: nextBid(config, random, this.pool, this.channels, id, timestamp),
    };
  }

  /** The event at global index `index` in `[0, totalEvents)`. */
  event(index: number): Event {
    if (!(index >= 0 && index < this.totalEvents && Number.isInteger(index))) {
      throw new RangeError(`nexmark: event index ${index} outside [0, ${this.totalEvents})`);
    }
    const g = generatorOfIndex(this.config, index);
    return this.eventAt(g, index - generatorFirstIndex(this.config, g));
  }
}

const generators = new WeakMap<NexmarkConfig, NexmarkGenerator>();

/**
 * The event at global index `index` of a resolved configuration (see {@link NexmarkGenerator} for the
 * mapping to the reference's ids, kinds and timestamps). Caches one generator per config object.
 *
 * @example
 * ```ts
 * import { generateEvent } from "./generator.js";
 * import { resolveNexmarkConfig } from "./config.js";
 * const config = resolveNexmarkConfig({ maxEvents: 1000, seed: 3 });
 * const e = generateEvent(config, 4); // index 4: a bid (ids 4..49 of each 50 are bids)
 * e.type; // 2
 * ```
 */
export function generateEvent(config: NexmarkConfig, index: number): Event {
  let generator = generators.get(config);
  if (generator === undefined) {
    generator = new NexmarkGenerator(config);
    generators.set(config, generator);
  }
  return generator.event(index);
}
