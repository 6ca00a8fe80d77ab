// `rivulet list` and `rivulet cancel` against a job running in another `rivulet run` process.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, fixture, rivulet, ROOT } from "./helpers.js";

beforeAll(assertBuilt);

describe("rivulet list / cancel", () => {
  it("lists a running job and cancels it by id prefix; the run then exits 1 as cancelled", async () => {
    const home = mkdtempSync(join(tmpdir(), "rivulet-home-"));
    const env = { ...process.env, RIVULET_HOME: home };
    const run = spawn(process.execPath, [BIN, "run", fixture("slow.ts")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    run.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => run.on("close", resolve));
    try {
      let jobs: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 100 && jobs.length === 0; i++) {
        const r = await rivulet(["list", "--json"], { env });
        expect(r.code).toBe(0);
        jobs = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
        if (jobs.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(jobs).toHaveLength(1);
      const job = jobs[0]!;
      expect(job).toMatchObject({ jobName: "slow job", status: "RUNNING", pid: run.pid });
      const jobId = String(job["jobId"]);

      const table = await rivulet(["list"], { env });
      expect(table.stdout).toMatch(/^JOB ID\s+NAME\s+STATUS/);
      expect(table.stdout).toContain(`${jobId}  slow job  RUNNING`);

      const cancel = await rivulet(["cancel", jobId.slice(0, 12)], { env });
      expect(cancel.stderr).toBe("");
      expect(cancel.code).toBe(0);
      expect(cancel.stdout).toBe(`Cancelled job 'slow job' (${jobId}): CANCELED\n`);

      expect(await exited).toBe(1);
      expect(stderr).toContain(`Job 'slow job' (${jobId}) was cancelled after`);
      expect(readdirSync(join(home, "jobs"))).toEqual([]);
      const after = await rivulet(["list"], { env });
      expect(after.stdout).toBe("No running jobs.\n");
    } finally {
      run.kill("SIGKILL");
    }
  });

  it("cancel of an unknown job is a usage error", async () => {
    const home = mkdtempSync(join(tmpdir(), "rivulet-home-"));
    const r = await rivulet(["cancel", "0123456789abcdef"], { env: { ...process.env, RIVULET_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: no running job with id '0123456789abcdef' (see rivulet list)\n");
    expect(existsSync(join(home, "jobs"))).toBe(false);
  });
});

describe("Ctrl-C", () => {
  it.skipIf(process.platform === "win32")("SIGINT cancels the running job, prints its summary and exits 1", async () => {
    const home = mkdtempSync(join(tmpdir(), "rivulet-home-"));
    const run = spawn(process.execPath, [BIN, "run", fixture("slow.ts")], { cwd: ROOT, env: { ...process.env, RIVULET_HOME: home }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    run.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => run.on("close", resolve));
    try {
      // Wait until the job is registered, i.e. running.
      for (let i = 0; i < 100 && !(existsSync(join(home, "jobs")) && readdirSync(join(home, "jobs")).length > 0); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      run.kill("SIGINT");
      expect(await exited).toBe(1);
      expect(stderr).toContain("rivulet: cancelling (Ctrl-C again to exit now)\n");
      expect(stderr).toMatch(/Job 'slow job' \([0-9a-f]{32}\) was cancelled after /);
    } finally {
      run.kill("SIGKILL");
    }
  });
});
