// Assigns timestamps and generates watermarks inside a stream (Flink's TimestampsAndWatermarksOperator).
import type { WatermarkGenerator, WatermarkOutput, WatermarkStrategy } from "../../api/watermark-strategy.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractStreamOperator } from "../stream-operator.js";

export class TimestampsAndWatermarksOperator<T> extends AbstractStreamOperator<T> implements WatermarkOutput {
  private generator!: WatermarkGenerator<T>;
  private assign!: (element: T, recordTimestamp: number) => number;
  private interval = 0;
  private batch = false;
  private emitted = Number.NEGATIVE_INFINITY;
  private idle = false;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly strategy: WatermarkStrategy<T>) {
    super();
  }

  override open(): void {
    super.open();
    const pts = this.setupInfo.processingTimeService;
    this.generator = this.strategy.createWatermarkGenerator({ currentProcessingTime: () => pts.getCurrentProcessingTime() });
    this.assign = this.strategy.createTimestampAssigner();
    // BATCH: no intermediate watermarks; event time ends with the input (Flink's batch execution).
    this.batch = this.setupInfo.settings.batch;
    this.interval = this.batch ? 0 : this.setupInfo.settings.autoWatermarkInterval;
    if (this.interval > 0) this.schedulePeriodic(pts.getCurrentProcessingTime() + this.interval);
  }

  private schedulePeriodic(time: number): void {
    this.cancelTimer = this.setupInfo.processingTimeService.registerTimer(time, (now) => {
      this.generator.onPeriodicEmit(this);
      this.schedulePeriodic(now + this.interval);
    });
  }

  processElement(record: StreamRecord<T>): void {
    const ts = this.assign(record.value, record.hasTimestamp ? record.timestamp : Number.NEGATIVE_INFINITY);
    if (typeof ts !== "number" || Number.isNaN(ts)) {
      throw new TypeError(`the timestamp assigner returned ${String(ts)}; it must return a number (epoch milliseconds)`);
    }
    record.timestamp = ts;
    record.hasTimestamp = true;
    // The record goes out before any watermark its event causes (Flink's order).
    this.output.collect(record);
    this.generator.onEvent(record.value, ts, this);
  }

  /** Upstream watermarks are ignored, except the end of event time (Flink does the same). */
  override processWatermark(timestamp: number): void {
    if (timestamp === Number.POSITIVE_INFINITY && this.emitted !== timestamp) {
      this.emitted = timestamp;
      this.currentWatermark = timestamp;
      this.output.emitWatermark(timestamp);
    }
  }
  override processWatermarkStatus(): void {
    // This operator generates watermark status itself.
  }

  // --- WatermarkOutput ---
  emitWatermark(timestamp: number): void {
    if (timestamp <= this.emitted || (this.batch && timestamp !== Number.POSITIVE_INFINITY)) return;
    this.emitted = timestamp;
    this.currentWatermark = timestamp;
    if (this.idle) {
      this.idle = false;
      this.output.emitWatermarkStatus(false);
    }
    this.output.emitWatermark(timestamp);
  }
  markIdle(): void {
    if (this.idle) return;
    this.idle = true;
    this.output.emitWatermarkStatus(true);
  }

  override finish(): void {
    // One last periodic emission at end of input (Flink's finish()).
    this.generator.onPeriodicEmit(this);
    super.finish();
  }
  override close(): void {
    this.cancelTimer?.();
    super.close();
  }
}
