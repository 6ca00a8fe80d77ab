// Writes records as lines of text (Flink's writeAsText): one file at parallelism 1, else a directory with
// one file per subtask named by its 1-based index.
import { AbstractRichFunction, type SinkFunctionObject } from "../api/functions.js";
import type { RuntimeContext } from "../api/runtime-context.js";
import { getPlatform, type TextFileWriter } from "../runtime/platform.js";
import { formatRecord } from "./print-sink.js";

const FLUSH_CHARS = 64 * 1024;

export class TextFileSinkFunction<T> extends AbstractRichFunction implements SinkFunctionObject<T> {
  private writer: TextFileWriter | null = null;
  private pending: string[] = [];
  private pendingChars = 0;
  constructor(
    private readonly path: string,
    private readonly overwrite: boolean,
  ) {
    super();
  }
  override open(ctx: RuntimeContext): void {
    const file = ctx.getNumberOfParallelSubtasks() > 1 ? `${this.path}/${ctx.getIndexOfThisSubtask() + 1}` : this.path;
    this.writer = getPlatform().openTextFileWriter(file, this.overwrite);
  }
  invoke(value: T): void {
    const line = formatRecord(value);
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }
  private flush(): void {
    if (this.pending.length === 0) return;
    this.writer!.write(this.pending.join("\n") + "\n");
    this.pending = [];
    this.pendingChars = 0;
  }
  override close(): void {
    if (this.writer === null) return;
    this.flush();
    this.writer.close();
    this.writer = null;
  }
}
