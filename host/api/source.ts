// The source contract (a compact form of Flink's FLIP-27 Source): splits, pull-based readers, checkpointable
// positions. Built-in sources and connectors implement it; `env.fromSource` runs any implementation.

import type { OperatorStateStore } from "../runtime/operator-state.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { OutputTag } from "./output-tag.js";

/** Whether a source ends (Flink's Boundedness). */
export type Boundedness = "BOUNDED" | "CONTINUOUS_UNBOUNDED";

/** What `pollNext` reports (Flink's InputStatus). */
export type InputStatus = "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT";

/** Where a reader emits records and, for sources that track event time themselves, watermarks. */
export interface ReaderOutput<T> {
  /** Emits a record, with an event timestamp when given. */
  collect(value: T, timestamp?: number): void;
  /** Emits a watermark (sources that generate their own watermarks). */
  emitWatermark(timestamp: number): void;
  /** Marks this source subtask idle until it emits again. */
  markIdle(): void;
  /** Emits `value` to the side output `tag` of the source stream (`stream.getSideOutput(tag)`). */
  collectSide?<X>(tag: OutputTag<X>, value: X): void;
}

export interface SourceReaderContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  /** Processing time now, from the job's clock. */
  currentProcessingTime(): number;
  /** The subtask's runtime context, for sources that run user functions with open/close. */
  readonly runtimeContext?: RuntimeContext;
  /** The source operator's state store and whether it was restored (CheckpointedFunction source functions). */
  readonly operatorStateStore?: OperatorStateStore;
}

/**
 * Reads the splits assigned to one subtask. `pollNext` is called from the task's mailbox loop and must not block:
 * it emits what is ready and says whether more is available now, later (`isAvailable()` resolves then), or never.
 */
export interface SourceReader<T, SplitT> {
  /** Gives the reader its splits: the initial assignment, or its share of the restored state. */
  addSplits(splits: SplitT[]): void;
  pollNext(output: ReaderOutput<T>): InputStatus;
  /** Resolves when `pollNext` may make progress again after NOTHING_AVAILABLE. */
  isAvailable(): Promise<void>;
  /** The current position of every split this reader owns (stored as the source's operator state). */
  snapshotState(checkpointId: number): SplitT[];
  notifyCheckpointComplete?(checkpointId: number): void;
  /**
   * Emits what the reader buffered but has not emitted yet, right before a snapshot, so the positions it
   * reports match what went downstream before the barrier (Flink's checkpoint lock around SourceFunction.run).
   */
  flushBeforeSnapshot?(output: ReaderOutput<T>): void;
  close?(): void;
}

/**
 * A source: how to split the input at job start (split `i` goes to subtask `i % parallelism`, and on restore
 * the split states are redistributed the same way) and how to read splits.
 */
export interface Source<T, SplitT = unknown> {
  readonly boundedness: Boundedness;
  createSplits(parallelism: number): SplitT[];
  createReader(context: SourceReaderContext): SourceReader<T, SplitT>;
  /** The largest parallelism the source supports (1 for non-parallel sources such as collections). */
  readonly maxParallelism?: number;
  /**
   * How split states are redistributed on restore: `split` (default) shares them out; `union` gives every
   * reader all of them, for sources whose readers pick their own splits (FileSource with monitoring).
   */
  readonly splitStateDistribution?: "split" | "union";
}
