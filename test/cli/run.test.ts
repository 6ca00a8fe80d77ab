// `rivulet run` end to end under Node: JS and TS jobs, job args, -p/-D, --json, failures.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, lines, rivulet, STACK_LINE } from "./helpers.js";

beforeAll(assertBuilt);

describe("rivulet run (Node)", () => {
  it("runs a JavaScript job whose default export builds the pipeline", async () => {
    const r = await rivulet(["run", fixture("word-count.js")]);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['["to",1]', '["be",1]', '["to",2]', '["be",2]', '["question",1]']);
    // Not a terminal: no progress redraws, just the summary.
    expect(r.stderr).not.toContain("\r");
    expect(r.stderr).toMatch(/^Job 'word-count' \([0-9a-f]{32}\) finished in \d+\.\d+ s\n/);
    expect(r.stderr).toContain("records in: 2, records out: 5, throughput: ");
    expect(r.stderr).toContain("  accumulators: words=10\n");
  });

  it("passes the arguments after the job file to the job, options included", async () => {
    const r = await rivulet(["run", fixture("word-count.js"), "to", "be", "--verbose"]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['["to",1]', '["be",1]']);
  });

  it("runs a TypeScript job with a relative TypeScript import that executes at top level", async () => {
    const r = await rivulet(["run", fixture("ts-job.ts")]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(["the=1", "the=2", "the=3"]);
    expect(r.stderr).toMatch(/^Job 'ts word count' \([0-9a-f]{32}\) finished in /);
  });

  it("resolves bare package imports from the job's folder and keeps the job's import.meta.url", async () => {
    const r = await rivulet(["run", fixture("bare-imports.js")]);
    expect(r.stderr).toContain("finished");
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([`function function function function ${new URL(`file://${fixture("bare-imports.js")}`).href}`, "1"]);
  });

  it("-p sets the default parallelism and -D sets configuration keys", async () => {
    const a = await rivulet(["run", "-p", "3", "-D", "pipeline.auto-watermark-interval=50", fixture("parallelism.ts")]);
    expect(a.code).toBe(0);
    expect(lines(a.stdout)).toEqual(["watermark interval: 50", "parallel subtasks: 3"]);

    const b = await rivulet(["run", "-Dparallelism.default=2", "--parallelism", "4", fixture("parallelism.ts")]);
    expect(b.code).toBe(0);
    expect(lines(b.stdout)).toEqual(["watermark interval: 200", "parallel subtasks: 4"]);

    const c = await rivulet(["run", "-D", "parallelism.default=2", fixture("parallelism.ts")]);
    expect(lines(c.stdout)).toEqual(["watermark interval: 200", "parallel subtasks: 2"]);
  });

  it("--json prints one JSON object after the job's own output and nothing on stderr", async () => {
    const r = await rivulet(["run", "--json", fixture("word-count.js")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = lines(r.stdout);
    expect(out.slice(0, -1)).toEqual(['["to",1]', '["be",1]', '["to",2]', '["be",2]', '["question",1]']);
    const report = JSON.parse(out[out.length - 1]!) as Record<string, unknown>;
    expect(report).toMatchObject({ status: "FINISHED", jobName: "word-count", recordsIn: 2, recordsOut: 5, accumulators: { words: 10 } });
    expect(report["jobId"]).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof report["netRuntimeMs"]).toBe("number");
    expect(report).not.toHaveProperty("error");
  });

  it("a job whose map throws exits 1 naming the operator and the error, without a stack", async () => {
    const r = await rivulet(["run", fixture("failing.js")]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual(["1", "2"]);
    expect(r.stderr).toMatch(/^Job 'failing job' \([0-9a-f]{32}\) failed after /);
    expect(r.stderr).toContain("error: Operator 'explode' (1/1) failed: cannot handle record 3\n");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("--verbose adds the failure's stack, mapped to the job's source", async () => {
    const r = await rivulet(["run", "--verbose", fixture("failing.js")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(STACK_LINE);
    expect(r.stderr).toContain(`${fixture("failing.js")}:8:`);
  });

  it("--json reports a failed job with its error", async () => {
    const r = await rivulet(["run", "--json", fixture("failing.js")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const report = JSON.parse(lines(r.stdout).pop()!) as Record<string, unknown>;
    expect(report).toMatchObject({ status: "FAILED", jobName: "failing job", error: "Operator 'explode' (1/1) failed: cannot handle record 3" });
  });

  it("an error thrown by the job program outside any operator exits 1 with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-cli-test-"));
    writeFileSync(join(dir, "oops.js"), "export default async (env) => {\n  env.fromElements(1).nope();\n};\n");
    const r = await rivulet(["run", "oops.js"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: oops.js: TypeError: env.fromElements(...).nope is not a function\n");
  });
});
