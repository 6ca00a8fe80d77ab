// The head of a source task: owns the source reader, turns what it emits into records and watermarks, and
// keeps the reader's split positions as operator state (Flink's SourceOperator).
import { ListStateDescriptor, type ListState } from "../../api/state.js";
import type { InputStatus, ReaderOutput, Source, SourceReader } from "../../api/source.js";
import type { OutputTag } from "../../api/output-tag.js";
import { StreamRecord } from "../stream-record.js";
import { AbstractStreamOperator, type OperatorSnapshot } from "../stream-operator.js";

const SPLITS_STATE = new ListStateDescriptor<unknown>("SourceReaderState");

export class SourceOperator<T> extends AbstractStreamOperator<T> implements ReaderOutput<T> {
  private reader!: SourceReader<T, unknown>;
  private splitsState!: ListState<unknown>;
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private idle = false;
  /** Counts records emitted, for job progress. */
  onRecord: () => void = () => {};

  constructor(private readonly source: Source<T, unknown>) {
    super();
  }

  override initializeState(restored: readonly OperatorSnapshot[]): void {
    super.initializeState(restored);
    const store = this.setupInfo.operatorStateStore;
    this.splitsState = this.source.splitStateDistribution === "union" ? store.getUnionListState(SPLITS_STATE) : store.getListState(SPLITS_STATE);
  }

  override open(): void {
    super.open();
    const ctx = this.setupInfo.runtimeContext;
    this.reader = this.source.createReader({
      subtaskIndex: ctx.getIndexOfThisSubtask(),
      parallelism: ctx.getNumberOfParallelSubtasks(),
      currentProcessingTime: () => this.setupInfo.processingTimeService.getCurrentProcessingTime(),
      runtimeContext: ctx,
      operatorStateStore: this.setupInfo.operatorStateStore,
    });
    if (this.setupInfo.operatorStateStore.isRestored()) {
      this.reader.addSplits(Array.from(this.splitsState.get()));
    } else {
      const p = ctx.getNumberOfParallelSubtasks();
      const i = ctx.getIndexOfThisSubtask();
      this.reader.addSplits(this.source.createSplits(p).filter((_, n) => n % p === i));
    }
  }

  /** Lets the reader emit what it has; see SourceReader.pollNext. */
  pollNext(): InputStatus {
    return this.reader.pollNext(this);
  }
  isAvailable(): Promise<void> {
    return this.reader.isAvailable();
  }

  // --- ReaderOutput ---
  collect(value: T, timestamp?: number): void {
    if (this.idle) this.markActive();
    const r = this.reuse;
    r.value = value;
    if (timestamp === undefined) r.hasTimestamp = false;
    else {
      r.timestamp = timestamp;
      r.hasTimestamp = true;
    }
    this.onRecord();
    this.output.collect(r);
  }
  collectSide<X>(tag: OutputTag<X>, value: X): void {
    this.output.collectSide(tag, new StreamRecord(value));
  }
  emitWatermark(timestamp: number): void {
    // BATCH: only the end of event time is forwarded (Flink's batch execution ignores watermarks).
    if (this.setupInfo.settings.batch && timestamp !== Number.POSITIVE_INFINITY) return;
    if (this.idle) this.markActive();
    if (timestamp > this.currentWatermark) {
      this.currentWatermark = timestamp;
      this.output.emitWatermark(timestamp);
    }
  }
  markIdle(): void {
    if (this.idle) return;
    this.idle = true;
    this.output.emitWatermarkStatus(true);
  }
  private markActive(): void {
    this.idle = false;
    this.output.emitWatermarkStatus(false);
  }

  /** End of a bounded input: event time ends too (Flink emits MAX_WATERMARK when a bounded source finishes). */
  emitEndOfEventTime(): void {
    this.emitWatermark(Number.POSITIVE_INFINITY);
  }

  override snapshotState(checkpointId: number): OperatorSnapshot {
    this.reader.flushBeforeSnapshot?.(this);
    this.splitsState.update(this.reader.snapshotState(checkpointId));
    return super.snapshotState(checkpointId);
  }
  override notifyCheckpointComplete(checkpointId: number): void {
    this.reader.notifyCheckpointComplete?.(checkpointId);
  }
  override close(): void {
    try {
      this.reader?.close?.();
    } finally {
      super.close();
    }
  }
}
