// Prints records to standard output (Flink's PrintSinkFunction).
import { AbstractRichFunction, type SinkContext, type SinkFunctionObject } from "../api/functions.js";
import type { RuntimeContext } from "../api/runtime-context.js";
import { getPlatform } from "../runtime/platform.js";

/** How a record is printed: strings and numbers as they are, structured values as JSON. */
export function formatRecord(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Writes each record on its own line. With parallelism > 1 lines start with the subtask index (1-based), e.g.
 * `2> hello`; with a prefix `prefix:2> hello` (or `prefix> hello` at parallelism 1), as Flink prints.
 */
export class PrintSinkFunction<T> extends AbstractRichFunction implements SinkFunctionObject<T> {
  private linePrefix = "";
  constructor(private readonly sinkIdentifier?: string) {
    super();
  }
  override open(ctx: RuntimeContext): void {
    const parallel = ctx.getNumberOfParallelSubtasks() > 1;
    const id = this.sinkIdentifier;
    if (id !== undefined && id !== "") this.linePrefix = parallel ? `${id}:${ctx.getIndexOfThisSubtask() + 1}> ` : `${id}> `;
    else this.linePrefix = parallel ? `${ctx.getIndexOfThisSubtask() + 1}> ` : "";
  }
  invoke(value: T, _context: SinkContext): void {
    getPlatform().printLine(this.linePrefix + formatRecord(value));
  }
}
