// Progress and summary rendering for `rivulet run`: a live line redrawn with \r on a terminal, summary lines at
// the end, or one JSON object per job with --json.
import type { JobClient, JobStatus } from "../host/node.js";

/** What the CLI reports about one job when it ends (the --json object). */
export interface JobReport {
  status: JobStatus;
  jobId: string;
  jobName: string;
  netRuntimeMs: number;
  recordsIn: number;
  recordsOut: number;
  accumulators: Record<string, number>;
  /** Checkpoints (and savepoints) completed, when checkpointing took any. */
  checkpointsCompleted?: number;
  /** One-line failure message, only when the job did not finish. */
  error?: string;
}

/** The bits of a stream progress needs (process.stderr in practice; a fake in tests). */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** `live`: \r-redrawn line plus summary (a terminal); `plain`: summary only; `quiet`: nothing (--json). */
export type ProgressMode = "live" | "plain" | "quiet";

const REDRAW_MS = 250;
const RATE_WINDOW = 5; // samples: the rate is over the last ~second

interface Tracked {
  readonly client: JobClient;
  readonly samples: Array<{ t: number; n: number }>;
}

export class ProgressReporter {
  private readonly active = new Map<string, Tracked>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private drawn = false;

  constructor(
    private readonly out: TextSink,
    readonly mode: ProgressMode,
  ) {}

  /** Starts showing `client`'s progress (live mode only); call `finish` when it ends. */
  track(client: JobClient): void {
    if (this.mode !== "live") return;
    this.active.set(client.jobId, { client, samples: [] });
    if (this.timer === null) {
      this.timer = setInterval(() => this.redraw(), REDRAW_MS);
      // Never keep the process alive just to draw progress.
      (this.timer as { unref?: () => void }).unref?.();
    }
    this.redraw();
  }

  /** Stops showing `jobId` and prints its summary. */
  finish(report: JobReport): void {
    this.active.delete(report.jobId);
    if (this.active.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.clearLine();
    if (this.mode !== "quiet") this.out.write(formatSummary(report).join("\n") + "\n");
    if (this.active.size > 0) this.redraw();
  }

  /** Erases the live line, e.g. before printing an error. */
  clearLine(): void {
    if (this.drawn) {
      this.out.write("\r\x1b[2K");
      this.drawn = false;
    }
  }

  /**
   * Makes writes to `stream` (stdout on the same terminal) erase the live line first, so the job's output does
   * not land after the progress text; the next redraw puts the line back. Returns the undo.
   */
  guard(stream: { write: (...args: never[]) => boolean }): () => void {
    const original = stream.write;
    const self = this;
    stream.write = function (this: unknown, ...args: never[]): boolean {
      self.clearLine();
      return original.apply(this, args);
    } as typeof stream.write;
    return () => {
      stream.write = original;
    };
  }

  /** Stops all redraws (the CLI is exiting). */
  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.active.clear();
    this.clearLine();
  }

  private redraw(): void {
    if (this.active.size === 0) return;
    const now = Date.now();
    const parts: string[] = [];
    for (const tracked of this.active.values()) {
      const m = tracked.client.getMetrics();
      tracked.samples.push({ t: now, n: m.recordsIn });
      if (tracked.samples.length > RATE_WINDOW) tracked.samples.shift();
      const first = tracked.samples[0]!;
      const rate = now > first.t ? ((m.recordsIn - first.n) * 1000) / (now - first.t) : 0;
      let line =
        `${tracked.client.jobName}  ${m.status}  ${formatClock(m.elapsedMs)}  ` +
        `in ${formatCount(m.recordsIn)}  out ${formatCount(m.recordsOut)}  ${formatRate(rate)}`;
      if (m.restarts > 0) line += `  restarts ${m.restarts}`;
      if (m.checkpointsCompleted + m.checkpointsFailed > 0) line += `  checkpoints ${m.checkpointsCompleted}/${m.checkpointsCompleted + m.checkpointsFailed}`;
      parts.push(line);
    }
    let text = parts.join(" | ");
    const width = this.out.columns ?? 0;
    if (width > 1 && text.length > width - 1) text = text.slice(0, width - 2) + "…";
    this.out.write("\r\x1b[2K" + text);
    this.drawn = true;
  }
}

/** The summary printed when a job ends: a headline, then counts (and the error for a failed job). */
export function formatSummary(r: JobReport): string[] {
  const seconds = formatSeconds(r.netRuntimeMs);
  const head =
    r.status === "FINISHED"
      ? `Job '${r.jobName}' (${r.jobId}) finished in ${seconds}`
      : `Job '${r.jobName}' (${r.jobId}) ${r.status === "CANCELED" ? "was cancelled" : "failed"} after ${seconds}`;
  const throughput = r.netRuntimeMs > 0 ? (r.recordsIn * 1000) / r.netRuntimeMs : 0;
  const lines = [head, `  records in: ${formatCount(r.recordsIn)}, records out: ${formatCount(r.recordsOut)}, throughput: ${formatRate(throughput)}`];
  if (r.checkpointsCompleted !== undefined && r.checkpointsCompleted > 0) lines.push(`  checkpoints completed: ${formatCount(r.checkpointsCompleted)}`);
  if (r.error !== undefined) lines.push(`  error: ${r.error}`);
  const acc = Object.entries(r.accumulators);
  if (acc.length > 0) lines.push(`  accumulators: ${acc.map(([k, v]) => `${k}=${formatCount(v)}`).join(", ")}`);
  return lines;
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** Records per second, compact: `950 rec/s`, `12.3k rec/s`, `4.56M rec/s`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) perSecond = 0;
  if (perSecond < 1000) return `${Math.round(perSecond)} rec/s`;
  if (perSecond < 1e6) return `${(perSecond / 1e3).toFixed(perSecond < 1e4 ? 2 : 1)}k rec/s`;
  return `${(perSecond / 1e6).toFixed(2)}M rec/s`;
}

/** `0.042 s`, `3.20 s`, `2 min 05 s`. */
export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${(ms / 1000).toFixed(3)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Elapsed time for the live line: `00:03.2`, `1:02:03`. */
export function formatClock(ms: number): string {
  const tenths = Math.floor(ms / 100) % 10;
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}.${tenths}`;
}
