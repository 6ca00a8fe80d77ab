// The base of exactly-once sinks (Flink's TwoPhaseCommitSinkFunction): records go into a transaction per
// checkpoint; the barrier pre-commits it and opens the next; the checkpoint's completion commits it; a restore
// commits what the restored checkpoint pre-committed and aborts what it had open.
import type { CheckpointedFunction, CheckpointListener, FunctionInitializationContext, FunctionSnapshotContext } from "../api/checkpointed-function.js";
import { AbstractRichFunction, type SinkContext } from "../api/functions.js";
import { type ListState, ListStateDescriptor } from "../api/state.js";

/** What the sink keeps in operator state (Flink's TwoPhaseCommitSinkFunction.State). */
export interface TwoPhaseCommitState<TXN> {
  /** Pre-committed transactions waiting for their checkpoint to complete. */
  readonly pendingCommitTransactions: ReadonlyArray<{ checkpointId: number; transaction: TXN }>;
  /** The transaction open at the snapshot (aborted on restore). */
  readonly pendingTransaction: TXN | null;
}

/**
 * Extend this for a transactional sink. Transactions (`TXN`) must be plain, structured-cloneable data (they are
 * stored in checkpoints); commit must be idempotent, because a commit may be repeated after a failure between
 * the checkpoint's completion and the notification (Flink's requirement too). Without checkpointing, the last
 * transaction commits at end of input. Use with `stream.addSink(sink)`.
 *
 * Sinks that only write idempotently (an upsert by key into a store) need no transactions: replayed records
 * overwrite the same values, so their output is exactly-once once the replay catches up.
 *
 * @example
 * class ListSink extends TwoPhaseCommitSinkFunction<string, { items: string[] }> {
 *   protected beginTransaction() { return { items: [] }; }
 *   protected invoke(txn: { items: string[] }, value: string) { txn.items.push(value); }
 *   protected commit(txn: { items: string[] }) { committed.push(...txn.items); }
 *   protected abort() {}
 * }
 */
export abstract class TwoPhaseCommitSinkFunction<IN, TXN>
  extends AbstractRichFunction
  implements CheckpointedFunction, CheckpointListener
{
  // --- transient ---
  private current: TXN | null = null;
  private finished = false;
  private state!: ListState<TwoPhaseCommitState<TXN>>;
  // --- checkpointed ---
  private pending: Array<{ checkpointId: number; transaction: TXN }> = [];

  /** Opens a new transaction. */
  protected abstract beginTransaction(): TXN;
  /** Writes one record into `transaction`. */
  protected abstract invoke(transaction: TXN, value: IN, context: SinkContext): void;
  /** Makes `transaction` durable and ready to commit (flush, close files); no more writes go into it. */
  protected preCommit(_transaction: TXN): void {}
  /** Makes a pre-committed transaction visible. Must be idempotent. */
  protected abstract commit(transaction: TXN): void;
  /** Discards a transaction. */
  protected abstract abort(transaction: TXN): void;
  /** Commits a transaction found pre-committed in the restored state (default: `commit`). */
  protected recoverAndCommit(transaction: TXN): void {
    this.commit(transaction);
  }
  /** Aborts a transaction that was open in the restored state (default: `abort`). */
  protected recoverAndAbort(transaction: TXN): void {
    this.abort(transaction);
  }

  /** The transaction records currently go into. */
  protected currentTransaction(): TXN | null {
    return this.current;
  }

  initializeState(context: FunctionInitializationContext): void {
    this.state = context.getOperatorStateStore().getListState(new ListStateDescriptor<TwoPhaseCommitState<TXN>>("state"));
    if (context.isRestored()) {
      for (const s of this.state.get()) {
        for (const p of s.pendingCommitTransactions) this.recoverAndCommit(p.transaction);
        if (s.pendingTransaction !== null) this.recoverAndAbort(s.pendingTransaction);
      }
    }
    this.state.clear();
    this.pending = [];
    this.current = this.beginTransaction();
  }

  /** The sink's record entry point (the task calls this; implement `invoke(transaction, value, context)`). */
  invokeRecord(value: IN, context: SinkContext): void {
    if (this.current === null) throw new Error("TwoPhaseCommitSinkFunction: no open transaction (initializeState did not run, or input ended)");
    this.invoke(this.current, value, context);
  }

  snapshotState(context: FunctionSnapshotContext): void {
    const txn = this.current;
    if (txn !== null) {
      this.preCommit(txn);
      this.pending.push({ checkpointId: context.getCheckpointId(), transaction: txn });
      this.current = this.finished ? null : this.beginTransaction();
    }
    this.state.update([{ pendingCommitTransactions: this.pending.slice(), pendingTransaction: this.current }]);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    const keep: Array<{ checkpointId: number; transaction: TXN }> = [];
    for (const p of this.pending) {
      if (p.checkpointId <= checkpointId) this.commit(p.transaction);
      else keep.push(p);
    }
    this.pending = keep;
  }

  /**
   * End of input. With checkpointing, the open transaction is pre-committed by the final checkpoint and committed
   * when it completes (Flink 1.14+); without, it is pre-committed and committed now.
   */
  finish(): void {
    this.finished = true;
    if (this.getRuntimeContext().isCheckpointingEnabled()) return;
    const txn = this.current;
    this.current = null;
    if (txn !== null) {
      this.preCommit(txn);
      this.commit(txn);
    }
  }

  /** Aborts the open transaction; pre-committed ones stay for recovery (Flink's close). */
  override close(): void {
    const txn = this.current;
    this.current = null;
    if (txn !== null) this.abort(txn);
  }
}
