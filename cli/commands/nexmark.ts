// `rivulet nexmark generate --events N --out file.jsonl [--seed S] [--rate R]`: Nexmark events as JSON lines.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import process from "node:process";
import { writeEventsAsJsonLines } from "../../host/connectors/nexmark/index.js";
import { EXIT_OK, UsageError } from "../errors.js";

export interface NexmarkFlags {
  events?: unknown;
  out?: unknown;
  seed?: unknown;
  rate?: unknown;
}

/** The last value of a repeatable option, as text (cac parses numbers itself). */
function text(value: unknown): string | undefined {
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  return raw === undefined || typeof raw === "boolean" ? undefined : String(raw).trim();
}

function integer(value: unknown, option: string, min: number): number | undefined {
  const t = text(value);
  if (value !== undefined && t === undefined) throw new UsageError(`${option} needs a value`);
  if (t === undefined) return undefined;
  if (!/^-?\d+$/.test(t) || !Number.isSafeInteger(Number(t)) || Number(t) < min) {
    throw new UsageError(`${option} must be an integer >= ${min}, got '${t}'`);
  }
  return Number(t);
}

/**
 * Writes `--events` generated events (every event kind, in event-time order, as one source subtask at
 * parallelism 1 reads them) to the file `--out` as JSON lines (`{"type":2,"bid":{...}}`). `--seed` picks the data (default 0), `--rate` the event-time spacing in events per second
 * (default 10 000, the reference's `firstEventRate`).
 */
export async function nexmarkCommand(action: string, flags: NexmarkFlags): Promise<number> {
  if (action !== "generate") throw new UsageError(`unknown nexmark command '${action}' (expected: generate)`);
  const events = integer(flags.events, "--events", 1);
  if (events === undefined) throw new UsageError("missing --events: rivulet nexmark generate --events N --out file.jsonl");
  const out = text(flags.out);
  if (out === undefined || out === "") throw new UsageError("missing --out: rivulet nexmark generate --events N --out file.jsonl");
  const seed = integer(flags.seed, "--seed", Number.MIN_SAFE_INTEGER) ?? 0;
  const rateText = text(flags.rate);
  const rate = rateText === undefined ? undefined : Number(rateText);
  if (rate !== undefined && !(rate > 0 && Number.isFinite(rate))) throw new UsageError(`--rate must be a positive number, got '${rateText}'`);

  const stream = createWriteStream(out);
  // Any stream error (ENOENT, EACCES, ENOSPC) rejects whichever wait is pending: report it as the file's fault.
  const failed = once(stream, "error").then(([e]: unknown[]) => Promise.reject(e));
  failed.catch(() => {});
  let written: number;
  try {
    const sink = (chunk: string): Promise<void> | undefined => (stream.write(chunk) ? undefined : once(stream, "drain").then(() => undefined));
    written = await Promise.race([writeEventsAsJsonLines({ maxEvents: events, seed, firstEventRate: rate }, sink, { events }), failed]);
    stream.end();
    await Promise.race([once(stream, "finish"), failed]);
  } catch (e) {
    stream.destroy();
    throw new UsageError(`cannot write '${out}': ${e instanceof Error ? e.message : String(e)}`);
  }
  process.stderr.write(`Wrote ${written.toLocaleString("en-US")} Nexmark events to ${out}\n`);
  return EXIT_OK;
}
