// Checkpointing settings of a job (Flink's CheckpointConfig, CheckpointingMode, ExternalizedCheckpointCleanup),
// read from Flink's configuration keys and changed in code.
import type { Configuration } from "./configuration.js";

/** Flink's CheckpointingMode: aligned barriers (exactly-once state) or no alignment (at-least-once). */
export const CheckpointingMode = { EXACTLY_ONCE: "EXACTLY_ONCE", AT_LEAST_ONCE: "AT_LEAST_ONCE" } as const;
export type CheckpointingMode = (typeof CheckpointingMode)[keyof typeof CheckpointingMode];

/** What happens to retained checkpoints when the job is cancelled (Flink's ExternalizedCheckpointCleanup). */
export const ExternalizedCheckpointCleanup = {
  /** Keep them on cancel, so the job can be resumed from its last checkpoint with `-s`. */
  RETAIN_ON_CANCELLATION: "RETAIN_ON_CANCELLATION",
  /** Delete them on cancel (they are kept when the job fails). */
  DELETE_ON_CANCELLATION: "DELETE_ON_CANCELLATION",
  /** Flink's default: checkpoints are not retained when the job ends (finished, cancelled or failed). */
  NO_EXTERNALIZED_CHECKPOINTS: "NO_EXTERNALIZED_CHECKPOINTS",
} as const;
export type ExternalizedCheckpointCleanup = (typeof ExternalizedCheckpointCleanup)[keyof typeof ExternalizedCheckpointCleanup];

/**
 * Parses a Flink duration: a number of milliseconds, or a number with a unit (`500 ms`, `10 s`, `2 min`, `1 h`,
 * `1 d`).
 *
 * @example
 * parseDuration("10 s"); // 10000
 */
export function parseDuration(text: string | number): number {
  if (typeof text === "number") return text;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?\s*$/i.exec(text);
  if (m === null) throw new TypeError(`'${text}' is not a duration (e.g. 500 ms, 10 s, 1 min)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? "ms").toLowerCase();
  const factor = unit.startsWith("ms") || unit.startsWith("milli") ? 1 : unit.startsWith("s") ? 1000 : unit.startsWith("m") ? 60_000 : unit.startsWith("h") ? 3_600_000 : 86_400_000;
  return n * factor;
}

/**
 * Checkpointing settings (Flink's CheckpointConfig). Defaults as Flink: disabled (interval -1), EXACTLY_ONCE,
 * timeout 10 min, min pause 0, one concurrent checkpoint, no tolerated failures, aligned, not retained,
 * `state.checkpoints.num-retained` 1. Configuration keys: `execution.checkpointing.interval`, `.mode`,
 * `.timeout`, `.min-pause`, `.max-concurrent-checkpoints`, `.tolerable-failed-checkpoints`, `.unaligned`,
 * `.externalized-checkpoint-retention`, `state.checkpoints.dir`, `state.checkpoints.num-retained`,
 * `state.savepoints.dir`.
 *
 * @example
 * env.enableCheckpointing(1000);
 * env.getCheckpointConfig().setCheckpointStorage("file:///tmp/checkpoints");
 * env.getCheckpointConfig().setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
 */
export class CheckpointConfig {
  private interval: number;
  private mode: CheckpointingMode;
  private timeout: number;
  private minPause: number;
  private maxConcurrent: number;
  private tolerableFailures: number;
  private unaligned: boolean;
  private cleanup: ExternalizedCheckpointCleanup;
  private storage: string | null;
  private numRetained: number;
  private savepointDirectory: string | null;

  constructor(config: Configuration) {
    const duration = (key: string, fallback: number): number => (config.has(key) ? parseDuration(config.getString(key, "")) : fallback);
    this.interval = duration("execution.checkpointing.interval", -1);
    const mode = config.getString("execution.checkpointing.mode", CheckpointingMode.EXACTLY_ONCE).toUpperCase();
    if (mode !== "EXACTLY_ONCE" && mode !== "AT_LEAST_ONCE") throw new TypeError(`execution.checkpointing.mode must be EXACTLY_ONCE or AT_LEAST_ONCE, got '${mode}'`);
    this.mode = mode;
    this.timeout = duration("execution.checkpointing.timeout", 10 * 60_000);
    this.minPause = duration("execution.checkpointing.min-pause", 0);
    this.maxConcurrent = config.getInteger("execution.checkpointing.max-concurrent-checkpoints", 1);
    this.tolerableFailures = config.getInteger("execution.checkpointing.tolerable-failed-checkpoints", 0);
    this.unaligned = config.getBoolean("execution.checkpointing.unaligned", false);
    const cleanup = config.getString("execution.checkpointing.externalized-checkpoint-retention", ExternalizedCheckpointCleanup.NO_EXTERNALIZED_CHECKPOINTS).toUpperCase();
    if (!(cleanup in ExternalizedCheckpointCleanup)) throw new TypeError(`unknown externalized-checkpoint-retention '${cleanup}'`);
    this.cleanup = cleanup as ExternalizedCheckpointCleanup;
    this.storage = config.has("state.checkpoints.dir") ? config.getString("state.checkpoints.dir", "") : null;
    this.numRetained = config.getInteger("state.checkpoints.num-retained", 1);
    if (this.numRetained < 1) throw new RangeError("state.checkpoints.num-retained must be at least 1");
    this.savepointDirectory = config.has("state.savepoints.dir") ? config.getString("state.savepoints.dir", "") : null;
  }

  /** Whether periodic checkpoints are on (an interval was set). */
  isCheckpointingEnabled(): boolean {
    return this.interval > 0;
  }
  /** Time between the starts of two checkpoints, ms; -1 when disabled. */
  getCheckpointInterval(): number {
    return this.interval;
  }
  setCheckpointInterval(ms: number): this {
    if (!(ms >= 10)) throw new RangeError("Checkpoint interval must be larger than or equal to 10 ms");
    this.interval = ms;
    return this;
  }
  getCheckpointingMode(): CheckpointingMode {
    return this.mode;
  }
  setCheckpointingMode(mode: CheckpointingMode): this {
    this.mode = mode;
    return this;
  }
  /** A checkpoint not complete after this long is aborted (and counts as failed). Default 10 min. */
  getCheckpointTimeout(): number {
    return this.timeout;
  }
  setCheckpointTimeout(ms: number): this {
    if (!(ms >= 1)) throw new RangeError("Checkpoint timeout must be larger than or equal to 1 ms");
    this.timeout = ms;
    return this;
  }
  /** Least time from the end of one checkpoint to the start of the next. Default 0. */
  getMinPauseBetweenCheckpoints(): number {
    return this.minPause;
  }
  setMinPauseBetweenCheckpoints(ms: number): this {
    if (!(ms >= 0)) throw new RangeError("Pause value must be zero or positive");
    this.minPause = ms;
    return this;
  }
  /** Most checkpoints in progress at once. Default 1. */
  getMaxConcurrentCheckpoints(): number {
    return this.maxConcurrent;
  }
  setMaxConcurrentCheckpoints(n: number): this {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError("The maximum number of concurrent attempts must be at least one.");
    this.maxConcurrent = n;
    return this;
  }
  /** Consecutive checkpoint failures tolerated before the job fails. Default 0. */
  getTolerableCheckpointFailureNumber(): number {
    return this.tolerableFailures;
  }
  setTolerableCheckpointFailureNumber(n: number): this {
    if (!(Number.isInteger(n) && n >= 0)) throw new RangeError("The tolerable failure checkpoint number must be non-negative.");
    this.tolerableFailures = n;
    return this;
  }
  /** Unaligned checkpoints: barriers overtake in-flight records, which are stored with the checkpoint. */
  enableUnalignedCheckpoints(enabled = true): this {
    this.unaligned = enabled;
    return this;
  }
  isUnalignedCheckpointsEnabled(): boolean {
    return this.unaligned;
  }
  setExternalizedCheckpointCleanup(cleanup: ExternalizedCheckpointCleanup): this {
    this.cleanup = cleanup;
    return this;
  }
  getExternalizedCheckpointCleanup(): ExternalizedCheckpointCleanup {
    return this.cleanup;
  }
  /** Checkpoints are retained (not deleted) when the job ends (Flink: externalized checkpoints enabled). */
  isExternalizedCheckpointsEnabled(): boolean {
    return this.cleanup !== ExternalizedCheckpointCleanup.NO_EXTERNALIZED_CHECKPOINTS;
  }
  /** Directory (or `file://` URL) for checkpoints; without one they are kept in memory (Flink's JobManager storage). */
  setCheckpointStorage(dirOrUrl: string): this {
    this.storage = dirOrUrl;
    return this;
  }
  getCheckpointStorage(): string | null {
    return this.storage;
  }
  /** How many completed checkpoints are kept (Flink's state.checkpoints.num-retained, default 1). */
  setNumRetainedCheckpoints(n: number): this {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError("num-retained must be at least 1");
    this.numRetained = n;
    return this;
  }
  getNumRetainedCheckpoints(): number {
    return this.numRetained;
  }
  /** Default target directory of savepoints (Flink's state.savepoints.dir). */
  getDefaultSavepointDirectory(): string | null {
    return this.savepointDirectory;
  }
  setDefaultSavepointDirectory(dir: string): this {
    this.savepointDirectory = dir;
    return this;
  }
}
