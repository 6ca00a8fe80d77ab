// Nexmark slice reader: the events one source subtask owns, in event-time order, seekable and rate-aware.

import { resolveNexmarkConfig, type NexmarkConfig } from "./config.js";
import { NexmarkGenerator } from "./generator.js";
import type { Event } from "./model.js";
import { timestampForEventNumber, watermarkEventNumber } from "./timeline.js";

/**
 * The generator timelines source subtask `subtask` of `parallelism` owns: `subtask, subtask + p, ...`
 * below `numEventGenerators`. With `numEventGenerators === parallelism` (what the reference's Flink
 * source does) each subtask owns exactly its own generator, as `GeneratorConfig.split(p).get(i)`; with
 * `parallelism > numEventGenerators` the extra subtasks own nothing and end at once.
 *
 * @example
 * ```ts
 * import { generatorsOfSubtask } from "./reader.js";
 * generatorsOfSubtask(8, 1, 3); // [1, 4, 7]
 * ```
 */
export function generatorsOfSubtask(numEventGenerators: number, subtask: number, parallelism: number): number[] {
  if (!Number.isInteger(parallelism) || parallelism < 1 || !Number.isInteger(subtask) || subtask < 0 || subtask >= parallelism) {
    throw new RangeError(`nexmark: subtask ${subtask} of parallelism ${parallelism} is invalid`);
  }
  const owned: number[] = [];
  for (let g = subtask; g < numEventGenerators; g += parallelism) owned.push(g);
  return owned;
}

/**
 * Reads the events of the generator timelines one subtask owns ({@link generatorsOfSubtask}), interleaved
 * by event number: the `k`-th event of each owned generator, in generator order, then the `k+1`-th.
 * All generators share one timeline of timestamps, so the reader's output is in event-time order (up to
 * the configured out-of-order groups). Subtasks' slices are disjoint and together cover every event;
 * `new NexmarkEventReader(config)` (subtask 0 of 1) reads all events in time order.
 *
 * The read position is a single number (events read so far), which is all a checkpoint needs:
 * `seek(position)` restores it in O(1).
 *
 * @example
 * ```ts
 * import { NexmarkEventReader } from "./reader.js";
 * const reader = new NexmarkEventReader({ maxEvents: 1000, numEventGenerators: 2 }, 1, 2);
 * let bids = 0;
 * for (const e of reader) if (e.type === 2) bids++;
 * reader.size; // 500
 * ```
 */
export class NexmarkEventReader implements Iterable<Event> {
  // configuration
  readonly config: NexmarkConfig;
  readonly generator: NexmarkGenerator;
  /** Generator timelines this reader owns, ascending. */
  readonly generators: readonly number[];
  /** Number of events in this slice. */
  readonly size: number;
  /** Events per owned generator, except the last generator of the config, which may hold more. */
  private readonly perGenerator: number;
  /** Events read round-robin over all owned generators (`perGenerator * owned`). */
  private readonly roundRobinEvents: number;
  /** Whether this reader owns the last generator (the one holding the remainder). */
  private readonly ownsLast: boolean;

  // checkpointed
  private pos = 0;

  constructor(config: NexmarkConfig | Partial<NexmarkConfig> | NexmarkGenerator = {}, subtask = 0, parallelism = 1) {
    this.generator = config instanceof NexmarkGenerator ? config : new NexmarkGenerator(resolveNexmarkConfig(config));
    this.config = this.generator.config;
    const numGenerators = this.config.numEventGenerators;
    this.generators = generatorsOfSubtask(numGenerators, subtask, parallelism);
    this.perGenerator = Math.floor(this.generator.totalEvents / numGenerators);
    this.ownsLast = this.generators.includes(numGenerators - 1);
    this.roundRobinEvents = this.perGenerator * this.generators.length;
    this.size = this.roundRobinEvents + (this.ownsLast ? this.generator.generatorSize(numGenerators - 1) - this.perGenerator : 0);
  }

  /** Events read so far; the value to checkpoint. */
  get position(): number {
    return this.pos;
  }

  /** Moves to `position` (events already read), e.g. when restoring a checkpoint. */
  seek(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.size) {
      throw new RangeError(`nexmark: position ${position} outside [0, ${this.size}]`);
    }
    this.pos = position;
  }

  /** Whether events remain. */
  hasNext(): boolean {
    return this.pos < this.size;
  }

  /** Reads the next event; throws a `RangeError` when the slice is exhausted. */
  next(): Event {
    const pos = this.pos;
    if (pos >= this.size) throw new RangeError("nexmark: reader exhausted");
    this.pos = pos + 1;
    if (pos < this.roundRobinEvents) {
      const owned = this.generators.length;
      const k = Math.floor(pos / owned);
      return this.generator.eventAt(this.generators[pos - k * owned]!, k);
    }
    return this.generator.eventAt(this.config.numEventGenerators - 1, this.perGenerator + (pos - this.roundRobinEvents));
  }

  /** The generator-local event count `k` of the event at slice position `pos`. */
  private kAt(pos: number): number {
    if (pos < this.roundRobinEvents) return Math.floor(pos / this.generators.length);
    return this.perGenerator + (pos - this.roundRobinEvents);
  }

  /**
   * A lower bound of the timestamps of the next event and all after it (reference NextEvent.watermark:
   * the timestamp of the start of the next event's out-of-order group); `Infinity` when exhausted.
   */
  watermark(): number {
    if (this.pos >= this.size) return Infinity;
    const n = this.config.firstEventNumber + this.kAt(this.pos);
    return timestampForEventNumber(this.config, watermarkEventNumber(this.config, n));
  }

  /**
   * Milliseconds after the slice started at which the event at `pos` is due when rate limited: its
   * unshuffled event time relative to the first event's (reference: `wallclockBase + eventTimestamp - baseTime`).
   */
  dueOffsetMs(pos = this.pos): number {
    const first = this.config.firstEventNumber;
    return timestampForEventNumber(this.config, first + this.kAt(pos)) - timestampForEventNumber(this.config, first);
  }

  /**
   * Number of slice events (from the start of the slice) due within `elapsedMs` of its start; a rate-limited
   * source emits while `position < eventsDueBy(now - start)` and otherwise waits until
   * `dueOffsetMs()`. Without `rateLimited` every event is due at once.
   */
  eventsDueBy(elapsedMs: number): number {
    if (!this.config.rateLimited) return this.size;
    // Largest position whose due offset <= elapsedMs; due offsets never decrease with position.
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.dueOffsetMs(mid) <= elapsedMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  [Symbol.iterator](): Iterator<Event> {
    return {
      next: (): IteratorResult<Event> =>
        this.pos < this.size ? { done: false, value: this.next() } : { done: true, value: undefined },
    };
  }
}
