// Watermark strategies: how a stream gets event timestamps and watermarks (Flink's WatermarkStrategy,
// WatermarkGenerator and TimestampAssigner).

/** Where a watermark generator emits (Flink's WatermarkOutput). */
export interface WatermarkOutput {
  emitWatermark(timestamp: number): void;
  /** No more events for now: downstream stops waiting for this stream's watermark. */
  markIdle(): void;
}

/** Flink's WatermarkGenerator: sees every event and is asked periodically for a watermark. */
export interface WatermarkGenerator<T> {
  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void;
  onPeriodicEmit(output: WatermarkOutput): void;
}

export interface WatermarkGeneratorContext {
  /** Processing time now (used by idleness detection). */
  currentProcessingTime(): number;
}

/** Extracts the event timestamp of a record; `recordTimestamp` is the one it carries, or -Infinity. */
export type TimestampAssigner<T> = (element: T, recordTimestamp: number) => number;

/**
 * Flink's `BoundedOutOfOrdernessWatermarks`: the watermark trails the largest timestamp seen by the bound:
 * `maxTimestamp - outOfOrderness - 1`, emitted periodically.
 */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private maxTimestamp = Number.NEGATIVE_INFINITY;
  constructor(private readonly outOfOrdernessMs: number) {
    if (!(outOfOrdernessMs >= 0)) throw new RangeError("maxOutOfOrderness must be >= 0");
  }
  onEvent(_event: T, eventTimestamp: number): void {
    if (eventTimestamp > this.maxTimestamp) this.maxTimestamp = eventTimestamp;
  }
  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.outOfOrdernessMs - 1);
  }
}

/**
 * Flink's `WatermarksWithIdleness`: marks the stream idle when no event arrived for `idleTimeoutMs` of
 * processing time, and active again with the next event.
 */
export class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  private lastActivity: number;
  private counter = 0;
  private lastCounter = 0;
  private idle = false;
  constructor(
    private readonly inner: WatermarkGenerator<T>,
    private readonly idleTimeoutMs: number,
    private readonly ctx: WatermarkGeneratorContext,
  ) {
    if (!(idleTimeoutMs > 0)) throw new RangeError("idleness timeout must be > 0");
    this.lastActivity = ctx.currentProcessingTime();
  }
  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void {
    this.counter++;
    this.idle = false;
    this.inner.onEvent(event, eventTimestamp, output);
  }
  onPeriodicEmit(output: WatermarkOutput): void {
    const now = this.ctx.currentProcessingTime();
    if (this.counter !== this.lastCounter) {
      this.lastCounter = this.counter;
      this.lastActivity = now;
    }
    if (now - this.lastActivity >= this.idleTimeoutMs) {
      if (!this.idle) {
        this.idle = true;
        output.markIdle();
      }
    } else {
      this.inner.onPeriodicEmit(output);
    }
  }
}

const NO_WATERMARKS: WatermarkGenerator<unknown> = { onEvent() {}, onPeriodicEmit() {} };

/**
 * How to assign timestamps and generate watermarks (Flink's WatermarkStrategy). Immutable: `with...` methods
 * return a new strategy.
 *
 * @example
 * WatermarkStrategy.forBoundedOutOfOrderness<Bid>(5_000).withTimestampAssigner((bid) => bid.dateTime);
 */
export class WatermarkStrategy<T> {
  declare readonly __watermarkStrategy?: T;
  private constructor(
    private readonly generatorFactory: (ctx: WatermarkGeneratorContext) => WatermarkGenerator<T>,
    private readonly assigner: TimestampAssigner<T> | null,
    private readonly idleTimeoutMs: number,
  ) {}

  /** Timestamps never decrease: watermark = max timestamp - 1 (Flink's forMonotonousTimestamps). */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new BoundedOutOfOrdernessWatermarks<T>(0), null, 0);
  }
  /** Events are at most `maxOutOfOrdernessMs` late: watermark = max timestamp - bound - 1. */
  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMs), null, 0);
  }
  /** No watermarks (processing-time jobs; event time then only ends with the input). */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => NO_WATERMARKS as WatermarkGenerator<T>, null, 0);
  }
  /** A custom generator: `onEvent` per record, `onPeriodicEmit` every auto-watermark interval. */
  static forGenerator<T>(factory: (ctx: WatermarkGeneratorContext) => WatermarkGenerator<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(factory, null, 0);
  }
  /** Uses `assigner` for event timestamps (else records keep the timestamp they carry). */
  withTimestampAssigner(assigner: TimestampAssigner<T> | { extractTimestamp: TimestampAssigner<T> }): WatermarkStrategy<T> {
    const fn = typeof assigner === "function" ? assigner : assigner.extractTimestamp.bind(assigner);
    return new WatermarkStrategy<T>(this.generatorFactory, fn, this.idleTimeoutMs);
  }
  /** Marks the stream idle after `idleTimeoutMs` of processing time without events. */
  withIdleness(idleTimeoutMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.generatorFactory, this.assigner, idleTimeoutMs);
  }

  createWatermarkGenerator(ctx: WatermarkGeneratorContext): WatermarkGenerator<T> {
    const g = this.generatorFactory(ctx);
    return this.idleTimeoutMs > 0 ? new WatermarksWithIdleness(g, this.idleTimeoutMs, ctx) : g;
  }
  /** The assigner; without one, records keep their timestamp (Flink's RecordTimestampAssigner). */
  createTimestampAssigner(): TimestampAssigner<T> {
    return this.assigner ?? ((_e, recordTimestamp) => recordTimestamp);
  }
}
