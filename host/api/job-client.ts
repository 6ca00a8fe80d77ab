// What a submitted job looks like from the outside (Flink's JobClient, JobStatus, JobExecutionResult).

/** Flink's JobStatus values that a local job passes through. */
export type JobStatus = "CREATED" | "RUNNING" | "RESTARTING" | "FAILING" | "FAILED" | "CANCELLING" | "CANCELED" | "FINISHED";

/** The result of a finished job (Flink's JobExecutionResult). */
export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  /** Wall time from submission to the end, in ms. */
  readonly netRuntimeMs: number;
  /** User counters (`getMetricGroup().counter(name)`) summed over all subtasks, as Flink's accumulators. */
  readonly accumulators: Readonly<Record<string, number>>;
}

/** Live counters of a running job, for progress displays. */
export interface JobMetricsSnapshot {
  readonly status: JobStatus;
  /** Records emitted by all sources so far. */
  readonly recordsIn: number;
  /** Records consumed by all sinks so far. */
  readonly recordsOut: number;
  readonly elapsedMs: number;
  readonly restarts: number;
  readonly checkpointsCompleted: number;
  readonly checkpointsFailed: number;
}

/** A handle to a submitted job (Flink's JobClient). */
export interface JobClient {
  readonly jobId: string;
  readonly jobName: string;
  getJobStatus(): Promise<JobStatus>;
  /** Cancels the job; resolves once it has stopped. */
  cancel(): Promise<void>;
  /** Resolves with the result when the job finishes; rejects with a JobExecutionException when it fails. */
  getJobExecutionResult(): Promise<JobExecutionResult>;
  /** Counters for progress (records in/out, restarts, checkpoints). */
  getMetrics(): JobMetricsSnapshot;
}

/** A job failed (Flink's JobExecutionException); `cause` is the failure, usually an OperatorError. */
export class JobExecutionException extends Error {
  override readonly name = "JobExecutionException";
  constructor(
    readonly jobId: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message, { cause });
  }
}

/** Flink's JobListener: told when a job is submitted and when it ends. */
export interface JobListener {
  onJobSubmitted?(client: JobClient): void;
  onJobExecuted?(result: JobExecutionResult | null, error: unknown): void;
}
