// Triggers checkpoints and savepoints, collects the tasks' acknowledgements, writes their state asynchronously,
// completes a checkpoint by writing its `_metadata` atomically, then tells the tasks (Flink's
// CheckpointCoordinator, PendingCheckpoint, CompletedCheckpointStore and CheckpointFailureManager, for one local
// job).
import type { JobGraph } from "../graph/job-graph.js";
import type { JobMetrics } from "../runtime/metrics.js";
import { joinPath } from "../runtime/platform.js";
import { yieldToEventLoop } from "../runtime/scheduler.js";
import type { OperatorSnapshot } from "../runtime/stream-operator.js";
import { CheckpointBarrier, type SnapshotKind } from "../runtime/stream-record.js";
import type { StreamTask, TaskCheckpointResponder } from "../runtime/stream-task.js";
import { describe } from "../runtime/operator-error.js";
import { type CheckpointStorage, type CompletedCheckpoint, type SnapshotFileSystem, writeMetadata } from "./checkpoint-storage.js";
import { crc32 } from "./crc32.js";
import { type CheckpointMetadata, METADATA_FORMAT_VERSION, type OperatorStateHandle, type StateFileHandle } from "./metadata.js";
import { encodeTaskState } from "./snapshot-format.js";

/** The settings the coordinator needs (resolved from CheckpointConfig). */
export interface CoordinatorSettings {
  /** Periodic interval in ms, or -1 for none (savepoints only). */
  readonly interval: number;
  readonly mode: "exactly-once" | "at-least-once";
  readonly unaligned: boolean;
  readonly timeout: number;
  readonly minPause: number;
  readonly maxConcurrent: number;
  readonly tolerableFailures: number;
  readonly numRetained: number;
  readonly defaultSavepointDirectory: string | null;
}

/** A completed checkpoint or savepoint, as reported to callers. */
export interface SnapshotResult {
  readonly checkpointId: number;
  readonly kind: SnapshotKind;
  /** Directory of the snapshot (holds `_metadata`). */
  readonly path: string;
  readonly durationMs: number;
  readonly sizeBytes: number;
}

/** A checkpoint that could not be completed (Flink's CheckpointException). */
export class CheckpointException extends Error {
  override readonly name = "CheckpointException";
}

interface Ack {
  readonly snapshots: readonly OperatorSnapshot[];
  readonly finished: boolean;
  segments: ReadonlyArray<{ offset: number; length: number } | null>;
  fileIndex: number;
}

interface PendingCheckpoint {
  readonly id: number;
  /** The tasks of the attempt that took it (a failover does not change them). */
  readonly tasks: readonly StreamTask[];
  readonly barrier: CheckpointBarrier;
  readonly directory: string;
  readonly fs: SnapshotFileSystem;
  readonly started: number;
  readonly notAcked: Set<number>;
  readonly acks: Map<number, Ack>;
  readonly files: StateFileHandle[];
  readonly ready: Promise<void>;
  writes: number;
  readonly writePromises: Promise<void>[];
  size: number;
  writesDone(): Promise<unknown>;
  timeout: ReturnType<typeof setTimeout> | null;
  settled: boolean;
  /** `_metadata` is being written: a timeout no longer aborts it. */
  finalizing: boolean;
  resolve(result: SnapshotResult): void;
  reject(error: Error): void;
}

export interface CoordinatorContext {
  readonly jobId: string;
  readonly jobName: string;
  readonly graph: JobGraph;
  readonly storage: CheckpointStorage;
  readonly metrics: JobMetrics;
  /** Fails the job (too many checkpoint failures). */
  failJob(error: Error): void;
  warn(message: string): void;
}

/**
 * One job's checkpoint coordinator. Tasks of the current attempt are attached with `attach`; a failover
 * detaches them, which aborts what is in progress.
 */
export class CheckpointCoordinator implements TaskCheckpointResponder {
  // --- configuration ---
  readonly waitForFinalCheckpoint: boolean;
  // --- transient ---
  private tasks: readonly StreamTask[] = [];
  private readonly pending = new Map<number, PendingCheckpoint>();
  private periodic: ReturnType<typeof setTimeout> | null = null;
  private lastCompletion = Number.NEGATIVE_INFINITY;
  private consecutiveFailures = 0;
  private shutDown = false;
  private finalRequested = false;
  /** Checkpoints writing their `_metadata`. */
  private readonly finalizing = new Set<Promise<unknown>>();
  /** Deletions in flight, awaited when the job ends. */
  private readonly discards = new Set<Promise<void>>();
  // --- checkpointed (the completed checkpoint store) ---
  private nextId: number;
  private readonly completed: CompletedCheckpoint[] = [];

  constructor(
    private readonly context: CoordinatorContext,
    private readonly settings: CoordinatorSettings,
    firstCheckpointId = 1,
  ) {
    this.nextId = firstCheckpointId;
    this.waitForFinalCheckpoint = settings.interval > 0;
  }

  /** Checkpoint ids continue after the one the job was restored from (as Flink's checkpoint id counter). */
  continueAfter(checkpointId: number): void {
    this.nextId = Math.max(this.nextId, checkpointId + 1);
  }

  /** Retained completed checkpoints, oldest first (Flink's CompletedCheckpointStore). */
  getCompletedCheckpoints(): readonly CompletedCheckpoint[] {
    return this.completed;
  }

  /** Takes the tasks of a new attempt; starts periodic checkpoints when configured. */
  attach(tasks: readonly StreamTask[]): void {
    this.tasks = tasks;
    this.finalRequested = false;
    if (this.settings.interval > 0 && !this.shutDown) this.schedulePeriodic(this.settings.interval);
  }

  /**
   * The attempt ended (failover, cancel, finish): pending checkpoints are aborted without counting as failures,
   * except those every task acknowledged, which complete (await `quiesce`).
   */
  detach(reason: string): void {
    this.stopPeriodic();
    for (const p of Array.from(this.pending.values())) if (!p.finalizing) this.abort(p, reason, false, false);
    this.tasks = [];
  }

  /** Resolves once no checkpoint is completing (so a restore sees every checkpoint that completed). */
  async quiesce(): Promise<void> {
    while (this.finalizing.size > 0) await Promise.allSettled(Array.from(this.finalizing));
  }

  /** Stops everything for good. */
  shutdown(reason: string): void {
    this.detach(reason);
    this.shutDown = true;
  }

  // --- triggering ---

  private schedulePeriodic(delay: number): void {
    this.stopPeriodic();
    this.periodic = setTimeout(() => {
      this.periodic = null;
      this.onPeriodic();
    }, Math.max(0, delay));
  }

  private stopPeriodic(): void {
    if (this.periodic !== null) clearTimeout(this.periodic);
    this.periodic = null;
  }

  private onPeriodic(): void {
    if (this.shutDown || this.tasks.length === 0) return;
    const wait = this.lastCompletion + this.settings.minPause - Date.now();
    if (this.pending.size >= this.settings.maxConcurrent || wait > 0) {
      // Flink: too many concurrent checkpoints or within the min pause: try again later.
      this.schedulePeriodic(Math.max(wait, 10));
      return;
    }
    this.trigger("checkpoint", null).catch(() => {});
    this.schedulePeriodic(this.settings.interval);
  }

  /**
   * Triggers a checkpoint, savepoint or synchronous savepoint (stop-with-savepoint). Resolves when it is
   * complete; rejects with a CheckpointException when it fails or is aborted.
   */
  trigger(kind: SnapshotKind, targetDirectory: string | null): Promise<SnapshotResult> {
    if (this.shutDown || this.tasks.length === 0) return Promise.reject(new CheckpointException("the job is not running"));
    if (this.tasks.some((t) => t.state === "CREATED" || t.state === "CANCELED" || t.state === "FAILED")) {
      return Promise.reject(new CheckpointException("not all tasks are running"));
    }
    let directory: string;
    if (kind === "checkpoint") directory = this.context.storage.checkpointDirectory(this.context.jobId, this.nextId);
    else {
      const target = targetDirectory ?? this.settings.defaultSavepointDirectory;
      if (target === null) {
        return Promise.reject(
          new CheckpointException("No savepoint directory: pass one, or set state.savepoints.dir (Flink's default savepoint directory)"),
        );
      }
      directory = this.context.storage.savepointDirectory(target, this.context.jobId);
    }
    const id = this.nextId++;
    const options = { kind, mode: this.settings.mode, unaligned: this.settings.unaligned && kind === "checkpoint" };
    const barrier = new CheckpointBarrier(id, Date.now(), options);
    const fs = this.context.storage.fileSystemFor(directory);
    let resolve!: (r: SnapshotResult) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<SnapshotResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const p: PendingCheckpoint = {
      id,
      tasks: this.tasks,
      barrier,
      directory,
      fs,
      started: performance.now(),
      notAcked: new Set(this.tasks.map((t) => t.taskIndex)),
      acks: new Map(),
      files: [],
      ready: fs.mkdirs(directory),
      writes: 0,
      writePromises: [],
      writesDone() {
        return Promise.allSettled([this.ready, ...this.writePromises]);
      },
      size: 0,
      timeout: null,
      settled: false,
      finalizing: false,
      resolve,
      reject,
    };
    p.ready.catch(() => {});
    this.pending.set(id, p);
    p.timeout = setTimeout(() => this.abort(p, `Checkpoint ${id} expired before completing (timeout ${this.settings.timeout} ms)`, true), this.settings.timeout);
    for (const task of this.tasks) {
      if (task.state === "FINISHED") this.acknowledge(task, id, [], true);
      else if (task.state === "FINISHING" || task.isSourceTask) task.enqueue(() => task.triggerCheckpoint(barrier));
      // Other tasks get the barrier through their inputs, or acknowledge when they finish.
    }
    return promise;
  }

  // --- TaskCheckpointResponder ---

  acknowledge(task: StreamTask, checkpointId: number, snapshots: readonly OperatorSnapshot[], finished: boolean): void {
    const p = this.pending.get(checkpointId);
    if (p === undefined || p.settled || !p.notAcked.has(task.taskIndex)) return;
    p.notAcked.delete(task.taskIndex);
    const ack: Ack = { snapshots, finished, segments: [], fileIndex: -1 };
    p.acks.set(task.taskIndex, ack);
    if (snapshots.length > 0) {
      p.writes++;
      const write = this.writeTaskState(p, task, ack);
      p.writePromises.push(write.then(() => {}, () => {}));
      write.then(
        () => {
          p.writes--;
          this.maybeComplete(p);
        },
        (e: unknown) => this.abort(p, `could not write the state of task ${task.name} (${task.subtask}): ${describe(e)}`, true),
      );
    }
    this.maybeComplete(p);
  }

  decline(task: StreamTask, checkpointId: number, reason: unknown, countsAsFailure: boolean): void {
    const p = this.pending.get(checkpointId);
    if (p === undefined || p.settled) return;
    this.abort(p, `Task ${task.name} (${task.subtask}) declined checkpoint ${checkpointId}: ${describe(reason)}`, countsAsFailure);
  }

  taskFinishing(task: StreamTask): void {
    for (const p of this.pending.values()) {
      if (p.notAcked.has(task.taskIndex)) task.enqueue(() => task.triggerCheckpoint(p.barrier));
    }
    if (this.pending.size === 0) this.requestFinalCheckpoint();
  }

  taskFinished(task: StreamTask): void {
    // As at trigger time for a task already FINISHED (Flink's FLIP-147: finished tasks are acknowledged as such).
    for (const p of Array.from(this.pending.values())) {
      if (!p.settled && p.notAcked.has(task.taskIndex)) this.acknowledge(task, p.id, [], true);
    }
  }

  /** Every task finished its input and waits for its final checkpoint: take it now, not at the next interval. */
  private requestFinalCheckpoint(): void {
    if (this.finalRequested || this.shutDown || !this.tasks.every((t) => t.state === "FINISHING" || t.state === "FINISHED")) return;
    this.finalRequested = true;
    const wait = this.lastCompletion + this.settings.minPause - Date.now();
    this.schedulePeriodic(Math.max(0, wait));
  }

  // --- completing ---

  /** The asynchronous part of a task's checkpoint: encode (yielding to the event loop) and write its state file. */
  private async writeTaskState(p: PendingCheckpoint, task: StreamTask, ack: Ack): Promise<void> {
    const encoded = await encodeTaskState(ack.snapshots, yieldToEventLoop);
    ack.segments = encoded.segments;
    if (encoded.length === 0) return;
    if (p.settled) return;
    await p.ready;
    const name = `task-${task.vertex.id}-${task.subtaskIndex}.state`;
    await p.fs.writeFileAtomic(joinPath(p.directory, name), encoded.chunks);
    let crc = 0;
    for (const c of encoded.chunks) crc = crc32(c, crc);
    ack.fileIndex = p.files.length;
    p.files.push({ path: name, length: encoded.length, crc32: crc });
    p.size += encoded.length;
  }

  private maybeComplete(p: PendingCheckpoint): void {
    if (p.settled || p.notAcked.size > 0 || p.writes > 0) return;
    p.settled = true;
    p.finalizing = true;
    const done = this.finalize(p).then(
      (result) => this.onCompleted(p, result),
      (e: unknown) => {
        p.finalizing = false;
        this.abort(p, `could not complete checkpoint ${p.id}: ${describe(e)}`, true);
      },
    );
    this.finalizing.add(done);
    void done.finally(() => this.finalizing.delete(done));
  }

  private async finalize(p: PendingCheckpoint): Promise<SnapshotResult> {
    await p.ready;
    const byTask = new Map<string, Ack>();
    for (const t of p.tasks) {
      const ack = p.acks.get(t.taskIndex);
      if (ack !== undefined) byTask.set(`${t.vertex.id}/${t.subtaskIndex}`, ack);
    }
    const operators: OperatorStateHandle[] = [];
    for (const v of this.context.graph.vertices) {
      v.nodes.forEach((node, k) => {
        const subtasks = Array.from({ length: v.parallelism }, (_, i) => {
          const ack = byTask.get(`${v.id}/${i}`);
          const seg = ack?.segments[k] ?? null;
          return {
            subtaskIndex: i,
            finished: ack?.finished ?? false,
            fileIndex: seg === null || ack!.fileIndex < 0 ? -1 : ack!.fileIndex,
            offset: seg?.offset ?? 0,
            length: seg?.length ?? 0,
          };
        });
        operators.push({
          operatorId: node.operatorId,
          name: node.name,
          uid: node.uid ?? "",
          parallelism: node.parallelism,
          maxParallelism: node.maxParallelism,
          subtasks,
        });
      });
    }
    const metadata: CheckpointMetadata = {
      formatVersion: METADATA_FORMAT_VERSION,
      checkpointId: p.id,
      jobId: this.context.jobId,
      jobName: this.context.jobName,
      kind: p.barrier.options.kind === "checkpoint" ? "checkpoint" : "savepoint",
      timestamp: p.barrier.timestamp,
      completed: Date.now(),
      files: p.files,
      operators,
    };
    // The commit point: once `_metadata` is in place (atomically), the checkpoint exists.
    await writeMetadata(p.fs, p.directory, metadata);
    if (p.barrier.options.kind === "checkpoint") this.completed.push({ checkpointId: p.id, directory: p.directory, metadata });
    return {
      checkpointId: p.id,
      kind: p.barrier.options.kind,
      path: p.directory,
      durationMs: performance.now() - p.started,
      sizeBytes: p.size,
    };
  }

  private onCompleted(p: PendingCheckpoint, result: SnapshotResult): void {
    if (!this.pending.delete(p.id)) return; // the attempt ended meanwhile
    p.finalizing = false;
    if (p.timeout !== null) clearTimeout(p.timeout);
    const metrics = this.context.metrics;
    metrics.checkpointsCompleted++;
    metrics.lastCheckpointDurationMs = result.durationMs;
    metrics.lastCheckpointSizeBytes = result.sizeBytes;
    this.consecutiveFailures = 0;
    this.lastCompletion = Date.now();
    // Older checkpoints still pending are subsumed by this one.
    for (const older of Array.from(this.pending.values())) {
      if (older.id < p.id && older.barrier.options.kind === "checkpoint") this.abort(older, `Checkpoint ${older.id} was subsumed by ${p.id}`, false);
    }
    // Retention (Flink's state.checkpoints.num-retained): drop the oldest beyond the limit.
    while (this.completed.length > this.settings.numRetained) {
      const old = this.completed.shift()!;
      this.discard(old.directory);
    }
    // Savepoints do not commit side effects (they are not used for failover); checkpoints and
    // stop-with-savepoint do.
    if (p.barrier.options.kind !== "savepoint") {
      for (const task of p.tasks) task.enqueue(() => task.notifyCheckpointComplete(p.id));
    }
    p.resolve(result);
    // Tasks that acknowledged this checkpoint before they finished still wait for one that covers their end.
    const covered = [...p.acks.values()].every((a) => a.finished);
    if (!covered && this.pending.size === 0 && p.tasks === this.tasks) {
      this.finalRequested = false;
      this.requestFinalCheckpoint();
    }
  }

  private abort(p: PendingCheckpoint, reason: string, countsAsFailure: boolean, notifyTasks = true): void {
    if (!this.pending.has(p.id) || (p.finalizing && notifyTasks)) return;
    this.pending.delete(p.id);
    p.settled = true;
    if (p.timeout !== null) clearTimeout(p.timeout);
    this.context.metrics.checkpointsFailed++;
    if (notifyTasks) for (const task of p.tasks) task.enqueue(() => task.abortCheckpoint(p.id, reason));
    // Delete once its writes are done (a write still running would recreate files).
    this.discard(p.directory, p.writesDone());
    p.reject(new CheckpointException(reason));
    // Flink's CheckpointFailureManager: savepoints and aborts that are not failures do not count.
    if (countsAsFailure && p.barrier.options.kind === "checkpoint") {
      this.consecutiveFailures++;
      if (this.consecutiveFailures > this.settings.tolerableFailures) {
        this.context.failJob(new CheckpointException(`Exceeded checkpoint tolerable failure threshold (${this.settings.tolerableFailures}): ${reason}`));
      }
    }
    if (this.finalRequested && this.tasks.length > 0) {
      // A final checkpoint failed: the finishing tasks still need one.
      this.finalRequested = false;
      this.schedulePeriodic(Math.max(10, this.settings.minPause));
    }
  }

  private discard(directory: string, after: Promise<unknown> = Promise.resolve()): void {
    const fs = this.context.storage.fileSystemFor(directory);
    const p = after
      .catch(() => {})
      .then(() => fs.delete(directory))
      .catch((e: unknown) => this.context.warn(`could not delete '${directory}': ${describe(e)}`))
      .finally(() => this.discards.delete(p));
    this.discards.add(p);
  }

  /**
   * The job ended: retained checkpoints are deleted unless the retention policy keeps them (Flink's
   * CheckpointProperties: kept on cancel with RETAIN_ON_CANCELLATION, kept on failure unless never retained,
   * always deleted when the job finished).
   */
  async onJobEnded(outcome: "finished" | "cancelled" | "failed", retention: "RETAIN_ON_CANCELLATION" | "DELETE_ON_CANCELLATION" | "NO_EXTERNALIZED_CHECKPOINTS"): Promise<void> {
    this.shutdown(`job ${outcome}`);
    await this.quiesce();
    while (this.discards.size > 0) await Promise.all(Array.from(this.discards));
    const keep =
      (outcome === "cancelled" && retention === "RETAIN_ON_CANCELLATION") || (outcome === "failed" && retention !== "NO_EXTERNALIZED_CHECKPOINTS");
    if (keep) return;
    const dirs = this.completed.splice(0).map((c) => c.directory);
    const fs = this.context.storage.fileSystemFor(this.context.storage.jobDirectory(this.context.jobId));
    await Promise.all(dirs.map((d) => fs.delete(d).catch(() => {})));
    const jobDir = this.context.storage.jobDirectory(this.context.jobId);
    if ((await fs.list(jobDir)).length === 0) await fs.delete(jobDir).catch(() => {});
  }
}
