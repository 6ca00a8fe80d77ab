// Issue 5's proof through the CLI: a job with keyed state and the exactly-once FileSink checkpoints every 100 ms,
// its `rivulet run` process is SIGKILLed mid-run, and `rivulet run -s <checkpoint dir>/<jobId>` resumes it. The
// committed output of both runs together equals the failure-free output exactly: nothing lost, nothing twice.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, rivulet, rivuletInBackground, waitFor } from "./helpers.js";

beforeAll(assertBuilt);

const JOB = fixture("exactly-once.ts");
const N = 10_000;

/** What exactly-once.ts writes without failures, worked out without the engine: `key:v:sum` per v in 0..N-1. */
function expectedLines(n: number): string[] {
  const sums = new Map<number, number>();
  const out: string[] = [];
  for (let v = 0; v < n; v++) {
    const key = v % 5;
    const sum = (sums.get(key) ?? 0) + v;
    sums.set(key, sum);
    out.push(`${key}:${v}:${sum}`);
  }
  return out.sort();
}

/** The lines of the committed (visible) part files; in-progress and pending ones start with '.'. */
function committedLines(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".")) continue;
    out.push(...readFileSync(join(dir, name), "utf8").split("\n").filter((l) => l !== ""));
  }
  return out;
}

/** `<checkpoints>/<jobId>` once it holds a completed checkpoint (a chk-<n> with its _metadata). */
function completedCheckpoint(checkpoints: string): string | undefined {
  if (!existsSync(checkpoints)) return undefined;
  for (const job of readdirSync(checkpoints)) {
    const dir = join(checkpoints, job);
    if (readdirSync(dir).some((n) => /^chk-\d+$/.test(n) && existsSync(join(dir, n, "_metadata")))) return dir;
  }
  return undefined;
}

describe("fault injection through the CLI", () => {
  it("SIGKILL mid-run, then run -s <checkpoint dir>/<jobId>: the committed output is exactly the failure-free one", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "rivulet-kill-"));
    const out = join(tmp, "out");
    const checkpoints = join(tmp, "checkpoints");
    const env = { RIVULET_HOME: join(tmp, "home") };
    const config = [
      "-D", "execution.checkpointing.interval=100ms",
      "-D", `state.checkpoints.dir=${checkpoints}`,
      "-D", "execution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION",
      "-D", "taskmanager.network.channel-capacity=16",
    ];

    const first = rivuletInBackground(["run", ...config, JOB, out, String(N)], { env });
    let jobDir: string;
    try {
      // Kill once a checkpoint completed and committed its part files, i.e. truly mid-run.
      jobDir = await waitFor("a completed checkpoint", () => completedCheckpoint(checkpoints));
      await waitFor("committed output", () => committedLines(out).length > 0);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBe(null);
      expect(first.child.signalCode).toBe("SIGKILL");
    } finally {
      first.child.kill("SIGKILL");
    }
    const beforeKill = committedLines(out);
    expect(beforeKill.length).toBeGreaterThan(0);
    expect(beforeKill.length).toBeLessThan(N);
    // The killed process left its uncommitted parts hidden.
    expect(readdirSync(out).some((n) => n.startsWith("."))).toBe(true);

    const resumed = await rivulet(["run", ...config, "-s", jobDir, JOB, out, String(N)], { env, timeoutMs: 30_000 });
    expect(resumed.stderr).toMatch(/Job 'exactly once' \([0-9a-f]{32}\) finished in /);
    expect(resumed.code).toBe(0);

    const all = committedLines(out);
    expect(all.length).toBe(N);
    expect(all.sort()).toEqual(expectedLines(N));
  }, 30_000);
});
