import { describe, expect, it } from "vitest";
import {
  NexmarkEventReader,
  NexmarkGenerator,
  eventTimestamp,
  eventToJson,
  generatorsOfSubtask,
  resolveNexmarkConfig,
  type Event,
} from "../../host/connectors/nexmark/index.js";

/** Id of the record an event carries, made unique over kinds (ids restart at 1000 per kind). */
function eventKey(e: Event): string {
  return eventToJson(e);
}

describe("nexmark slices", () => {
  it("assigns generator timelines to subtasks round robin", () => {
    expect(generatorsOfSubtask(4, 0, 4)).toEqual([0]);
    expect(generatorsOfSubtask(8, 1, 3)).toEqual([1, 4, 7]);
    expect(generatorsOfSubtask(2, 3, 4)).toEqual([]);
    expect(() => generatorsOfSubtask(2, 2, 2)).toThrow(RangeError);
  });

  it("splits events into disjoint per-subtask slices that cover every event, as GeneratorConfig.split", () => {
    const config = resolveNexmarkConfig({ maxEvents: 1000, numEventGenerators: 3, firstEventRate: 3000, seed: 4 });
    const gen = new NexmarkGenerator(config);
    const everything = Array.from({ length: 1000 }, (_, i) => eventKey(gen.event(i)));
    for (const parallelism of [1, 2, 3, 5]) {
      const seen: string[] = [];
      for (let s = 0; s < parallelism; s++) {
        const reader = new NexmarkEventReader(config, s, parallelism);
        const slice = [...reader];
        expect(slice.length).toBe(reader.size);
        // Each slice is in event-time order.
        for (let i = 1; i < slice.length; i++) {
          expect(eventTimestamp(slice[i]!)).toBeGreaterThanOrEqual(eventTimestamp(slice[i - 1]!));
        }
        seen.push(...slice.map(eventKey));
      }
      expect(seen.length).toBe(1000);
      expect(new Set(seen)).toEqual(new Set(everything));
    }
  });

  it("gives subtask i of p the reference's contiguous id range and timeline when p = numEventGenerators", () => {
    const config = resolveNexmarkConfig({ maxEvents: 1000, numEventGenerators: 3, firstEventRate: 3000 });
    const sizes = [0, 1, 2].map((s) => new NexmarkEventReader(config, s, 3).size);
    expect(sizes).toEqual([333, 333, 334]);
    const gen = new NexmarkGenerator(config);
    // Generator 1 starts at id 333 and, running on its own timeline, at the base time.
    expect(gen.eventIdAt(1, 0)).toBe(333);
    const second = [...new NexmarkEventReader(config, 1, 3)];
    expect(eventTimestamp(second[0]!)).toBe(config.baseTime);
    // Each generator runs at rate / numEventGenerators: 1000 events/s here, one per ms.
    expect(eventTimestamp(second[10]!)).toBe(config.baseTime + 10);
  });

  it("resumes after seek exactly where it stopped", () => {
    const config = { maxEvents: 300, numEventGenerators: 2, seed: 8 };
    const whole = [...new NexmarkEventReader(config, 0, 1)].map(eventKey);
    const reader = new NexmarkEventReader(config, 0, 1);
    reader.seek(123);
    const rest = [...reader].map(eventKey);
    expect(rest).toEqual(whole.slice(123));
    expect(reader.position).toBe(300);
    expect(() => reader.next()).toThrow(RangeError);
    expect(() => reader.seek(301)).toThrow(RangeError);
  });

  it("addresses unbounded configurations", () => {
    const reader = new NexmarkEventReader({ maxEvents: 0, numEventGenerators: 2 }, 1, 2);
    expect(reader.size).toBe(2 ** 47);
    reader.seek(2 ** 40);
    expect(eventTimestamp(reader.next())).toBeGreaterThan(reader.config.baseTime);
  });

  it("releases events at their due time when rate limited", () => {
    const limited = new NexmarkEventReader({ maxEvents: 100, firstEventRate: 1000, rateLimited: true });
    expect(limited.eventsDueBy(0)).toBe(1);
    expect(limited.eventsDueBy(9)).toBe(10);
    expect(limited.eventsDueBy(1e9)).toBe(100);
    limited.seek(10);
    expect(limited.dueOffsetMs()).toBe(10);
    const twoGenerators = new NexmarkEventReader({ maxEvents: 100, firstEventRate: 1000, numEventGenerators: 2, rateLimited: true });
    // Two timelines at 500 events/s each, read interleaved: two events every 2 ms.
    expect(twoGenerators.eventsDueBy(0)).toBe(2);
    expect(twoGenerators.eventsDueBy(3)).toBe(4);
    const unlimited = new NexmarkEventReader({ maxEvents: 100, firstEventRate: 1000 });
    expect(unlimited.eventsDueBy(0)).toBe(100);
  });
});
