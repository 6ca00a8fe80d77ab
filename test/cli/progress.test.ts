// Progress rendering (live \r redraws on a terminal, summaries) and run's argument splitting, in process.
import { afterEach, describe, expect, it, vi } from "vitest";
import { splitRunArgs } from "../../cli/cli.js";
import { formatClock, formatRate, formatSeconds, formatSummary, ProgressReporter } from "../../cli/progress.js";
import type { JobClient, JobMetricsSnapshot } from "../../host/node.js";

function fakeClient(metrics: { recordsIn: number; recordsOut: number }): JobClient {
  const started = Date.now();
  return {
    jobId: "ab".repeat(16),
    jobName: "fake",
    getJobStatus: async () => "RUNNING",
    cancel: async () => {},
    getJobExecutionResult: () => new Promise(() => {}),
    triggerSavepoint: async () => "",
    stopWithSavepoint: async () => "",
    triggerCheckpoint: () => new Promise(() => {}),
    getMetrics: (): JobMetricsSnapshot => ({
      status: "RUNNING",
      recordsIn: metrics.recordsIn,
      recordsOut: metrics.recordsOut,
      elapsedMs: Date.now() - started,
      restarts: 0,
      checkpointsCompleted: 0,
      checkpointsFailed: 0,
      lastCheckpointDurationMs: 0,
      lastCheckpointSizeBytes: 0,
    }),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("ProgressReporter", () => {
  it("redraws one line with \\r a few times per second on a terminal, then prints the summary", () => {
    vi.useFakeTimers();
    let out = "";
    const sink = { isTTY: true, columns: 200, write: (s: string) => (out += s) };
    const progress = new ProgressReporter(sink, "live");
    const metrics = { recordsIn: 0, recordsOut: 0 };
    progress.track(fakeClient(metrics));
    for (let i = 1; i <= 8; i++) {
      metrics.recordsIn = i * 1000;
      metrics.recordsOut = i * 500;
      vi.advanceTimersByTime(250);
    }
    const draws = out.split("\r\x1b[2K").filter((s) => s !== "");
    expect(draws.length).toBeGreaterThanOrEqual(8);
    expect(out).not.toContain("\n");
    const last = draws[draws.length - 1]!;
    expect(last).toMatch(/^fake {2}RUNNING {2}00:02\.0 {2}in 8,000 {2}out 4,000 {2}4\.00k rec\/s$/);
    progress.finish({ status: "FINISHED", jobId: "ab".repeat(16), jobName: "fake", netRuntimeMs: 2000, recordsIn: 8000, recordsOut: 4000, accumulators: {} });
    expect(out.endsWith(`\r\x1b[2KJob 'fake' (${"ab".repeat(16)}) finished in 2.00 s\n  records in: 8,000, records out: 4,000, throughput: 4.00k rec/s\n`)).toBe(true);
    const before = out.length;
    vi.advanceTimersByTime(1000);
    expect(out.length).toBe(before); // no redraws after the job ended
  });

  it("plain mode (not a terminal) prints only the summary; quiet mode nothing", () => {
    let plain = "";
    const p = new ProgressReporter({ write: (s: string) => (plain += s) }, "plain");
    p.track(fakeClient({ recordsIn: 5, recordsOut: 5 }));
    const report = { status: "FAILED" as const, jobId: "c".repeat(32), jobName: "j", netRuntimeMs: 12, recordsIn: 5, recordsOut: 4, accumulators: {}, error: "Operator 'm' (1/1) failed: x" };
    p.finish(report);
    expect(plain).toBe(formatSummary(report).join("\n") + "\n");
    expect(plain).toContain("  error: Operator 'm' (1/1) failed: x");
    expect(formatSummary({ ...report, checkpointsCompleted: 1234 })).toContain("  checkpoints completed: 1,234");
    expect(formatSummary(report).join("\n")).not.toContain("checkpoints");
    let quiet = "";
    const q = new ProgressReporter({ write: (s: string) => (quiet += s) }, "quiet");
    q.finish(report);
    expect(quiet).toBe("");
  });

  it("formats rates, seconds and clocks", () => {
    expect(formatRate(950.4)).toBe("950 rec/s");
    expect(formatRate(12_345)).toBe("12.3k rec/s");
    expect(formatRate(4_560_000)).toBe("4.56M rec/s");
    expect(formatSeconds(42)).toBe("0.042 s");
    expect(formatSeconds(3200)).toBe("3.20 s");
    expect(formatSeconds(125_000)).toBe("2 min 05 s");
    expect(formatClock(3250)).toBe("00:03.2");
    expect(formatClock(3_723_000)).toBe("1:02:03");
  });
});

describe("splitRunArgs", () => {
  it("puts the job file after run and leaves what follows it to the job", () => {
    expect(splitRunArgs(["run", "-p", "2", "-Da=b", "job.ts", "-p", "x", "--json"])).toEqual({
      cliArgs: ["run", "job.ts", "-p", "2", "-D", "a=b"],
      jobArgs: ["-p", "x", "--json"],
    });
    expect(splitRunArgs(["run", "--json", "--", "job.ts", "a"])).toEqual({ cliArgs: ["run", "job.ts", "--json"], jobArgs: ["a"] });
    expect(splitRunArgs(["run", "-p4", "job.js"])).toEqual({ cliArgs: ["run", "job.js", "-p", "4"], jobArgs: [] });
    expect(splitRunArgs(["list", "--json"])).toEqual({ cliArgs: ["list", "--json"], jobArgs: [] });
  });

  it("takes -s/--fromSavepoint's value (also -s<path>) before the job file, and leaves -s after it to the job", () => {
    expect(splitRunArgs(["run", "-s", "/sp/savepoint-1", "-n", "job.ts", "-s", "x"])).toEqual({
      cliArgs: ["run", "job.ts", "-s", "/sp/savepoint-1", "-n"],
      jobArgs: ["-s", "x"],
    });
    expect(splitRunArgs(["run", "-s/chk/abc", "--fromSavepoint", "/sp", "job.ts"])).toEqual({ cliArgs: ["run", "job.ts", "-s", "/chk/abc", "--fromSavepoint", "/sp"], jobArgs: [] });
  });
});
