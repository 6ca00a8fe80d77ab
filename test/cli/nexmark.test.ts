// `rivulet nexmark generate`: writes the generator's events as JSON lines; bad options are usage errors.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseEventJson, writeEventsAsJsonLines } from "../../host/connectors/nexmark/index.js";
import { assertBuilt, lines, rivulet } from "./helpers.js";

beforeAll(assertBuilt);

describe("rivulet nexmark generate", () => {
  const dir = mkdtempSync(join(tmpdir(), "rivulet-nexmark-cli-"));

  it("writes --events events as JSON lines, the same as writeEventsAsJsonLines with that seed and rate", async () => {
    const out = join(dir, "events.jsonl");
    const r = await rivulet(["nexmark", "generate", "--events", "2500", "--out", out, "--seed", "7", "--rate", "1000"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Wrote 2,500 Nexmark events to ${out}\n`);
    const text = readFileSync(out, "utf8");
    const parts: string[] = [];
    await writeEventsAsJsonLines({ maxEvents: 2500, seed: 7, firstEventRate: 1000 }, (chunk) => void parts.push(chunk));
    expect(text).toBe(parts.join(""));
    const events = lines(text).map(parseEventJson);
    expect(events).toHaveLength(2500);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set([0, 1, 2]));
  });

  it("different seeds give different data", async () => {
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    expect((await rivulet(["nexmark", "generate", "--events", "50", "--out", a])).code).toBe(0);
    expect((await rivulet(["nexmark", "generate", "--events", "50", "--out", b, "--seed", "1"])).code).toBe(0);
    expect(readFileSync(a, "utf8")).not.toBe(readFileSync(b, "utf8"));
  });

  it.each([
    [["nexmark", "generate", "--out", "x.jsonl"], "error: missing --events: rivulet nexmark generate --events N --out file.jsonl"],
    [["nexmark", "generate", "--events", "10"], "error: missing --out: rivulet nexmark generate --events N --out file.jsonl"],
    [["nexmark", "generate", "--events", "0", "--out", "x"], "error: --events must be an integer >= 1, got '0'"],
    [["nexmark", "generate", "--events", "1.5", "--out", "x"], "error: --events must be an integer >= 1, got '1.5'"],
    [["nexmark", "generate", "--events", "5", "--out", "x", "--rate", "0"], "error: --rate must be a positive number, got '0'"],
    [["nexmark", "simulate", "--events", "5", "--out", "x"], "error: unknown nexmark command 'simulate' (expected: generate)"],
    [["nexmark", "generate", "--events", "5", "--out", "/nonexistent-dir/x.jsonl"], /^error: cannot write '\/nonexistent-dir\/x\.jsonl': ENOENT/],
  ] as Array<[string[], string | RegExp]>)("usage error: %j", async (args, message) => {
    const r = await rivulet(args, { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});
