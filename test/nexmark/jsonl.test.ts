import { describe, expect, it } from "vitest";
import {
  NexmarkEventReader,
  eventToJson,
  parseEventJson,
  resolveNexmarkConfig,
  writeEventsAsJsonLines,
} from "../../host/connectors/nexmark/index.js";

describe("nexmark JSON lines export", () => {
  it("writes every event as one parseable line, in reader order", async () => {
    const config = resolveNexmarkConfig({ maxEvents: 250, seed: 2 });
    const chunks: string[] = [];
    const written = await writeEventsAsJsonLines(config, (chunk) => {
      chunks.push(chunk);
    }, { linesPerChunk: 40 });
    expect(written).toBe(250);
    expect(chunks.length).toBe(7);
    const lines = chunks.join("").split("\n");
    expect(lines.pop()).toBe("");
    const expected = [...new NexmarkEventReader(config)];
    expect(lines.map(parseEventJson)).toEqual(expected.map((e) => JSON.parse(eventToJson(e))));
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 0, person: { id: 1000 } });
  });

  it("awaits the sink before producing the next chunk", async () => {
    const log: string[] = [];
    let inFlight = 0;
    await writeEventsAsJsonLines({ seed: 1 }, async (chunk) => {
      expect(inFlight).toBe(0);
      inFlight++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(`${chunk.split("\n").length - 1}`);
      inFlight--;
    }, { events: 25, linesPerChunk: 10 });
    expect(log).toEqual(["10", "10", "5"]);
  });

  it("requires an event count for unbounded configurations and rejects foreign lines", async () => {
    await expect(writeEventsAsJsonLines({ maxEvents: 0 }, () => undefined)).rejects.toThrow(/events/);
    expect(() => parseEventJson('{"type":3}')).toThrow(SyntaxError);
    expect(() => parseEventJson('{"type":2,"person":{}}')).toThrow(SyntaxError);
  });
});
