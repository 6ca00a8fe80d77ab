// Nexmark JSON lines export: writes generated events, one JSON object per line, to any chunk sink.

import type { NexmarkConfig } from "./config.js";
import type { Event } from "./model.js";
import { NexmarkEventReader } from "./reader.js";

/**
 * Receives chunks of JSON lines (each chunk ends with `\n`). Return a promise to apply backpressure: the
 * writer awaits it before producing the next chunk. Adapters: a Node stream,
 * `chunk => stream.write(chunk) ? undefined : once(stream, "drain")`; a WHATWG `WritableStream`,
 * `chunk => writer.write(chunk)` with `const writer = stream.getWriter()`; an array, `chunk => { parts.push(chunk); }`.
 */
export type ChunkSink = (chunk: string) => void | Promise<void>;

/** Options of {@link writeEventsAsJsonLines}. */
export interface JsonLinesOptions {
  /** Events to write; default all events of the slice (the configuration's `maxEvents`, which must then be > 0). */
  readonly events?: number;
  /** Source subtask whose slice to write (default 0), see `NexmarkEventReader`. */
  readonly subtask?: number;
  /** Parallelism the slice is taken from (default 1: every event, in time order). */
  readonly parallelism?: number;
  /** Lines per chunk handed to the sink (default 1024). */
  readonly linesPerChunk?: number;
}

/**
 * One event as a JSON line without the trailing newline: `{"type":2,"bid":{...}}` with the record's fields
 * in declaration order and times as epoch milliseconds.
 *
 * @example
 * ```ts
 * import { eventToJson } from "./jsonl.js";
 * eventToJson({ type: 2, bid: { auction: 1000, bidder: 1001, price: 5, channel: "Apple", url: "u", dateTime: 0, extra: "" } });
 * // '{"type":2,"bid":{"auction":1000,"bidder":1001,"price":5,"channel":"Apple","url":"u","dateTime":0,"extra":""}}'
 * ```
 */
export function eventToJson(event: Event): string {
  switch (event.type) {
    case 0:
      return '{"type":0,"person":' + JSON.stringify(event.person) + "}";
    case 1:
      return '{"type":1,"auction":' + JSON.stringify(event.auction) + "}";
    default:
      return '{"type":2,"bid":' + JSON.stringify(event.bid) + "}";
  }
}

/**
 * Parses a line written by {@link eventToJson} back into an event; throws a `SyntaxError` for anything else.
 *
 * @example
 * ```ts
 * import { parseEventJson } from "./jsonl.js";
 * parseEventJson('{"type":0,"person":{"id":1000,"name":"a","emailAddress":"b","creditCard":"c","city":"d","state":"OR","dateTime":1,"extra":""}}').type; // 0
 * ```
 */
export function parseEventJson(line: string): Event {
  const value: unknown = JSON.parse(line);
  if (typeof value === "object" && value !== null) {
    const { type, person, auction, bid } = value as { type?: unknown; person?: unknown; auction?: unknown; bid?: unknown };
    if (type === 0 && isRecord(person)) return { type: 0, person: person as Event["person"] & object };
    if (type === 1 && isRecord(auction)) return { type: 1, auction: auction as Event["auction"] & object };
    if (type === 2 && isRecord(bid)) return { type: 2, bid: bid as Event["bid"] & object };
  }
  throw new SyntaxError(`nexmark: not an event line: ${line.slice(0, 80)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Writes generated events as JSON lines ({@link eventToJson}) to `sink`, in chunks of `linesPerChunk`
 * lines, awaiting the sink's promise (if any) after each chunk. Resolves to the number of events written.
 * Uses no runtime-specific API: the `rivulet nexmark generate --events N --out file.jsonl` command
 * supplies a file-backed sink.
 *
 * @example
 * ```ts
 * import { writeEventsAsJsonLines } from "./jsonl.js";
 * import { resolveNexmarkConfig } from "./config.js";
 * const parts: string[] = [];
 * await writeEventsAsJsonLines(resolveNexmarkConfig({ seed: 1 }), (chunk) => { parts.push(chunk); }, { events: 100 });
 * parts.join("").split("\n").length; // 101 (a trailing empty string after the last newline)
 * ```
 */
export async function writeEventsAsJsonLines(
  config: NexmarkConfig | Partial<NexmarkConfig>,
  sink: ChunkSink,
  options: JsonLinesOptions = {},
): Promise<number> {
  const reader = new NexmarkEventReader(config, options.subtask ?? 0, options.parallelism ?? 1);
  const wanted = options.events ?? (reader.config.maxEvents === 0 ? -1 : reader.size);
  if (!Number.isSafeInteger(wanted) || wanted < 0) {
    throw new RangeError("nexmark: give `events` (or a bounded maxEvents) to export an unbounded configuration");
  }
  const count = Math.min(wanted, reader.size);
  const linesPerChunk = options.linesPerChunk ?? 1024;
  if (!Number.isInteger(linesPerChunk) || linesPerChunk < 1) {
    throw new RangeError(`nexmark: linesPerChunk must be a positive integer, got ${linesPerChunk}`);
  }
  let written = 0;
  while (written < count) {
    const end = Math.min(count, written + linesPerChunk);
    let chunk = "";
    for (; written < end; written++) chunk += eventToJson(reader.next()) + "\n";
    const pending = sink(chunk);
    if (pending !== undefined) await pending;
  }
  return written;
}
