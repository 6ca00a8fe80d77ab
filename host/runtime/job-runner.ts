// Runs a job locally: deploys its tasks, drives them, fails over per the restart strategy, reports status
// (the JobMaster and executor of Flink's MiniCluster, on one thread).
import {
  type CompletedSnapshotInfo,
  type JobClient,
  JobExecutionException,
  type JobExecutionResult,
  type JobMetricsSnapshot,
  type JobStatus,
} from "../api/job-client.js";
import { CheckpointCoordinator, CheckpointException, type CoordinatorSettings } from "../checkpoint/checkpoint-coordinator.js";
import { CheckpointStorage, type LoadedSnapshot, loadNewestValid, loadSnapshotFromPath } from "../checkpoint/checkpoint-storage.js";
import { CorruptCheckpointException } from "../checkpoint/metadata.js";
import { RestartBackoff, type RestartStrategyConfiguration } from "../checkpoint/restart-strategies.js";
import { assignState, type JobRestore, NOTHING_RESTORED } from "../checkpoint/state-assignment.js";
import type { JobGraph } from "../graph/job-graph.js";
import type { StateBackend } from "../state/keyed-state-backend.js";
import { deploy, type Deployment } from "./deployment.js";
import type { ExecutionSettings } from "./execution-settings.js";
import { JobMetrics } from "./metrics.js";
import { describe } from "./operator-error.js";
import type { Clock } from "./processing-time-service.js";
import { CooperativeScheduler } from "./scheduler.js";

export interface JobRunnerOptions {
  readonly stateBackend: StateBackend;
  readonly clock: Clock;
  readonly restartStrategy: RestartStrategyConfiguration;
  readonly settings: ExecutionSettings;
  /** Checkpointing (interval -1: savepoints only). */
  readonly checkpointing?: CoordinatorSettings & {
    /** Checkpoint directory (`state.checkpoints.dir`), or null for memory. */
    readonly storage: string | null;
    readonly retention: "RETAIN_ON_CANCELLATION" | "DELETE_ON_CANCELLATION" | "NO_EXTERNALIZED_CHECKPOINTS";
  };
  /** Restore from this savepoint or checkpoint (`execution.savepoint.path`). */
  readonly restorePath?: string | null;
  /** Skip state of operators not in the job (`execution.savepoint.ignore-unclaimed-state`). */
  readonly allowNonRestoredState?: boolean;
}

const DEFAULT_CHECKPOINTING: NonNullable<JobRunnerOptions["checkpointing"]> = {
  interval: -1,
  mode: "exactly-once",
  unaligned: false,
  timeout: 10 * 60_000,
  minPause: 0,
  maxConcurrent: 1,
  tolerableFailures: 0,
  numRetained: 1,
  defaultSavepointDirectory: null,
  storage: null,
  retention: "NO_EXTERNALIZED_CHECKPOINTS",
};

/** Warnings of the runtime (corrupt checkpoints skipped, files that could not be deleted). */
function warn(message: string): void {
  console.warn(`[rivulet] WARN ${message}`);
}

/** A random 16-byte id in hex, as Flink's JobID. */
function newJobId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class JobRunner implements JobClient {
  readonly jobId = newJobId();
  readonly jobName: string;
  private status: JobStatus = "CREATED";
  private readonly metrics = new JobMetrics();
  private readonly scheduler = new CooperativeScheduler();
  private readonly backoff: RestartBackoff;
  private deployment: Deployment | null = null;
  private cancelRequested = false;
  private readonly result: Promise<JobExecutionResult>;
  private resolveCancelled: (() => void) | null = null;
  private readonly startTime = Date.now();
  private readonly coordinator: CheckpointCoordinator;
  private readonly storage: CheckpointStorage;
  private readonly checkpointing: NonNullable<JobRunnerOptions["checkpointing"]>;
  /** Set when checkpoint failures exceed the tolerable number: fails the attempt. */
  private attemptFailure: Error | null = null;
  /** The snapshot the job was started from (`execution.savepoint.path`), used until a checkpoint completes. */
  private initialSnapshot: LoadedSnapshot | null = null;
  private stopping = false;
  private readonly statusListeners = new Set<(status: JobStatus, previous: JobStatus) => void>();

  constructor(
    private readonly graph: JobGraph,
    private readonly options: JobRunnerOptions,
  ) {
    this.jobName = graph.jobName;
    this.backoff = new RestartBackoff(options.restartStrategy);
    this.checkpointing = options.checkpointing ?? DEFAULT_CHECKPOINTING;
    this.storage = new CheckpointStorage(this.checkpointing.storage);
    this.coordinator = new CheckpointCoordinator(
      {
        jobId: this.jobId,
        jobName: this.jobName,
        graph,
        storage: this.storage,
        metrics: this.metrics,
        failJob: (error) => {
          this.attemptFailure ??= error;
          this.scheduler.wake();
        },
        warn,
      },
      this.checkpointing,
    );
    this.result = this.run();
    // The result is observed through getJobExecutionResult; avoid an unhandled rejection if nobody asks.
    this.result.catch(() => {});
  }

  async getJobStatus(): Promise<JobStatus> {
    return this.status;
  }

  getJobExecutionResult(): Promise<JobExecutionResult> {
    return this.result;
  }

  async cancel(): Promise<void> {
    if (this.isTerminal()) return;
    this.setStatus("CANCELLING");
    this.cancelRequested = true;
    const stopped = new Promise<void>((resolve) => (this.resolveCancelled = resolve));
    this.scheduler.wake();
    await stopped;
  }

  getMetrics(): JobMetricsSnapshot {
    return {
      status: this.status,
      recordsIn: this.metrics.sourceRecordsOut,
      recordsOut: this.metrics.sinkRecordsIn,
      elapsedMs: Date.now() - this.startTime,
      restarts: this.backoff.numberOfRestarts,
      checkpointsCompleted: this.metrics.checkpointsCompleted,
      checkpointsFailed: this.metrics.checkpointsFailed,
      lastCheckpointDurationMs: this.metrics.lastCheckpointDurationMs,
      lastCheckpointSizeBytes: this.metrics.lastCheckpointSizeBytes,
    };
  }

  /** Job-wide counters, including the last restore's duration. */
  getJobMetrics(): JobMetrics {
    return this.metrics;
  }

  /** The retained completed checkpoints, oldest first (their directories hold `_metadata`). */
  getCompletedCheckpoints(): ReturnType<CheckpointCoordinator["getCompletedCheckpoints"]> {
    return this.coordinator.getCompletedCheckpoints();
  }

  async triggerCheckpoint(): Promise<CompletedSnapshotInfo> {
    return this.coordinator.trigger("checkpoint", null);
  }

  async triggerSavepoint(directory?: string | null): Promise<string> {
    if (this.status !== "RUNNING") throw new CheckpointException(`cannot take a savepoint: job '${this.jobName}' is ${this.status}`);
    return (await this.coordinator.trigger("savepoint", directory ?? null)).path;
  }

  async stopWithSavepoint(directory?: string | null): Promise<string> {
    if (this.status !== "RUNNING") throw new CheckpointException(`cannot stop with a savepoint: job '${this.jobName}' is ${this.status}`);
    const result = await this.coordinator.trigger("sync-savepoint", directory ?? null);
    // The coordinator queued notifyCheckpointComplete (sinks commit) first; each task then stops.
    this.stopping = true;
    for (const task of this.deployment?.tasks ?? []) task.enqueue(() => task.stopAfterSavepoint());
    this.scheduler.wake();
    await this.result.catch(() => {});
    return result.path;
  }

  /**
   * Calls `listener` on every status transition, as Flink's JobStatusListener. RESTARTING is reported once every
   * checkpoint of the failed attempt has completed or been aborted, so the set of checkpoints a restore chooses
   * from no longer changes. Returns a function that removes the listener.
   */
  onStatusChange(listener: (status: JobStatus, previous: JobStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: JobStatus): void {
    const previous = this.status;
    this.status = status;
    for (const listener of this.statusListeners) {
      try {
        listener(status, previous);
      } catch (e) {
        warn(`a job status listener of '${this.jobName}' threw on ${status}: ${describe(e)}`);
      }
    }
  }

  private isTerminal(): boolean {
    return this.status === "FINISHED" || this.status === "FAILED" || this.status === "CANCELED";
  }

  private async run(): Promise<JobExecutionResult> {
    // Let the submitter register listeners before anything runs.
    await Promise.resolve();
    const retention = this.checkpointing.retention;
    if (this.options.restorePath) {
      try {
        this.initialSnapshot = await loadSnapshotFromPath(this.options.restorePath, warn);
        // Validate the mapping now, so a savepoint that does not fit fails the job at once with a clear error.
        assignState(this.initialSnapshot, this.graph, { allowNonRestoredState: this.options.allowNonRestoredState ?? false });
        this.coordinator.continueAfter(this.initialSnapshot.metadata.checkpointId);
      } catch (e) {
        this.setStatus("FAILED");
        await this.coordinator.onJobEnded("failed", retention);
        throw new JobExecutionException(this.jobId, `Job '${this.jobName}' failed: could not restore from '${this.options.restorePath}': ${describe(e)}`, e);
      }
    }
    for (let attempt = 0; ; attempt++) {
      let failure: unknown = null;
      try {
        const restoreStarted = performance.now();
        const restore = await this.restoreFor(attempt);
        if (this.cancelRequested) break;
        this.deployment = deploy(
          this.graph,
          {
            attemptNumber: attempt,
            stateBackend: this.options.stateBackend,
            clock: this.options.clock,
            metrics: this.metrics,
            settings: this.options.settings,
            restored: restore === null ? () => NOTHING_RESTORED : (v, i) => restore.forSubtask(v, i),
            checkpointResponder: this.coordinator,
          },
          this.scheduler.wake,
        );
        this.attemptFailure = null;
        this.setStatus("RUNNING");
        for (const task of this.deployment.tasks) task.start();
        if (restore !== null) this.metrics.lastRestoreDurationMs = performance.now() - restoreStarted;
        this.coordinator.attach(this.deployment.tasks);
        await this.scheduler.run(this.deployment.tasks, () => this.cancelRequested || this.attemptFailure !== null);
        if (this.attemptFailure !== null && !this.cancelRequested) failure = this.attemptFailure;
      } catch (e) {
        failure = e;
      }
      this.coordinator.detach(failure === null ? "job finished" : "job failover");
      if (this.cancelRequested) break;
      if (failure === null) {
        this.setStatus("FINISHED");
        await this.coordinator.onJobEnded("finished", retention);
        return this.finalResult();
      }
      this.setStatus("FAILING");
      this.stopTasks("FAILED");
      // No valid checkpoint to restore from: restarting would lose or duplicate data, so the job fails.
      const delay = this.stopping || failure instanceof CorruptCheckpointException ? null : this.backoff.onFailure();
      if (delay === null) {
        this.setStatus("FAILED");
        await this.coordinator.onJobEnded("failed", retention);
        throw new JobExecutionException(this.jobId, `Job '${this.jobName}' failed: ${describe(failure)}`, failure);
      }
      // Checkpoints every task acknowledged before the failure still complete (Flink completes a fully acknowledged
      // checkpoint); wait for them so RESTARTING marks the point where the restore's choice is fixed.
      await this.coordinator.quiesce();
      this.setStatus("RESTARTING");
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.cancelRequested) break;
    }
    this.stopTasks("CANCELED");
    this.setStatus("CANCELED");
    await this.coordinator.onJobEnded("cancelled", retention);
    this.resolveCancelled?.();
    throw new JobExecutionException(this.jobId, `Job '${this.jobName}' was cancelled`);
  }

  /**
   * What attempt `attempt` restores: the newest retained checkpoint that verifies (corrupt ones are skipped with
   * a warning), else the snapshot the job started from, else nothing. Throws when checkpoints exist but none can
   * be read (restarting from scratch would break exactly-once).
   */
  private async restoreFor(attempt: number): Promise<JobRestore | null> {
    const allow = { allowNonRestoredState: this.options.allowNonRestoredState ?? false };
    await this.coordinator.quiesce();
    const completed = this.coordinator.getCompletedCheckpoints();
    if (attempt > 0 && completed.length > 0) {
      const fs = this.storage.fileSystemFor(completed[0]!.directory);
      const dirs = completed.map((c) => c.directory).reverse();
      return assignState(await loadNewestValid(fs, dirs, warn), this.graph, allow);
    }
    if (this.initialSnapshot !== null) return assignState(this.initialSnapshot, this.graph, allow);
    return null;
  }

  private stopTasks(state: "CANCELED" | "FAILED"): void {
    for (const task of this.deployment?.tasks ?? []) task.cancel(state);
  }

  private finalResult(): JobExecutionResult {
    const accumulators: Record<string, number> = {};
    for (const task of this.deployment?.tasks ?? []) {
      for (const [name, value] of Object.entries(task.userCounters())) accumulators[name] = (accumulators[name] ?? 0) + value;
    }
    return { jobId: this.jobId, jobName: this.jobName, netRuntimeMs: Date.now() - this.startTime, accumulators };
  }
}
