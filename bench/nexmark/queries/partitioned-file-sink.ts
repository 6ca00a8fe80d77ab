// A minimal partitioned file sink for q10 (Node): one directory per partition, one part file per subtask.
//
// Stand-in until Rivulet's FileSink (exactly-once, rolling part files, bucket assigners) lands: this writes
// plain appends, with no in-progress/pending/committed life cycle, so it is at-least-once after a restart.

import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { RichSinkFunction, type RuntimeContext } from "../../../host/index.js";

/** Characters buffered over all partitions before the writer appends them to the files. */
const FLUSH_CHARS = 1 << 20;

/**
 * Appends encoded rows to `<dir>/<partition>/<fileName>`, buffering per partition and writing when the
 * buffers hold {@link FLUSH_CHARS} characters and on `close()`. Used by {@link PartitionedFileSink} and,
 * directly, by the benchmark's hand-written q10, so both write the same files the same way.
 *
 * @example
 * ```ts
 * import { PartitionedFileWriter } from "./partitioned-file-sink.js";
 * const w = new PartitionedFileWriter("/tmp/out", "part-0-0.csv");
 * w.write("dt=2015-07-15/hm=00:00", "1,2,3\n");
 * w.close();
 * ```
 */
export class PartitionedFileWriter {
  private readonly buffers = new Map<string, string[]>();
  private readonly created = new Set<string>();
  private buffered = 0;

  constructor(
    readonly dir: string,
    readonly fileName: string,
  ) {}

  /** Buffers `text` (whole lines) for `partition`. */
  write(partition: string, text: string): void {
    let buffer = this.buffers.get(partition);
    if (buffer === undefined) {
      buffer = [];
      this.buffers.set(partition, buffer);
    }
    buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_CHARS) this.flush();
  }

  /** Appends every buffer to its partition's file. */
  flush(): void {
    for (const [partition, buffer] of this.buffers) {
      if (buffer.length === 0) continue;
      const dir = join(this.dir, partition);
      if (!this.created.has(partition)) {
        mkdirSync(dir, { recursive: true });
        this.created.add(partition);
      }
      appendFileSync(join(dir, this.fileName), buffer.join(""));
    }
    this.buffers.clear();
    this.buffered = 0;
  }

  close(): void {
    this.flush();
  }
}

/**
 * Writes each row as one line (`encode(row)`, no newline) into the file `part-<subtask>-0<suffix>` of
 * the directory `partition(row)` under `dir` (Flink's file system sink layout, `dt=.../hm=...`).
 */
export class PartitionedFileSink<T> extends RichSinkFunction<T> {
  private writer: PartitionedFileWriter | null = null;

  constructor(
    private readonly dir: string,
    private readonly partition: (row: T) => string,
    private readonly encode: (row: T) => string,
    private readonly suffix = ".csv",
  ) {
    super();
  }

  override open(context: RuntimeContext): void {
    this.writer = new PartitionedFileWriter(this.dir, `part-${context.getIndexOfThisSubtask()}-0${this.suffix}`);
  }

  invoke(row: T): void {
    this.writer!.write(this.partition(row), this.encode(row) + "\n");
  }

  override close(): void {
    this.writer?.close();
    this.writer = null;
  }
}
