// The same TypeScript job through Deno 2 (the `deno` npm package's binary), offline: --cached-only with an
// empty DENO_DIR fails on any attempt to download, so this proves Deno resolves everything from node_modules.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, DENO, fixture, lines, rivulet, spawnCollect } from "./helpers.js";

beforeAll(assertBuilt);

describe.skipIf(!existsSync(DENO))("rivulet under Deno", () => {
  it("deno run -A dist/cli/main.js run job.ts gives the same output and exit code as Node", async () => {
    const env = { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DENO_DIR: mkdtempSync(join(tmpdir(), "rivulet-deno-dir-")) };
    const deno = await spawnCollect(DENO, ["run", "-A", "--cached-only", "dist/cli/main.js", "run", fixture("ts-job.ts")], { env, timeoutMs: 60_000 });
    expect(deno.stderr).toMatch(/^Job 'ts word count' \([0-9a-f]{32}\) finished in /);
    expect(deno.code).toBe(0);
    const node = await rivulet(["run", fixture("ts-job.ts")]);
    expect(deno.stdout).toBe(node.stdout);
    expect(lines(deno.stdout)).toEqual(["the=1", "the=2", "the=3"]);

    const failed = await spawnCollect(DENO, ["run", "-A", "--cached-only", "dist/cli/main.js", "run", "-p", "2", fixture("failing.js")], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("error: Operator 'explode' (1/2) failed: cannot handle record 3");
  });

  it("runs a job whose keyed state lives in the Wasm core", async () => {
    const env = { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DENO_DIR: mkdtempSync(join(tmpdir(), "rivulet-deno-dir-")) };
    const deno = await spawnCollect(DENO, ["run", "-A", "--cached-only", "dist/cli/main.js", "run", fixture("wasm-state.ts")], { env, timeoutMs: 60_000 });
    expect(deno.code).toBe(0);
    expect(lines(deno.stdout)).toEqual(["a=1", "b=1", "a=2", "c=1", "a=3", "b=2"]);
  });
});
