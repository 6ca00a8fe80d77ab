// Reads records from files (Flink's FileSource.forRecordStreamFormat): text lines, CSV or JSON lines, one file
// at a time per reader, bounded or monitoring a directory for new files. The read position (lines consumed per
// file) is operator state, so a restore resumes exactly after what was emitted before the checkpoint.
import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from "../api/source.js";
import type { OutputTag } from "../api/output-tag.js";
import { getPlatform, joinPath, pathFromUri } from "../runtime/platform.js";

/** Turns the lines of a file into records (Flink's StreamFormat, line based). */
export interface StreamFormat<T> {
  /**
   * A parser for one file, fed its lines in order; returns undefined for lines that carry no record (headers,
   * blank lines) and throws on a line it cannot parse (the source then fails the job naming the file and line,
   * or side-outputs the line, see `FileSourceBuilder.withMalformedRecordsTo`). When a restore resumes inside a
   * file, the parser still sees the file's first line (a header), its result discarded.
   */
  createParser(path: string): (line: string) => T | undefined;
}

/** A line a format could not parse, as the source's malformed-records side output carries it. */
export interface MalformedRecord {
  /** The file. */
  readonly path: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line as read. */
  readonly text: string;
  /** What the format said was wrong. */
  readonly error: string;
}

/** Each line is a record (Flink's TextLineInputFormat). */
export class TextLineInputFormat implements StreamFormat<string> {
  createParser(): (line: string) => string {
    return (line) => line;
  }
}

export interface CsvOptions {
  /** Field separator, default `,`. */
  readonly delimiter?: string;
  /** The first line names the columns: records are objects keyed by them. */
  readonly header?: boolean;
  /** Column names: records are objects keyed by them (the header line, if any, is skipped). */
  readonly columns?: readonly string[];
  /** Quote character, default `"` (a doubled quote inside quotes is a literal quote). */
  readonly quote?: string;
}

/** Parses one CSV line into fields (RFC 4180 quoting, no line breaks inside fields). */
export function parseCsvLine(line: string, delimiter = ",", quote = '"'): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === quote) {
        if (line[i + 1] === quote) {
          field += quote;
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === quote && field.length === 0) quoted = true;
    else if (line.startsWith(delimiter, i)) {
      out.push(field);
      field = "";
      i += delimiter.length - 1;
    } else field += c;
  }
  out.push(field);
  return out;
}

/**
 * CSV rows (Flink's CsvReaderFormat): arrays of strings, or objects when `header` or `columns` names the
 * columns. Blank lines are skipped.
 */
export class CsvFormat<T = string[] | Record<string, string>> implements StreamFormat<T> {
  private constructor(private readonly options: CsvOptions) {}
  static of<T = string[] | Record<string, string>>(options: CsvOptions = {}): CsvFormat<T> {
    return new CsvFormat<T>(options);
  }
  createParser(): (line: string) => T | undefined {
    const { delimiter = ",", quote = '"', header = false } = this.options;
    let columns = this.options.columns ?? null;
    let first = true;
    return (line) => {
      const isHeader = first && header;
      first = false;
      if (isHeader) {
        columns ??= parseCsvLine(line, delimiter, quote);
        return undefined;
      }
      if (line.length === 0) return undefined;
      const fields = parseCsvLine(line, delimiter, quote);
      if (columns === null) return fields as T;
      // Jackson's CSV schema (behind Flink's CsvReaderFormat) refuses more fields than columns; fewer are empty.
      if (fields.length > columns.length) throw new Error(`expected at most ${columns.length} fields (${columns.join(delimiter)}), found ${fields.length}`);
      const row: Record<string, string> = {};
      columns.forEach((c, i) => (row[c] = fields[i] ?? ""));
      return row as T;
    };
  }
}

/** One JSON value per line (JSON Lines); blank lines are skipped. */
export class JsonLinesFormat<T = unknown> implements StreamFormat<T> {
  createParser(): (line: string) => T | undefined {
    return (line) => {
      if (line.trim().length === 0) return undefined;
      try {
        return JSON.parse(line) as T;
      } catch (e) {
        throw new Error(`not JSON: ${(e as Error).message}`);
      }
    };
  }
}

/** A file and how many of its lines were consumed; `done` once it was read to the end. */
export interface FileSplit {
  readonly path: string;
  readonly position: number;
  readonly done: boolean;
}

/** Which reader owns a file: a stable hash of its path modulo the parallelism. */
function ownerOf(path: string, parallelism: number): number {
  let h = 0;
  for (let i = 0; i < path.length; i++) h = (Math.imul(h, 31) + path.charCodeAt(i)) | 0;
  return (h >>> 0) % parallelism;
}

const BUFFER_LIMIT = 1024;
/** Time one `pollNext` may spend emitting buffered lines before it yields to the task's mailbox. */
const POLL_BUDGET_MS = 2;

/**
 * A source of records from files (Flink's FileSource). `paths` are files or directories (their non-hidden files,
 * not recursive). Bounded by default; `monitorContinuously(ms)` keeps watching directories for new files.
 * Each reader takes the files whose path hashes to it; split state is union-distributed, so the positions
 * survive rescaling.
 *
 * @example
 * const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), "/data/in").build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "files");
 */
export class FileSource<T> implements Source<T, FileSplit> {
  readonly splitStateDistribution = "union" as const;
  private constructor(
    private readonly format: StreamFormat<T>,
    private readonly paths: readonly string[],
    private readonly monitorIntervalMs: number | null,
    private readonly malformedTag: OutputTag<MalformedRecord> | null,
  ) {}
  get boundedness(): Boundedness {
    return this.monitorIntervalMs === null ? "BOUNDED" : "CONTINUOUS_UNBOUNDED";
  }
  /** Starts a FileSource reading `paths` with `format` (Flink's forRecordStreamFormat). */
  static forRecordStreamFormat<T>(format: StreamFormat<T>, ...paths: string[]): FileSourceBuilder<T> {
    if (paths.length === 0) throw new TypeError("FileSource needs at least one path");
    return new FileSourceBuilder<T>(format, paths.map(pathFromUri));
  }
  /** @internal */
  static create<T>(format: StreamFormat<T>, paths: readonly string[], monitor: number | null,
    malformedTag: OutputTag<MalformedRecord> | null = null): FileSource<T> {
    return new FileSource(format, paths, monitor, malformedTag);
  }
  createSplits(parallelism: number): FileSplit[] {
    // Files are discovered by the readers; one empty marker per subtask so each reader starts.
    return Array.from({ length: parallelism }, () => ({ path: "", position: 0, done: true }));
  }
  createReader(context: SourceReaderContext): SourceReader<T, FileSplit> {
    return new FileSourceReader(this.format, this.paths, this.monitorIntervalMs, this.malformedTag, context);
  }
}

/** Configures a FileSource (Flink's FileSource.FileSourceBuilder). */
export class FileSourceBuilder<T> {
  private monitor: number | null = null;
  private malformed: OutputTag<MalformedRecord> | null = null;
  constructor(
    private readonly format: StreamFormat<T>,
    private readonly paths: readonly string[],
  ) {}
  /** Keep watching for new files, listing the paths every `intervalMs` (default 1 s); makes the source unbounded. */
  monitorContinuously(intervalMs = 1000): this {
    if (!(intervalMs > 0)) throw new RangeError("monitor interval must be positive");
    this.monitor = intervalMs;
    return this;
  }
  /** Read the files present at start, then end (the default). */
  processStaticFileSet(): this {
    this.monitor = null;
    return this;
  }
  /**
   * Lines the format cannot parse go to the side output `tag` of the source stream (`getSideOutput(tag)`), as
   * `MalformedRecord`s, and reading goes on. Without it (the default) such a line fails the job with an error
   * naming the file and line, and the restart strategy applies.
   */
  withMalformedRecordsTo(tag: OutputTag<MalformedRecord>): this {
    this.malformed = tag;
    return this;
  }
  build(): FileSource<T> {
    return FileSource.create(this.format, this.paths, this.monitor, this.malformed);
  }
}

class FileSourceReader<T> implements SourceReader<T, FileSplit> {
  /** Known files of this reader, in discovery order. */
  private readonly splits = new Map<string, { position: number; done: boolean }>();
  private started = false;
  private current: string | null = null;
  private iterator: AsyncIterator<string> | null = null;
  private parser: ((line: string) => T | undefined) | null = null;
  private buffer: string[] = [];
  private pumping = false;
  private fileEnded = false;
  private failure: unknown = null;
  private waiter: (() => void) | null = null;
  private discovering: Promise<void> | null = null;
  private discoveredOnce = false;
  private monitorTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly format: StreamFormat<T>,
    private readonly paths: readonly string[],
    private readonly monitorMs: number | null,
    private readonly malformedTag: OutputTag<MalformedRecord> | null,
    private readonly context: SourceReaderContext,
  ) {}

  addSplits(splits: FileSplit[]): void {
    for (const s of splits) {
      if (s.path === "" || ownerOf(s.path, this.context.parallelism) !== this.context.subtaskIndex) continue;
      const known = this.splits.get(s.path);
      if (known === undefined || s.position > known.position || s.done) this.splits.set(s.path, { position: s.position, done: s.done || (known?.done ?? false) });
    }
    this.started = true;
    this.discover();
  }

  /** Lists the paths and adds the files this reader owns that it does not know yet. */
  private discover(): void {
    if (this.discovering !== null || this.closed) return;
    this.discovering = (async () => {
      const fs = getPlatform().fs;
      const files: string[] = [];
      for (const p of this.paths) {
        const status = fs === null ? null : await fs.stat(p);
        if (status?.isDirectory) {
          for (const name of (await fs!.list(p)).sort()) {
            if (name.startsWith(".") || name.startsWith("_")) continue;
            const full = joinPath(p, name);
            if ((await fs!.stat(full))?.isDirectory === false) files.push(full);
          }
        } else if (status !== null || fs === null) files.push(p);
        else if (this.monitorMs === null) throw new Error(`FileSource: no such file or directory '${p}'`);
      }
      for (const f of files) {
        if (ownerOf(f, this.context.parallelism) === this.context.subtaskIndex && !this.splits.has(f)) this.splits.set(f, { position: 0, done: false });
      }
    })()
      .catch((e: unknown) => {
        this.failure = e;
      })
      .finally(() => {
        this.discovering = null;
        this.discoveredOnce = true;
        this.notify();
        if (this.monitorMs !== null && !this.closed) {
          this.monitorTimer = setTimeout(() => {
            this.monitorTimer = null;
            this.discover();
          }, this.monitorMs);
        }
      });
  }

  private notify(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Opens the next unfinished file, skipping the lines a restored position says were consumed. */
  private openNext(): boolean {
    for (const [path, s] of this.splits) {
      if (s.done) continue;
      this.current = path;
      this.parser = this.format.createParser(path);
      this.buffer = [];
      this.fileEnded = false;
      const skip = s.position;
      const lines = getPlatform().readTextLines(path)[Symbol.asyncIterator]();
      this.iterator = lines;
      void this.pump(skip);
      return true;
    }
    return false;
  }

  private async pump(skip = 0): Promise<void> {
    if (this.pumping || this.iterator === null) return;
    this.pumping = true;
    const it = this.iterator;
    let skipped = 0;
    try {
      while (!this.closed && this.iterator === it && this.buffer.length < BUFFER_LIMIT) {
        const r = await it.next();
        if (r.done) {
          this.fileEnded = true;
          break;
        }
        if (skip > 0) {
          // A restore resumes inside the file: the parser still sees line 1 (a header names the columns).
          if (skipped++ === 0) {
            try {
              this.parser?.(r.value);
            } catch {
              // reported when the line was first read
            }
          }
          skip--;
          continue;
        }
        this.buffer.push(r.value);
        if (this.buffer.length === 1) this.notify();
      }
    } catch (e) {
      this.failure = e;
    } finally {
      this.pumping = false;
      this.notify();
    }
  }

  /** A line the format refused: to the malformed-records side output when configured, else the job fails. */
  private malformed(path: string, line: number, text: string, e: unknown, output: ReaderOutput<T>): void {
    const error = e instanceof Error ? e.message : String(e);
    if (this.malformedTag !== null && output.collectSide !== undefined) {
      output.collectSide(this.malformedTag, { path, line, text, error });
      return;
    }
    throw new Error(`${path}:${line}: ${error}`);
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    if (this.failure !== null) {
      const e = this.failure;
      this.failure = null;
      throw e instanceof Error ? e : new Error(String(e));
    }
    if (!this.started) return "END_OF_INPUT";
    if (!this.discoveredOnce) return "NOTHING_AVAILABLE";
    if (this.current === null && !this.openNext()) {
      return this.monitorMs === null && this.discovering === null ? "END_OF_INPUT" : "NOTHING_AVAILABLE";
    }
    const split = this.splits.get(this.current!)!;
    const lines = this.buffer;
    this.buffer = [];
    const parse = this.parser!;
    const started = performance.now();
    let i = 0;
    for (; i < lines.length; i++) {
      // A slow chained operator must not hold the task for a whole buffer: checkpoints and timers wait meanwhile.
      if ((i & 63) === 63 && performance.now() - started > POLL_BUDGET_MS) break;
      const line = lines[i]!;
      split.position++;
      let record: T | undefined;
      try {
        record = parse(line);
      } catch (e) {
        this.malformed(this.current!, split.position, line, e, output);
        continue;
      }
      if (record !== undefined) output.collect(record);
    }
    if (i < lines.length) {
      // The rest goes first at the next poll, ahead of lines read since.
      this.buffer = lines.slice(i).concat(this.buffer);
      return "MORE_AVAILABLE";
    }
    if (this.fileEnded && this.buffer.length === 0 && !this.pumping) {
      split.done = true;
      this.current = null;
      this.iterator = null;
      this.fileEnded = false;
      return "MORE_AVAILABLE";
    }
    if (!this.pumping) void this.pump();
    return "NOTHING_AVAILABLE";
  }

  isAvailable(): Promise<void> {
    const idle = this.current === null && this.discovering === null;
    const pendingFile = idle && Array.from(this.splits.values()).some((s) => !s.done);
    if (this.buffer.length > 0 || this.fileEnded || this.failure !== null || pendingFile || (idle && this.monitorMs === null)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  snapshotState(): FileSplit[] {
    return Array.from(this.splits, ([path, s]) => ({ path, position: s.position, done: s.done }));
  }

  close(): void {
    this.closed = true;
    if (this.monitorTimer !== null) clearTimeout(this.monitorTimer);
    const it = this.iterator;
    this.iterator = null;
    if (it && typeof it.return === "function") it.return().catch(() => {});
    this.notify();
  }
}
