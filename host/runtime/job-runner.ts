// Runs a job locally: deploys its tasks, drives them, fails over per the restart strategy, reports status
// (the JobMaster and executor of Flink's MiniCluster, on one thread).
import {
  type JobClient,
  JobExecutionException,
  type JobExecutionResult,
  type JobMetricsSnapshot,
  type JobStatus,
} from "../api/job-client.js";
import { RestartBackoff, type RestartStrategyConfiguration } from "../checkpoint/restart-strategies.js";
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

  constructor(
    private readonly graph: JobGraph,
    private readonly options: JobRunnerOptions,
  ) {
    this.jobName = graph.jobName;
    this.backoff = new RestartBackoff(options.restartStrategy);
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
    this.status = "CANCELLING";
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
    };
  }

  private isTerminal(): boolean {
    return this.status === "FINISHED" || this.status === "FAILED" || this.status === "CANCELED";
  }

  private async run(): Promise<JobExecutionResult> {
    // Let the submitter register listeners before anything runs.
    await Promise.resolve();
    for (let attempt = 0; ; attempt++) {
      let failure: unknown = null;
      try {
        this.deployment = deploy(
          this.graph,
          {
            attemptNumber: attempt,
            stateBackend: this.options.stateBackend,
            clock: this.options.clock,
            metrics: this.metrics,
            settings: this.options.settings,
            restored: () => [],
          },
          this.scheduler.wake,
        );
        if (this.cancelRequested) break;
        this.status = "RUNNING";
        for (const task of this.deployment.tasks) task.start();
        await this.scheduler.run(this.deployment.tasks, () => this.cancelRequested);
      } catch (e) {
        failure = e;
      }
      if (this.cancelRequested) break;
      if (failure === null) {
        this.status = "FINISHED";
        return this.finalResult();
      }
      this.status = "FAILING";
      this.stopTasks("FAILED");
      const delay = this.backoff.onFailure();
      if (delay === null) {
        this.status = "FAILED";
        throw new JobExecutionException(this.jobId, `Job '${this.jobName}' failed: ${describe(failure)}`, failure);
      }
      this.status = "RESTARTING";
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.cancelRequested) break;
    }
    this.stopTasks("CANCELED");
    this.status = "CANCELED";
    this.resolveCancelled?.();
    throw new JobExecutionException(this.jobId, `Job '${this.jobName}' was cancelled`);
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
