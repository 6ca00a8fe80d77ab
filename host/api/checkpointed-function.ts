// User functions that take part in checkpoints (Flink's CheckpointedFunction, CheckpointListener and their
// contexts): operator state through the OperatorStateStore, notifications when checkpoints complete.
import type { OperatorStateStore } from "../runtime/operator-state.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What `initializeState` gets (Flink's FunctionInitializationContext). */
export interface FunctionInitializationContext {
  /** Whether the job restores from a checkpoint or savepoint that has this operator. */
  isRestored(): boolean;
  /** List, union-list and broadcast operator state of this parallel instance. */
  getOperatorStateStore(): OperatorStateStore;
  /** Keyed state, on keyed streams (state handles follow the current key); null elsewhere. */
  getKeyedStateStore(): Pick<RuntimeContext, "getState" | "getListState" | "getMapState" | "getReducingState" | "getAggregatingState"> | null;
}

/** What `snapshotState` gets (Flink's FunctionSnapshotContext). */
export interface FunctionSnapshotContext {
  getCheckpointId(): number;
  /** When the checkpoint was triggered, epoch ms. */
  getCheckpointTimestamp(): number;
}

/**
 * Flink's CheckpointedFunction: `initializeState` runs before `open` (on every start and restore) to register
 * operator state; `snapshotState` runs at each checkpoint barrier to put the function's state into it.
 *
 * @example
 * class BufferingSink extends RichSinkFunction<string> implements CheckpointedFunction {
 *   private buffer: string[] = [];
 *   private state!: ListState<string>;
 *   initializeState(ctx: FunctionInitializationContext): void {
 *     this.state = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<string>("buffer"));
 *     if (ctx.isRestored()) this.buffer = [...this.state.get()];
 *   }
 *   snapshotState(): void { this.state.update(this.buffer); }
 *   invoke(value: string): void { this.buffer.push(value); }
 * }
 */
export interface CheckpointedFunction {
  snapshotState(context: FunctionSnapshotContext): void;
  initializeState(context: FunctionInitializationContext): void;
}

/** Flink's CheckpointListener: told when a checkpoint this function took part in completed (or was aborted). */
export interface CheckpointListener {
  notifyCheckpointComplete(checkpointId: number): void;
  notifyCheckpointAborted?(checkpointId: number): void;
}

/** Whether `fn` implements CheckpointedFunction. */
export function isCheckpointedFunction(fn: unknown): fn is CheckpointedFunction {
  return (
    fn !== null &&
    typeof fn === "object" &&
    typeof (fn as CheckpointedFunction).snapshotState === "function" &&
    typeof (fn as CheckpointedFunction).initializeState === "function"
  );
}

/** Whether `fn` implements CheckpointListener. */
export function isCheckpointListener(fn: unknown): fn is CheckpointListener {
  return fn !== null && typeof fn === "object" && typeof (fn as CheckpointListener).notifyCheckpointComplete === "function";
}
