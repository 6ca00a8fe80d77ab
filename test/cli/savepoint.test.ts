// `rivulet savepoint`, `rivulet stop --savepointPath` and `rivulet run -s/-n` against real `rivulet run` processes.
// The job (fixtures/keyed-counts.ts) prints `v:key:count` for v = 0, 1, 2, ... with key v % 4 and a per-key count
// in ValueState: without failures the count of v is floor(v / 4) + 1, which the checks below work out on their own.
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, lines, rivulet, rivuletInBackground, waitFor } from "./helpers.js";

beforeAll(assertBuilt);

const JOB = fixture("keyed-counts.ts");
// Short channels, so a barrier does not wait behind a long queue of slow records.
const SHORT_CHANNELS = ["-D", "taskmanager.network.channel-capacity=16"];

interface Row {
  v: number;
  key: number;
  count: number;
}

function rows(stdout: string): Row[] {
  return lines(stdout).map((l) => {
    const [v, key, count] = l.split(":").map(Number);
    return { v: v!, key: key!, count: count! };
  });
}

/** The job's registered id, once its `rivulet run` serves it. */
function registeredJob(home: string): string | undefined {
  const dir = join(home, "jobs");
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")) : [];
  return names.length === 1 ? names[0]!.slice(0, -".json".length) : undefined;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe("rivulet savepoint / stop / run -s", () => {
  const tmp = mkdtempSync(join(tmpdir(), "rivulet-savepoints-"));
  const env = { RIVULET_HOME: join(tmp, "home") };
  let savepoint = ""; // taken while the job ran
  let stopped = 0; // records the stopped run printed
  // The sequence's end: the source keeps it in its state, so all runs pass the same one. About 3 s of records.
  const LIMIT = 6000;

  it("takes a savepoint of a running job, stops it with another; run -s continues from each with the restored counts", async () => {
    const run = rivuletInBackground(["run", ...SHORT_CHANNELS, JOB, String(LIMIT)], { env });
    try {
      const jobId = await waitFor("the job to register", () => registeredJob(env.RIVULET_HOME));
      await waitFor("50 records", () => lines(run.stdout()).length >= 50);

      const sp = await rivulet(["savepoint", jobId.slice(0, 8), join(tmp, "sp")], { env });
      expect(sp.stderr).toBe("");
      expect(sp.code).toBe(0);
      savepoint = sp.stdout.trim();
      expect(lines(sp.stdout)).toEqual([savepoint]);
      expect(savepoint.startsWith(join(tmp, "sp") + "/")).toBe(true);
      expect(existsSync(join(savepoint, "_metadata"))).toBe(true);

      // The job keeps running after a savepoint.
      const printed = lines(run.stdout()).length;
      await waitFor("more records", () => lines(run.stdout()).length >= printed + 20);

      const stop = await rivulet(["stop", "--savepointPath", join(tmp, "stop"), jobId], { env });
      expect(stop.stderr).toBe("");
      expect(stop.code).toBe(0);
      const stopSavepoint = stop.stdout.trim();
      expect(existsSync(join(stopSavepoint, "_metadata"))).toBe(true);
      expect(await run.exited).toBe(0);
      expect(run.stderr()).toMatch(new RegExp(`Job 'keyed counts' \\(${jobId}\\) finished in `));

      const first = rows(run.stdout());
      stopped = first.length;
      expect(stopped).toBeLessThan(LIMIT);
      expect(first.map((r) => r.v)).toEqual(range(0, stopped));
      for (const r of first) expect(r).toEqual({ v: r.v, key: r.v % 4, count: Math.floor(r.v / 4) + 1 });

      // From the first savepoint: the source resumes at the savepoint's offset and the counts go on from there.
      const limit = LIMIT;
      const resumed = await rivulet(["run", "-s", savepoint, JOB, String(limit)], { env });
      expect(resumed.code).toBe(0);
      const again = rows(resumed.stdout);
      const from = again[0]!.v;
      expect(from).toBeGreaterThanOrEqual(50);
      expect(again.map((r) => r.v)).toEqual(range(from, limit));
      for (const r of again) expect(r).toEqual({ v: r.v, key: r.v % 4, count: Math.floor(r.v / 4) + 1 });

      // From the stop savepoint: exactly the records the stopped run did not print, with the counts going on.
      const afterStop = await rivulet(["run", `-s${stopSavepoint}`, JOB, String(limit)], { env });
      expect(afterStop.code).toBe(0);
      expect(afterStop.stderr).toContain("finished in");
      const rest = rows(afterStop.stdout);
      expect([...first, ...rest].map((r) => r.v)).toEqual(range(0, limit));
      for (const r of rest) expect(r).toEqual({ v: r.v, key: r.v % 4, count: Math.floor(r.v / 4) + 1 });
    } finally {
      run.child.kill("SIGKILL");
    }
  });

  it("a savepoint whose operator is gone from the job fails naming it (exit 1); -n skips its state", async () => {
    expect(savepoint).not.toBe("");
    const limit = LIMIT;
    const strict = await rivulet(["run", "-s", savepoint, JOB, String(limit), "counts-v2"], { env });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/'counts'/);
    expect(strict.stderr).toMatch(/not available in the new program/);
    expect(strict.stdout).toBe("");

    const lenient = await rivulet(["run", "-n", "-s", savepoint, JOB, String(limit), "counts-v2"], { env });
    expect(lenient.stderr).toContain("finished in");
    expect(lenient.code).toBe(0);
    // The source's offset is restored, the counts (state of the renamed operator) start again at 1.
    const out = rows(lenient.stdout);
    const from = out[0]!.v;
    expect(from).toBeGreaterThanOrEqual(50);
    expect(out.map((r) => r.v)).toEqual(range(from, limit));
    for (const r of out) expect(r.count).toBe(Math.floor((r.v - from) / 4) + 1);
  });

  it("a bad -s path is a usage error (exit 2)", async () => {
    const missing = await rivulet(["run", "-s", join(tmp, "no-such-savepoint"), JOB], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: -s: no savepoint or checkpoint at '${join(tmp, "no-such-savepoint")}'\n`);

    const empty = join(tmp, "empty");
    mkdirSync(empty);
    const notOne = await rivulet(["run", "--fromSavepoint", empty, JOB], { env });
    expect(notOne.code).toBe(2);
    expect(notOne.stderr).toContain("is not a savepoint or checkpoint");

    const notMetadata = await rivulet(["run", "-s", JOB, JOB], { env });
    expect(notMetadata.code).toBe(2);
    expect(notMetadata.stderr).toContain("is a file but not a _metadata file");
  });

  it("savepoint and stop of an unknown job are usage errors; a savepoint without a directory fails (exit 1)", async () => {
    const unknown = await rivulet(["savepoint", "0123456789abcdef"], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("error: no running job with id '0123456789abcdef' (see rivulet list)\n");
    const stop = await rivulet(["stop", "--savepointPath", tmp, "0123456789abcdef"], { env });
    expect(stop.code).toBe(2);

    const run = rivuletInBackground(["run", ...SHORT_CHANNELS, JOB], { env });
    try {
      const jobId = await waitFor("the job to register", () => registeredJob(env.RIVULET_HOME));
      const noDir = await rivulet(["savepoint", jobId], { env });
      expect(noDir.code).toBe(1);
      expect(noDir.stderr).toMatch(new RegExp(`^error: could not take a savepoint of job ${jobId}: .*state\\.savepoints\\.dir`));
      const cancel = await rivulet(["cancel", jobId], { env });
      expect(cancel.code).toBe(0);
      expect(await run.exited).toBe(1);
    } finally {
      run.child.kill("SIGKILL");
    }
  });
});
