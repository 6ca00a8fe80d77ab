// FileSource formats: restore positions with header lines, and malformed lines (fail with file and line, or go to
// a side output, per configuration; never dropped).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  CsvFormat,
  FileSource,
  type JobRunner,
  JsonLinesFormat,
  type MalformedRecord,
  OutputTag,
  RestartStrategies,
  type ReaderOutput,
  StreamExecutionEnvironment,
  TextLineInputFormat,
} from "../../host/node.js";
import { committedOutput, FailOnceMap, resetCommitted, resetInjected, sorted, TransactionalCollectSink } from "../checkpoint/harness.js";

const tmp = () => mkdtempSync(join(tmpdir(), "rivulet-files-"));

beforeEach(() => {
  resetInjected();
  resetCommitted("csv-restore");
});

describe("FileSource", () => {
  it("a CSV file with a header resumes after a failure with its columns", async () => {
    const dir = tmp();
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: String(i), name: `n${i}` }));
    writeFileSync(join(dir, "rows.csv"), "id,name\n" + rows.map((r) => `${r.id},${r.name}`).join("\n") + "\n");
    const env = new StreamExecutionEnvironment();
    env.enableCheckpointing(10).setRestartStrategy(RestartStrategies.fixedDelayRestart(1, 0));
    let client!: JobRunner;
    env
      .fromSource(FileSource.forRecordStreamFormat(CsvFormat.of<Record<string, string>>({ header: true }), dir).build(), null, "csv")
      .map((r: Record<string, string>) => {
        const until = performance.now() + 0.01; // spreads the file over several checkpoints
        while (performance.now() < until);
        return r;
      })
      // fails once, after a checkpoint recorded a read position past the header
      .map(new FailOnceMap<Record<string, string>>("csv-restore", (r) => Number(r.id) >= 15_000 && client.getMetrics().checkpointsCompleted > 0))
      .map((r) => JSON.stringify(r))
      .addSink(new TransactionalCollectSink<string>("csv-restore"));
    client = (await env.executeAsync("csv restore")) as JobRunner;
    await client.getJobExecutionResult();
    expect(client.getMetrics().restarts).toBe(1);
    expect(sorted(committedOutput<string>("csv-restore"))).toEqual(sorted(rows.map((r) => JSON.stringify(r))));
  });

  it("a malformed JSON line fails the job with the file and line, by default", async () => {
    const dir = tmp();
    const file = join(dir, "events.jsonl");
    writeFileSync(file, '{"a":1}\n{"a":2\n{"a":3}\n');
    const job = new StreamExecutionEnvironment()
      .fromSource(FileSource.forRecordStreamFormat(new JsonLinesFormat<{ a: number }>(), file).build(), null, "json")
      .executeAndCollect();
    await expect(job).rejects.toThrow(new RegExp(`Operator 'Source: json' \\(1/1\\) failed: .*events\\.jsonl:2: not JSON`));
  });

  it("malformed lines go to the configured side output, with file, line, text and error; the rest is read", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "a.jsonl"), '{"a":1}\nnope\n\n{"a":2}\n');
    writeFileSync(join(dir, "b.csv.jsonl"), '[1,\n{"a":3}\n');
    const bad = new OutputTag<MalformedRecord>("malformed");
    const env = new StreamExecutionEnvironment();
    const events = env.fromSource(FileSource.forRecordStreamFormat(new JsonLinesFormat<{ a: number }>(), dir).withMalformedRecordsTo(bad).build(), null, "json");
    const good: number[] = [];
    const rejected: MalformedRecord[] = [];
    events.addSink((e: { a: number }) => void good.push(e.a));
    events.getSideOutput(bad).addSink((m: MalformedRecord) => void rejected.push(m));
    await env.execute();
    expect(good.sort()).toEqual([1, 2, 3]);
    expect(rejected.map((m) => [m.path.slice(dir.length + 1), m.line, m.text]).sort()).toEqual([
      ["a.jsonl", 2, "nope"],
      ["b.csv.jsonl", 1, "[1,"],
    ]);
    expect(rejected.every((m) => m.error.startsWith("not JSON: "))).toBe(true);
  });

  it("a CSV row with more fields than columns is malformed", async () => {
    const dir = tmp();
    const file = join(dir, "people.csv");
    writeFileSync(file, "name,age\nAnn,3\nBob,4,extra\nCy\n");
    const bad = new OutputTag<MalformedRecord>("bad rows");
    const env = new StreamExecutionEnvironment();
    const rows = env.fromSource(FileSource.forRecordStreamFormat(CsvFormat.of<Record<string, string>>({ header: true }), file).withMalformedRecordsTo(bad).build(), null, "csv");
    const good: Array<Record<string, string>> = [];
    const rejected: MalformedRecord[] = [];
    rows.addSink((r: Record<string, string>) => void good.push(r));
    rows.getSideOutput(bad).addSink((m: MalformedRecord) => void rejected.push(m));
    await env.execute();
    expect(good).toEqual([{ name: "Ann", age: "3" }, { name: "Cy", age: "" }]);
    expect(rejected).toEqual([{ path: file, line: 3, text: "Bob,4,extra", error: "expected at most 2 fields (name,age), found 3" }]);
    await expect(
      new StreamExecutionEnvironment()
        .fromSource(FileSource.forRecordStreamFormat(CsvFormat.of({ header: true }), file).build(), null, "csv")
        .executeAndCollect(),
    ).rejects.toThrow(/people\.csv:3: expected at most 2 fields/);
  });

  it("one poll emits a bounded slice of its buffer when the chained operators are slow, keeping positions exact", async () => {
    const dir = tmp();
    const file = join(dir, "lines.txt");
    const lines = Array.from({ length: 1_000 }, (_, i) => `l${i}`);
    writeFileSync(file, lines.join("\n") + "\n");
    const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), file).build();
    const reader = source.createReader({ subtaskIndex: 0, parallelism: 1, currentProcessingTime: () => Date.now() });
    reader.addSplits(source.createSplits(1));
    const got: string[] = [];
    const slow: ReaderOutput<string> = {
      collect(v) {
        const until = performance.now() + 0.2; // a slow operator chained to the source
        while (performance.now() < until);
        got.push(v);
      },
      emitWatermark() {},
      markIdle() {},
    };
    let most = 0;
    for (let polls = 0; polls < 10_000; polls++) {
      await reader.isAvailable();
      await new Promise((r) => setTimeout(r, 10)); // the reader fills its buffer meanwhile, as while a task runs
      const before = got.length;
      const status = reader.pollNext(slow);
      most = Math.max(most, got.length - before);
      // the recorded position is exactly what was emitted
      const pos = reader.snapshotState(0).find((s) => s.path === file);
      if (pos !== undefined && !pos.done) expect(pos.position).toBe(got.length);
      if (status === "END_OF_INPUT") break;
    }
    expect(got).toEqual(lines);
    // 63 records take at least 12.6 ms here, past the 2 ms budget, so no poll emits more
    expect(most).toBe(63);
    reader.close?.();
  });
});

