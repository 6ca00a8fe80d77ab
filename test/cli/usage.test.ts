// Bad input gives exit code 2 and one clear line on stderr (no stack unless --verbose); help and version.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, lines, rivulet, ROOT, STACK_LINE } from "./helpers.js";

beforeAll(assertBuilt);

async function expectUsageError(args: string[], message: string | RegExp, cwd = ROOT): Promise<void> {
  const r = await rivulet(args, { cwd });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr.trimEnd()).toMatch(message);
}

describe("rivulet usage errors", () => {
  it("a missing job file", () => expectUsageError(["run", "no/such/job.ts"], "error: job file not found: no/such/job.ts"));

  it("a syntactically broken job file, with file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-cli-test-"));
    writeFileSync(join(dir, "broken.ts"), "const ok = 1;\nconst x: number = ;\n");
    await expectUsageError(["run", "broken.ts"], /^error: broken\.ts:2:19: Unexpected ";"$/, dir);
  });

  it("a relative import that does not exist, with file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-cli-test-"));
    writeFileSync(join(dir, "job.ts"), 'import { x } from "./missing.js";\nexport default async () => x;\n');
    await expectUsageError(["run", "job.ts"], /^error: job\.ts:1:19: Could not resolve "\.\/missing\.js"$/, dir);
  });

  it("an unknown option", () => expectUsageError(["run", "--bogus", fixture("word-count.js")], "error: Unknown option `--bogus`"));

  it("a job that defines no job", () =>
    expectUsageError(["run", "test/cli/fixtures/no-job.js"], "error: test/cli/fixtures/no-job.js defined no job: export default async (env) => ... or call env.execute()"));

  it("a non-integer -p", async () => {
    await expectUsageError(["run", "-p", "1.5", fixture("word-count.js")], "error: -p/--parallelism must be a positive integer, got '1.5'");
    await expectUsageError(["run", "-p", "many", fixture("word-count.js")], "error: -p/--parallelism must be a positive integer, got 'many'");
    await expectUsageError(["run", "-p", "0", fixture("word-count.js")], "error: -p/--parallelism must be a positive integer, got '0'");
    await expectUsageError(["run", "-p"], /value is missing/);
  });

  it("a malformed or invalid -D", async () => {
    await expectUsageError(["run", "-D", "novalue", fixture("word-count.js")], "error: -D expects key=value, got 'novalue'");
    await expectUsageError(["run", "-D", "parallelism.default=lots", fixture("word-count.js")], /^error: invalid configuration: .*parallelism\.default.*lots/);
  });

  it("no job file, an unknown command", async () => {
    await expectUsageError(["run"], "error: missing job file: rivulet run [options] <job.ts|job.js> [job args...]");
    await expectUsageError(["frobnicate"], "error: unknown command 'frobnicate' (see rivulet --help)");
  });

  it("--verbose shows the stack of a usage error", async () => {
    const r = await rivulet(["run", "--verbose", "no/such/job.ts"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(STACK_LINE);
  });
});

describe("rivulet help and version", () => {
  it("--help lists the commands", async () => {
    const r = await rivulet(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("run <job>");
    expect(r.stdout).toContain("list");
    expect(r.stdout).toContain("cancel <jobId>");
  });

  it("run --help shows run's options", async () => {
    const r = await rivulet(["run", "--help"]);
    expect(r.code).toBe(0);
    for (const opt of ["-p, --parallelism <n>", "-D <key=value>", "--json", "--verbose"]) expect(r.stdout).toContain(opt);
  });

  it("--version prints the package version", async () => {
    const r = await rivulet(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rivulet\/0\.\d+\.\d+/);
  });
});
