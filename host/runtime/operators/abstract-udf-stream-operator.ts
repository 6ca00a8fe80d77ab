// Base of operators that run a user function: per-subtask function instance, open/close lifecycle
// (Flink's AbstractUdfStreamOperator).
import { isCheckpointedFunction, isCheckpointListener } from "../../api/checkpointed-function.js";
import { closeFunction, instantiateFunction, openFunction } from "../../api/function-utils.js";
import type { LifecycleHooks } from "../../api/functions.js";
import { AbstractStreamOperator, type OperatorSetup, type OperatorSnapshot } from "../stream-operator.js";

export abstract class AbstractUdfStreamOperator<OUT, F> extends AbstractStreamOperator<OUT> {
  /** This subtask's own copy of the user function. */
  protected readonly userFunction: F;
  constructor(userFunction: F) {
    super();
    this.userFunction = instantiateFunction(userFunction);
  }
  override setup(setup: OperatorSetup): void {
    super.setup(setup);
  }
  /** Restores operator state, then lets a CheckpointedFunction register and read its state (before open). */
  override initializeState(restored: readonly OperatorSnapshot[]): void {
    super.initializeState(restored);
    const fn = this.userFunction;
    if (!isCheckpointedFunction(fn)) return;
    const setup = this.setupInfo;
    (fn as LifecycleHooks).setRuntimeContext?.(setup.runtimeContext);
    const store = setup.operatorStateStore;
    fn.initializeState({
      isRestored: () => store.isRestored(),
      getOperatorStateStore: () => store,
      getKeyedStateStore: () => (setup.keyedStateBackend ? setup.runtimeContext : null),
    });
  }
  override open(): void {
    super.open();
    openFunction(this.userFunction, this.setupInfo.runtimeContext);
  }
  override snapshotState(checkpointId: number): OperatorSnapshot {
    const fn = this.userFunction;
    if (isCheckpointedFunction(fn)) {
      const timestamp = Date.now();
      fn.snapshotState({ getCheckpointId: () => checkpointId, getCheckpointTimestamp: () => timestamp });
    }
    return super.snapshotState(checkpointId);
  }
  override notifyCheckpointComplete(checkpointId: number): void {
    super.notifyCheckpointComplete(checkpointId);
    if (isCheckpointListener(this.userFunction)) this.userFunction.notifyCheckpointComplete(checkpointId);
  }
  override notifyCheckpointAborted(checkpointId: number): void {
    super.notifyCheckpointAborted(checkpointId);
    if (isCheckpointListener(this.userFunction)) this.userFunction.notifyCheckpointAborted?.(checkpointId);
  }
  override finish(): void {
    super.finish();
    const fn = this.userFunction as { finish?: () => void };
    if (fn !== null && typeof fn === "object" && typeof fn.finish === "function") fn.finish();
  }
  override close(): void {
    try {
      closeFunction(this.userFunction);
    } finally {
      super.close();
    }
  }
}
