import { describe, expect, it } from "vitest";
import { StreamExecutionEnvironment, WatermarkStrategy } from "../../host/index.js";
import type { InputStatus, ReaderOutput, SourceReader } from "../../host/api/source.js";
import {
  NexmarkEventReader,
  NexmarkSource,
  eventTimestamp,
  eventToJson,
  type Event,
  type NexmarkSplit,
} from "../../host/connectors/nexmark/index.js";

/** A ReaderOutput that keeps what it gets. */
function capture(): ReaderOutput<Event> & { events: Event[]; timestamps: Array<number | undefined> } {
  const events: Event[] = [];
  const timestamps: Array<number | undefined> = [];
  return {
    events,
    timestamps,
    collect(value, timestamp) {
      events.push(value);
      timestamps.push(timestamp);
    },
    emitWatermark() {},
    markIdle() {},
  };
}

function openReader(source: NexmarkSource, splits: NexmarkSplit[], now: () => number = () => 0): SourceReader<Event, NexmarkSplit> {
  const reader = source.createReader({ subtaskIndex: 0, parallelism: 1, currentProcessingTime: now });
  reader.addSplits(splits);
  return reader;
}

/** Polls until the reader ends or reports NOTHING_AVAILABLE (at most `maxPolls` polls). */
function drain(reader: SourceReader<Event, NexmarkSplit>, out: ReaderOutput<Event>, maxPolls = 1e6): InputStatus {
  let status: InputStatus = "MORE_AVAILABLE";
  for (let i = 0; i < maxPolls && status === "MORE_AVAILABLE"; i++) status = reader.pollNext(out);
  return status;
}

describe("NexmarkSource", () => {
  it("is bounded with maxEvents and unbounded without", () => {
    expect(new NexmarkSource({ maxEvents: 10 }).boundedness).toBe("BOUNDED");
    expect(new NexmarkSource().boundedness).toBe("CONTINUOUS_UNBOUNDED");
    expect(new NexmarkSource({ maxEvents: 0 }).boundedness).toBe("CONTINUOUS_UNBOUNDED");
    expect(() => new NexmarkSource({ maxEvents: -1 })).toThrow(RangeError);
  });

  it("cuts one split per subtask with numEventGenerators = parallelism unless given", () => {
    expect(new NexmarkSource({ maxEvents: 10 }).createSplits(3)).toEqual([
      { index: 0, count: 3, numEventGenerators: 3, position: 0 },
      { index: 1, count: 3, numEventGenerators: 3, position: 0 },
      { index: 2, count: 3, numEventGenerators: 3, position: 0 },
    ]);
    expect(new NexmarkSource({ maxEvents: 10, numEventGenerators: 4 }).createSplits(2).map((s) => s.numEventGenerators)).toEqual([4, 4]);
  });

  it("reads each split's slice in time order, with event timestamps, and the slices cover every event", () => {
    const options = { maxEvents: 3001, seed: 3 };
    const source = new NexmarkSource(options);
    const splits = source.createSplits(3);
    const all: string[] = [];
    for (const split of splits) {
      const out = capture();
      expect(drain(openReader(source, [split]), out)).toBe("END_OF_INPUT");
      const expected = [...new NexmarkEventReader({ ...options, numEventGenerators: 3 }, split.index, 3)];
      expect(out.events.map(eventToJson)).toEqual(expected.map(eventToJson));
      expect(out.timestamps).toEqual(out.events.map(eventTimestamp));
      all.push(...out.events.map(eventToJson));
    }
    const everything = [...new NexmarkEventReader({ ...options, numEventGenerators: 3 })].map(eventToJson);
    expect(all.sort()).toEqual(everything.sort());
  });

  it("snapshots positions and resumes a restored split where it stopped", () => {
    const source = new NexmarkSource({ maxEvents: 5000, seed: 9 });
    const [split] = source.createSplits(1);
    const whole = capture();
    drain(openReader(source, [split!]), whole);

    const first = capture();
    const reader = openReader(source, [split!]);
    for (let i = 0; i < 7; i++) reader.pollNext(first);
    const state = reader.snapshotState(1);
    expect(state).toEqual([{ ...split!, position: first.events.length }]);

    const rest = capture();
    expect(drain(openReader(source, state), rest)).toBe("END_OF_INPUT");
    expect([...first.events, ...rest.events].map(eventToJson)).toEqual(whole.events.map(eventToJson));
  });

  it("a reader given several splits (restore at lower parallelism) emits them interleaved in time order", () => {
    const source = new NexmarkSource({ maxEvents: 4000, seed: 2 });
    const splits = source.createSplits(4).map((s) => ({ ...s, position: s.index * 10 }));
    const out = capture();
    expect(drain(openReader(source, splits), out)).toBe("END_OF_INPUT");
    expect(out.events.length).toBe(4000 - 60);
    for (let i = 1; i < out.timestamps.length; i++) expect(out.timestamps[i]!).toBeGreaterThanOrEqual(out.timestamps[i - 1]!);
  });

  it("rate limited: emits only the events due, then waits until the next one is due", async () => {
    // 1000 events/s: one event per millisecond of event time.
    let now = 5000;
    const source = new NexmarkSource({ maxEvents: 100, firstEventRate: 1000, rateLimited: true });
    const reader = openReader(source, source.createSplits(1), () => now);
    const out = capture();
    expect(drain(reader, out)).toBe("NOTHING_AVAILABLE");
    expect(out.events.length).toBe(1); // the event at offset 0
    now += 10;
    expect(drain(reader, out)).toBe("NOTHING_AVAILABLE");
    expect(out.events.length).toBe(11);
    // isAvailable resolves (by a real timer) about when the next event is due; the reader then makes progress.
    const t0 = Date.now();
    await reader.isAvailable();
    expect(Date.now() - t0).toBeLessThan(1000);
    now += 1000;
    expect(drain(reader, out)).toBe("END_OF_INPUT");
    expect(out.events.length).toBe(100);
  });

  it("an unbounded source keeps producing", () => {
    const source = new NexmarkSource({ seed: 1 });
    const reader = openReader(source, source.createSplits(1));
    const out = capture();
    expect(drain(reader, out, 100)).toBe("MORE_AVAILABLE");
    expect(out.events.length).toBe(100 * 128);
  });

  it("runs in a job at parallelism 2: every event once, bids with their timestamps", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(2);
    const rows = await env
      .fromSource(new NexmarkSource({ maxEvents: 10_000, seed: 5 }), WatermarkStrategy.forBoundedOutOfOrderness<Event>(4000), "Nexmark")
      .process<string>({
        processElement(e: Event, ctx, out) {
          if (ctx.timestamp() !== eventTimestamp(e)) throw new Error("timestamp mismatch");
          out.collect(eventToJson(e));
        },
      })
      .executeAndCollect();
    const expected = [...new NexmarkEventReader({ maxEvents: 10_000, seed: 5, numEventGenerators: 2 })].map(eventToJson);
    expect(rows.sort()).toEqual(expected.sort());
  });

  it("restores at a lower parallelism without losing or repeating events", () => {
    const source = new NexmarkSource({ maxEvents: 3000, seed: 8 });
    const [a, b, c] = source.createSplits(3);
    const seen: string[] = [];
    const readers = [a, b, c].map((s) => openReader(source, [s!]));
    for (const r of readers) {
      const out = capture();
      r.pollNext(out);
      seen.push(...out.events.map(eventToJson));
    }
    // Restore the three split states on two readers (split i goes to subtask i % 2).
    const states = readers.flatMap((r) => r.snapshotState(1));
    for (const mine of [states.filter((_, i) => i % 2 === 0), states.filter((_, i) => i % 2 === 1)]) {
      const out = capture();
      expect(drain(openReader(source, mine), out)).toBe("END_OF_INPUT");
      seen.push(...out.events.map(eventToJson));
    }
    const everything = [...new NexmarkEventReader({ maxEvents: 3000, seed: 8, numEventGenerators: 3 })].map(eventToJson);
    expect(seen.sort()).toEqual(everything.sort());
  });
});
