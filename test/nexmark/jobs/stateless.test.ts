import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StreamExecutionEnvironment } from "../../../host/index.js";
import { q10CsvLine, q10Partition, runBaseline, q10 as q10Baseline } from "../../../bench/nexmark/limit/index.js";
import type { QueryName } from "../../../bench/nexmark/limit/index.js";
import { q10, writeQ10 } from "../../../bench/nexmark/queries/index.js";
import { eventsFor, expectSameResult } from "./helpers.js";

// 30 000 events: about 27 600 bids over 3 s of event time.
const options = { maxEvents: 30_000, seed: 11 };

describe("stateless Nexmark jobs match the hand-written queries", () => {
  it.each([
    "q0",
    "q1",
    "q2",
    "q14",
    "q21",
    "q22",
  ] as QueryName[])("%s at parallelism 1", async (name) => {
    expect(await expectSameResult(name, options, 1)).toBeGreaterThan(50);
  });

  it("q1 and q22 at parallelism 3", async () => {
    expect(await expectSameResult("q1", options, 3)).toBeGreaterThan(20_000);
    expect(await expectSameResult("q22", options, 3)).toBeGreaterThan(20_000);
  });

  it("q13 joins the default side input and a given one", async () => {
    const all = await expectSameResult("q13", options, 2);
    expect(all).toBeGreaterThan(20_000);
    const sideInput = new Map([...Array(5000).keys()].map((k) => [2 * k, `v${2 * k}`] as const));
    // Odd keys have no side input row: the inner join drops the bids on odd auctions.
    const size = await expectSameResult("q13", { ...options, sideInput }, 2);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(all);
  });
});

describe("q10 writes partitioned files", () => {
  const dir = mkdtempSync(join(tmpdir(), "rivulet-q10-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("emits the hand-written rows and writes each as a CSV line under dt=/hm= at parallelism 2", async () => {
    // 2 000 events/s: 60 000 events span 30 s of event time, so the minute partitions change.
    const opts = { maxEvents: 60_000, seed: 3, firstEventRate: 2000, baseTime: Date.UTC(2015, 6, 15, 23, 59, 45) };
    const env = new StreamExecutionEnvironment().setParallelism(2);
    const rows = q10(env, opts);
    writeQ10(rows, dir);
    await rows.executeAndCollect();

    const expected = runBaseline(q10Baseline, eventsFor(opts, 2)).rows;
    const byPartition = new Map<string, string[]>();
    for (const row of expected) {
      const lines = byPartition.get(q10Partition(row)) ?? [];
      lines.push(q10CsvLine(row));
      byPartition.set(q10Partition(row), lines);
    }
    // The run crosses midnight: two days, and a minute partition per day change.
    expect([...byPartition.keys()].sort()).toEqual(["dt=2015-07-15/hm=23:59", "dt=2015-07-16/hm=00:00"]);
    for (const [partition, lines] of byPartition) {
      const files = readdirSync(join(dir, partition)).sort();
      expect(files).toEqual(["part-0-0.csv", "part-1-0.csv"]);
      const written = files.flatMap((f) => readFileSync(join(dir, partition, f), "utf8").split("\n").filter((l) => l !== ""));
      expect(written.sort()).toEqual(lines.sort());
    }
  });
});
