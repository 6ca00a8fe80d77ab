import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
// Examples import "rivulet" (the built package); so does this test, so both share one module instance.
import { StreamExecutionEnvironment } from "rivulet";
import fraudDetection from "../examples/fraud-detection.js";
import sideOutputs from "../examples/side-outputs.js";
import wordCount from "../examples/word-count.js";

function captureStdout(): { lines: () => string[] } {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void chunks.push(args.join(" ") + "\n"));
  return { lines: () => chunks.join("").split("\n").filter((l) => l !== "") };
}

afterEach(() => vi.restoreAllMocks());

describe("examples", () => {
  it("word count prints the most frequent words with their counts", async () => {
    const out = captureStdout();
    await wordCount(new StreamExecutionEnvironment(), ["examples/data/tale-of-two-cities.txt", "--top", "3"]);
    // Independent count: whitespace split, lower case, trim punctuation at both ends.
    const text = readFileSync("examples/data/tale-of-two-cities.txt", "utf8").toLowerCase();
    const freq = new Map<string, number>();
    for (const raw of text.replace(/--/g, " ").split(/\s+/)) {
      const w = raw.replace(/^[^a-z0-9']+|[^a-z0-9']+$/g, "");
      if (w) freq.set(w, (freq.get(w) ?? 0) + 1);
    }
    const expected = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
    const lines = out.lines();
    expect(lines.slice(0, 3).map((l) => l.trim().split(/\s+/))).toEqual(expected.map(([w, n]) => [String(n), w]));
    expect(lines.at(-1)).toMatch(/^\(\d+ distinct words\)$/);
  });

  it("fraud detection alerts on a small transaction followed by a large one", async () => {
    const out = captureStdout();
    await fraudDetection(new StreamExecutionEnvironment());
    expect(out.lines()).toEqual([
      "ALERT account 3: small transaction followed by 712.34",
      "ALERT account 1: small transaction followed by 901.10",
      "ALERT account 3: small transaction followed by 633.01",
    ]);
  });

  it("side outputs route every reading somewhere", async () => {
    const out = captureStdout();
    await sideOutputs(new StreamExecutionEnvironment());
    expect(out.lines().sort()).toEqual(
      [
        "ok       s1 21.5",
        "ok       s2 19",
        "ok       s2 20.5",
        "ok       s3 -3.25",
        'MALFORMED "garbage"',
        'MALFORMED "s3,"',
        'MALFORMED "s1,22,extra"',
        "RANGE    s1 999",
      ].sort(),
    );
  });
});
