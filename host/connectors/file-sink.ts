// Exactly-once row-format file output (Flink's FileSink.forRowFormat): records are written to hidden in-progress
// part files in bucket directories; a checkpoint closes them (pending), and its completion renames them to their
// final, visible names. Built on TwoPhaseCommitSinkFunction: one transaction per checkpoint holds its parts.
import type { FunctionInitializationContext } from "../api/checkpointed-function.js";
import { bindUserFunction } from "../api/function-utils.js";
import type { SinkContext } from "../api/functions.js";
import type { Sink } from "../api/sink.js";
import { TwoPhaseCommitSinkFunction } from "../checkpoint/two-phase-commit-sink.js";
import { type FileSystem, joinPath, pathFromUri, requireFileSystem } from "../runtime/platform.js";

/** Turns a record into the text of one row, line terminator included (Flink's Encoder). */
export interface Encoder<T> {
  encode(element: T): string;
}

/** `String(element)` and a newline (Flink's SimpleStringEncoder). */
export class SimpleStringEncoder<T> implements Encoder<T> {
  encode(element: T): string {
    return `${typeof element === "string" ? element : String(element)}\n`;
  }
}

/** What a bucket assigner sees of the record (Flink's BucketAssigner.Context). */
export interface BucketAssignerContext {
  currentProcessingTime(): number;
  currentWatermark(): number;
  timestamp(): number | null;
}

/** Picks the bucket (sub directory of the base path) of each record (Flink's BucketAssigner). */
export interface BucketAssigner<T> {
  getBucketId(element: T, context: BucketAssignerContext): string;
}

/** Everything in the base directory (Flink's BasePathBucketAssigner). */
export class BasePathBucketAssigner<T> implements BucketAssigner<T> {
  getBucketId(): string {
    return "";
  }
}

/**
 * Buckets by processing time (Flink's DateTimeBucketAssigner, default format `yyyy-MM-dd--HH`). Times are
 * formatted in UTC unless `utc` is false (then the local zone, as Flink's system default).
 */
export class DateTimeBucketAssigner<T> implements BucketAssigner<T> {
  constructor(
    private readonly format = "yyyy-MM-dd--HH",
    private readonly utc = true,
  ) {}
  getBucketId(_element: T, context: BucketAssignerContext): string {
    const d = new Date(context.currentProcessingTime());
    const get = (utc: () => number, local: () => number): number => (this.utc ? utc() : local());
    const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
    const fields: Record<string, string> = {
      yyyy: pad(get(() => d.getUTCFullYear(), () => d.getFullYear()), 4),
      MM: pad(get(() => d.getUTCMonth(), () => d.getMonth()) + 1),
      dd: pad(get(() => d.getUTCDate(), () => d.getDate())),
      HH: pad(get(() => d.getUTCHours(), () => d.getHours())),
      mm: pad(get(() => d.getUTCMinutes(), () => d.getMinutes())),
      ss: pad(get(() => d.getUTCSeconds(), () => d.getSeconds())),
    };
    return this.format.replace(/yyyy|MM|dd|HH|mm|ss/g, (t) => fields[t]!);
  }
}

/** The state of an in-progress part that rolling policies look at (Flink's PartFileInfo). */
export interface PartFileInfo {
  readonly bucketId: string;
  readonly creationTime: number;
  readonly lastUpdateTime: number;
  readonly size: number;
}

/**
 * When to close the in-progress part and start a new one (Flink's RollingPolicy). Every policy here also rolls
 * on each checkpoint: the part becomes pending and is committed when the checkpoint completes, which is what
 * makes the output exactly-once without resumable writers.
 */
export interface RollingPolicy {
  shouldRollOnEvent(part: PartFileInfo): boolean;
  shouldRollOnProcessingTime(part: PartFileInfo, now: number): boolean;
}

/** Rolls on checkpoints only (Flink's OnCheckpointRollingPolicy). */
export class OnCheckpointRollingPolicy implements RollingPolicy {
  static build(): OnCheckpointRollingPolicy {
    return new OnCheckpointRollingPolicy();
  }
  shouldRollOnEvent(): boolean {
    return false;
  }
  shouldRollOnProcessingTime(): boolean {
    return false;
  }
}

/** Rolls by size, age and inactivity, and on checkpoints (Flink's DefaultRollingPolicy: 128 MiB, 60 s, 60 s). */
export class DefaultRollingPolicy implements RollingPolicy {
  private constructor(
    readonly partSize: number,
    readonly rolloverInterval: number,
    readonly inactivityInterval: number,
  ) {}
  static builder(): { withMaxPartSize(bytes: number): ReturnType<typeof DefaultRollingPolicy.builder>; withRolloverInterval(ms: number): ReturnType<typeof DefaultRollingPolicy.builder>; withInactivityInterval(ms: number): ReturnType<typeof DefaultRollingPolicy.builder>; build(): DefaultRollingPolicy } {
    let size = 128 * 1024 * 1024;
    let rollover = 60_000;
    let inactivity = 60_000;
    const b = {
      withMaxPartSize(bytes: number) {
        size = bytes;
        return b;
      },
      withRolloverInterval(ms: number) {
        rollover = ms;
        return b;
      },
      withInactivityInterval(ms: number) {
        inactivity = ms;
        return b;
      },
      build: () => new DefaultRollingPolicy(size, rollover, inactivity),
    };
    return b;
  }
  shouldRollOnEvent(part: PartFileInfo): boolean {
    return part.size >= this.partSize;
  }
  shouldRollOnProcessingTime(part: PartFileInfo, now: number): boolean {
    return now - part.creationTime >= this.rolloverInterval || now - part.lastUpdateTime >= this.inactivityInterval;
  }
}

/** Part file naming (Flink's OutputFileConfig): `<prefix>-<uuid>-<counter><suffix>`. */
export interface OutputFileConfig {
  readonly partPrefix: string;
  readonly partSuffix: string;
}
export const OutputFileConfig = {
  builder() {
    const c = { partPrefix: "part", partSuffix: "" };
    const b = {
      withPartPrefix(p: string) {
        c.partPrefix = p;
        return b;
      },
      withPartSuffix(s: string) {
        c.partSuffix = s;
        return b;
      },
      build: (): OutputFileConfig => ({ ...c }),
    };
    return b;
  },
};

/** One part file of a transaction: where it is written and what it is called once committed. */
export interface FilePart {
  readonly inProgress: string;
  readonly final: string;
}

/** The transaction of one checkpoint interval: its part files. */
export interface FileSinkTransaction {
  readonly id: string;
  readonly parts: FilePart[];
}

interface OpenPart extends PartFileInfo {
  readonly path: string;
  readonly writer: ReturnType<FileSystem["openAppend"]>;
  size: number;
  lastUpdateTime: number;
  buffer: string;
}

const FLUSH_CHARS = 64 * 1024;

function randomId(): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += Math.floor(Math.random() * 0x10000).toString(16).padStart(4, "0");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
}

/** The per-subtask writer of a FileSink. */
class FileSinkWriter<T> extends TwoPhaseCommitSinkFunction<T, FileSinkTransaction> {
  private fs!: FileSystem;
  private readonly openParts = new Map<string, Map<string, OpenPart>>();
  private counter = 0;
  /** Unique per parallel instance and attempt (set in initializeState: instances are copies of one template). */
  private uuid = "";
  private readonly encode: (element: T) => string;
  constructor(
    private readonly basePath: string,
    encoder: Encoder<T> | ((element: T) => string),
    private readonly assigner: BucketAssigner<T>,
    private readonly rolling: RollingPolicy,
    private readonly output: OutputFileConfig,
  ) {
    super();
    this.encode = bindUserFunction<[T], string>(encoder, "encode", "FileSink's encoder");
  }

  private files(): FileSystem {
    return (this.fs ??= requireFileSystem("FileSink"));
  }

  override initializeState(context: FunctionInitializationContext): void {
    this.uuid = randomId();
    super.initializeState(context);
  }

  protected beginTransaction(): FileSinkTransaction {
    return { id: randomId(), parts: [] };
  }

  protected invoke(txn: FileSinkTransaction, value: T, context: SinkContext): void {
    const bucketId = this.assigner.getBucketId(value, context);
    let parts = this.openParts.get(txn.id);
    if (parts === undefined) this.openParts.set(txn.id, (parts = new Map()));
    const now = context.currentProcessingTime();
    let part = parts.get(bucketId);
    if (part !== undefined && (this.rolling.shouldRollOnEvent(part) || this.rolling.shouldRollOnProcessingTime(part, now))) {
      this.closePart(part);
      parts.delete(bucketId);
      part = undefined;
    }
    if (part === undefined) {
      const name = `${this.output.partPrefix}-${this.uuid}-${this.counter++}${this.output.partSuffix}`;
      const dir = joinPath(this.basePath, bucketId);
      const inProgress = joinPath(dir, `.${name}.inprogress.${randomId()}`);
      txn.parts.push({ inProgress, final: joinPath(dir, name) });
      part = { bucketId, path: inProgress, writer: this.files().openAppend(inProgress), creationTime: now, lastUpdateTime: now, size: 0, buffer: "" };
      parts.set(bucketId, part);
    }
    const text = this.encode(value);
    part.buffer += text;
    part.size += text.length;
    part.lastUpdateTime = now;
    if (part.buffer.length >= FLUSH_CHARS) this.flushPart(part);
  }

  private flushPart(part: OpenPart): void {
    if (part.buffer.length === 0) return;
    part.writer.write(part.buffer);
    part.buffer = "";
  }

  private closePart(part: OpenPart): void {
    this.flushPart(part);
    part.writer.flush();
    part.writer.close();
  }

  /** Pending: every in-progress part of the transaction is flushed and closed. */
  protected override preCommit(txn: FileSinkTransaction): void {
    for (const part of this.openParts.get(txn.id)?.values() ?? []) this.closePart(part);
    this.openParts.delete(txn.id);
  }

  /** Committed: pending parts get their final, visible names. Idempotent (a part already renamed is skipped). */
  protected commit(txn: FileSinkTransaction): void {
    const fs = this.files();
    for (const p of txn.parts) {
      if (fs.existsSync(p.inProgress)) fs.renameSync(p.inProgress, p.final);
      else if (!fs.existsSync(p.final)) throw new Error(`FileSink: cannot commit '${p.final}': its pending file '${p.inProgress}' is gone`);
    }
  }

  protected abort(txn: FileSinkTransaction): void {
    for (const part of this.openParts.get(txn.id)?.values() ?? []) {
      try {
        part.writer.close();
      } catch {
        // already closed
      }
    }
    this.openParts.delete(txn.id);
    const fs = this.files();
    for (const p of txn.parts) fs.deleteSync(p.inProgress);
  }
}

/**
 * Writes rows to files under a base directory, exactly once with checkpointing (Flink's FileSink). Use with
 * `stream.sinkTo(sink)`. Part files are hidden (`.part-…inprogress…`) while written, pending after a checkpoint,
 * and renamed to `part-<uuid>-<n>` when that checkpoint completes; without checkpointing they are committed at
 * end of input.
 *
 * @example
 * stream.sinkTo(FileSink.forRowFormat<string>("/tmp/out").withRollingPolicy(OnCheckpointRollingPolicy.build()).build());
 */
export class FileSink<T> implements Sink<T> {
  readonly sinkName = "FileSink";
  private constructor(
    private readonly basePath: string,
    private readonly encoder: Encoder<T> | ((element: T) => string),
    private readonly assigner: BucketAssigner<T>,
    private readonly rolling: RollingPolicy,
    private readonly output: OutputFileConfig,
  ) {}

  /** Starts a row-format FileSink writing to `basePath` (a directory or `file://` URL). */
  static forRowFormat<T>(basePath: string, encoder: Encoder<T> | ((element: T) => string) = new SimpleStringEncoder<T>()): RowFormatBuilder<T> {
    return new RowFormatBuilder<T>(pathFromUri(basePath), encoder);
  }

  /** @internal used by RowFormatBuilder */
  static create<T>(b: RowFormatBuilder<T>, basePath: string, encoder: Encoder<T> | ((element: T) => string)): FileSink<T> {
    return new FileSink(basePath, encoder, b.assigner, b.rolling, b.output);
  }

  createSinkFunction(): TwoPhaseCommitSinkFunction<T, FileSinkTransaction> {
    return new FileSinkWriter(this.basePath, this.encoder, this.assigner, this.rolling, this.output);
  }
}

/** Configures a row-format FileSink (Flink's FileSink.RowFormatBuilder). */
export class RowFormatBuilder<T> {
  assigner: BucketAssigner<T> = new DateTimeBucketAssigner<T>();
  rolling: RollingPolicy = DefaultRollingPolicy.builder().build();
  output: OutputFileConfig = OutputFileConfig.builder().build();
  constructor(
    private readonly basePath: string,
    private readonly encoder: Encoder<T> | ((element: T) => string),
  ) {}
  withBucketAssigner(assigner: BucketAssigner<T> | ((element: T, context: BucketAssignerContext) => string)): this {
    this.assigner = typeof assigner === "function" ? { getBucketId: assigner } : assigner;
    return this;
  }
  withRollingPolicy(policy: RollingPolicy): this {
    this.rolling = policy;
    return this;
  }
  withOutputFileConfig(config: OutputFileConfig): this {
    this.output = config;
    return this;
  }
  /** Accepted for Flink compatibility; time-based rolling is checked as records arrive. */
  withBucketCheckInterval(_ms: number): this {
    return this;
  }
  build(): FileSink<T> {
    return FileSink.create(this, this.basePath, this.encoder);
  }
}
