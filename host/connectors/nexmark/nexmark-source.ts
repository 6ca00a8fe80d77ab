// Nexmark source: the generator as a parallel, replayable connector source (the reference's NexmarkSourceFunction).

import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from "../../api/source.js";
import { resolveNexmarkConfig, type NexmarkConfig } from "./config.js";
import { NexmarkGenerator } from "./generator.js";
import { eventTimestamp, type Event } from "./model.js";
import { NexmarkEventReader } from "./reader.js";

/**
 * One source split: the slice `index` of `count` of a configuration with `numEventGenerators` timelines,
 * read up to `position` (events emitted so far). The whole state of a split is these four numbers, so a
 * split restored at any parallelism reads exactly the events it has not emitted yet.
 */
export interface NexmarkSplit {
  /** Which slice: subtask `index` of the parallelism the job started with. */
  readonly index: number;
  /** Number of slices (the parallelism the job started with). */
  readonly count: number;
  /** Generator timelines of the configuration the slices were cut from. */
  readonly numEventGenerators: number;
  /** Events of the slice already emitted. */
  readonly position: number;
}

/** Options of {@link NexmarkSource}: the generator configuration, every field optional. */
export type NexmarkSourceOptions = Partial<NexmarkConfig>;

/** Events a reader emits per `pollNext` before it lets the task look at its mailbox. */
const POLL_BATCH = 128;

/**
 * The Nexmark event generator as a `Source` for `env.fromSource` (the reference's Flink
 * `NexmarkSourceFunction` / Beam's `UnboundedEventSource`):
 *
 * - Parallel: at parallelism `p` there is one split per subtask, and unless `numEventGenerators` is given it
 *   is set to `p`, as the reference's table source does, so subtask `i` generates timeline `i` (event ids
 *   `i * floor(maxEvents / p) ...`); see `NexmarkEventReader`. Each subtask emits its events in time order.
 * - Replayable: a split's state is its position; a restored reader `seek`s there (O(1)).
 * - Event time: each record carries its event's `dateTime` as timestamp, so a
 *   `WatermarkStrategy.forBoundedOutOfOrderness(4000)` needs no timestamp assigner.
 * - Rate limited when `rateLimited` is set: an event is emitted no earlier than its event-time offset from the
 *   first event after the reader started (reference `isRateLimited`); in between `pollNext` returns
 *   NOTHING_AVAILABLE and `isAvailable()` resolves when the next event is due.
 * - Bounded when `maxEvents > 0` (the job ends when every split is read), unbounded when it is 0 or unset.
 *
 * Runs everywhere (no Node APIs).
 *
 * @example
 * ```ts
 * import { StreamExecutionEnvironment, WatermarkStrategy } from "../../index.js";
 * import { NexmarkSource, type Event } from "./index.js";
 * const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
 * const bids = env
 *   .fromSource(new NexmarkSource({ maxEvents: 100_000, seed: 1 }), WatermarkStrategy.forBoundedOutOfOrderness<Event>(4000), "Nexmark")
 *   .filter((e) => e.type === 2);
 * ```
 */
export class NexmarkSource implements Source<Event, NexmarkSplit> {
  readonly boundedness: Boundedness;
  /** The options as given (`numEventGenerators` is filled in per job, from the parallelism). */
  readonly options: NexmarkSourceOptions;

  constructor(options: NexmarkSourceOptions = {}) {
    // Validate now, so a bad option fails when the job is built rather than when it runs.
    const config = resolveNexmarkConfig(options);
    this.options = Object.freeze({ ...options });
    this.boundedness = config.maxEvents > 0 ? "BOUNDED" : "CONTINUOUS_UNBOUNDED";
  }

  /** The configuration a job at `parallelism` generates: `numEventGenerators` defaults to the parallelism. */
  configFor(parallelism: number): NexmarkConfig {
    return resolveNexmarkConfig({ ...this.options, numEventGenerators: this.options.numEventGenerators ?? parallelism });
  }

  createSplits(parallelism: number): NexmarkSplit[] {
    const numEventGenerators = this.configFor(parallelism).numEventGenerators;
    return Array.from({ length: parallelism }, (_, index) => ({ index, count: parallelism, numEventGenerators, position: 0 }));
  }

  createReader(context: SourceReaderContext): SourceReader<Event, NexmarkSplit> {
    return new NexmarkSourceReader(this.options, context);
  }
}

/** A split being read. */
interface OpenSplit {
  readonly split: NexmarkSplit;
  readonly reader: NexmarkEventReader;
}

/** Reads the splits of one subtask; with several splits (after a restore at lower parallelism) in time order. */
class NexmarkSourceReader implements SourceReader<Event, NexmarkSplit> {
  // configuration
  private readonly rateLimited: boolean;
  // transient
  /** One generator per `numEventGenerators` (splits of one job share it; generation is sequential). */
  private readonly generators = new Map<number, NexmarkGenerator>();
  private readonly splits: OpenSplit[] = [];
  /** Processing time at which the events at offset 0 were due; NaN until the first poll. */
  private startMs = NaN;
  /** Processing time the reader waits for, when the next event is not due yet. */
  private waitUntil = NaN;

  constructor(
    private readonly options: NexmarkSourceOptions,
    private readonly context: SourceReaderContext,
  ) {
    this.rateLimited = options.rateLimited === true;
  }

  addSplits(splits: NexmarkSplit[]): void {
    for (const split of splits) {
      let generator = this.generators.get(split.numEventGenerators);
      if (generator === undefined) {
        generator = new NexmarkGenerator({ ...this.options, numEventGenerators: split.numEventGenerators });
        this.generators.set(split.numEventGenerators, generator);
      }
      const reader = new NexmarkEventReader(generator, split.index, split.count);
      reader.seek(split.position);
      this.splits.push({ split, reader });
    }
  }

  pollNext(output: ReaderOutput<Event>): InputStatus {
    const splits = this.splits;
    for (let i = splits.length - 1; i >= 0; i--) if (!splits[i]!.reader.hasNext()) splits.splice(i, 1);
    if (splits.length === 0) return "END_OF_INPUT";
    let limit = POLL_BATCH;
    if (this.rateLimited) {
      limit = this.dueNow();
      if (limit === 0) return "NOTHING_AVAILABLE";
    }
    if (splits.length === 1) {
      const reader = splits[0]!.reader;
      for (let n = 0; n < limit && reader.hasNext(); n++) {
        const event = reader.next();
        output.collect(event, eventTimestamp(event));
      }
    } else {
      // Several slices of one timeline: emit the earliest due event first, so the output stays in time order.
      for (let n = 0; n < limit; n++) {
        const reader = this.earliest();
        if (reader === undefined) break;
        const event = reader.next();
        output.collect(event, eventTimestamp(event));
      }
    }
    return "MORE_AVAILABLE";
  }

  /** The reader whose next event is due first, or undefined when all are exhausted. */
  private earliest(): NexmarkEventReader | undefined {
    let best: NexmarkEventReader | undefined;
    let bestDue = Infinity;
    for (const { reader } of this.splits) {
      if (!reader.hasNext()) continue;
      const due = reader.dueOffsetMs();
      if (due < bestDue) {
        best = reader;
        bestDue = due;
      }
    }
    return best;
  }

  /**
   * Rate limiting: how many events (at most a batch) are due now; when none is, remembers when the next one is.
   * The schedule starts at the first poll, at the restored position's offset, so a restored source keeps its rate.
   */
  private dueNow(): number {
    const now = this.context.currentProcessingTime();
    const next = this.earliest()!;
    if (Number.isNaN(this.startMs)) this.startMs = now - next.dueOffsetMs();
    const elapsed = now - this.startMs;
    if (next.dueOffsetMs() > elapsed) {
      this.waitUntil = this.startMs + next.dueOffsetMs();
      return 0;
    }
    this.waitUntil = NaN;
    if (this.splits.length > 1) {
      let due = 0;
      for (const { reader } of this.splits) due += Math.max(0, reader.eventsDueBy(elapsed) - reader.position);
      return Math.min(POLL_BATCH, due);
    }
    return Math.min(POLL_BATCH, next.eventsDueBy(elapsed) - next.position);
  }

  isAvailable(): Promise<void> {
    if (Number.isNaN(this.waitUntil)) return Promise.resolve();
    const delay = Math.max(0, this.waitUntil - this.context.currentProcessingTime());
    return new Promise((resolve) => setTimeout(resolve, delay));
  }

  snapshotState(): NexmarkSplit[] {
    return this.splits.map(({ split, reader }) => ({ ...split, position: reader.position }));
  }
}
