// A source over an async iterable (fromCollection(asyncIterable), text files, sockets): a pump awaits the
// iterator into a bounded buffer, and pollNext drains the buffer without awaiting. The pump pauses while the
// buffer is full, so a slow job slows the producer down.
import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader } from "../api/source.js";

export interface AsyncIterableSplit {
  /** Elements emitted so far; a restore skips this many (replayable only if the iterable can be re-created). */
  readonly position: number;
}

const BUFFER_LIMIT = 1024;

export class AsyncIterableSource<T> implements Source<T, AsyncIterableSplit> {
  readonly maxParallelism = 1;
  /**
   * @param open creates the iterable; called once per (re)start, so a factory makes the source replayable.
   * @param what names the source in error messages.
   */
  constructor(
    private readonly open: () => AsyncIterable<T> | Iterable<T>,
    readonly boundedness: Boundedness = "BOUNDED",
    private readonly what = "async iterable",
  ) {}
  createSplits(): AsyncIterableSplit[] {
    return [{ position: 0 }];
  }
  createReader(): SourceReader<T, AsyncIterableSplit> {
    return new AsyncIterableReader(this.open, this.what);
  }
}

class AsyncIterableReader<T> implements SourceReader<T, AsyncIterableSplit> {
  private buffer: T[] = [];
  private head = 0;
  private done = false;
  private failure: unknown = null;
  private pumping = false;
  private closed = false;
  private assigned = false;
  private position = 0;
  private skip = 0;
  private iterator: AsyncIterator<T> | Iterator<T> | null = null;
  private waiter: (() => void) | null = null;

  constructor(
    private readonly open: () => AsyncIterable<T> | Iterable<T>,
    private readonly what: string,
  ) {}

  addSplits(splits: AsyncIterableSplit[]): void {
    if (splits.length === 0) return;
    this.assigned = true;
    this.position = this.skip = Math.max(...splits.map((s) => s.position));
    const iterable = this.open();
    const asyncIt = (iterable as AsyncIterable<T>)[Symbol.asyncIterator];
    this.iterator = asyncIt ? asyncIt.call(iterable) : (iterable as Iterable<T>)[Symbol.iterator]();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.done || this.closed || this.iterator === null) return;
    this.pumping = true;
    try {
      while (!this.closed && this.buffer.length - this.head < BUFFER_LIMIT) {
        const r = await this.iterator.next();
        if (r.done) {
          this.done = true;
          break;
        }
        if (this.skip > 0) {
          this.skip--;
          continue;
        }
        this.buffer.push(r.value);
        this.notify();
      }
    } catch (e) {
      this.failure = e;
    } finally {
      this.pumping = false;
      this.notify();
    }
  }

  private notify(): void {
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w();
    }
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    if (this.failure !== null) {
      const e = this.failure;
      this.failure = null;
      throw e instanceof Error ? e : new Error(`${this.what} failed: ${String(e)}`);
    }
    if (!this.assigned) return "END_OF_INPUT";
    const buf = this.buffer;
    const n = buf.length;
    for (let i = this.head; i < n; i++) {
      output.collect(buf[i]!);
      this.position++;
    }
    this.buffer = [];
    this.head = 0;
    if (this.done) return "END_OF_INPUT";
    if (!this.pumping) void this.pump();
    return "NOTHING_AVAILABLE";
  }

  isAvailable(): Promise<void> {
    if (this.buffer.length > this.head || this.done || this.failure !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  snapshotState(): AsyncIterableSplit[] {
    return this.assigned ? [{ position: this.position }] : [];
  }

  close(): void {
    this.closed = true;
    const it = this.iterator;
    this.iterator = null;
    if (it && typeof it.return === "function") {
      try {
        const r = it.return();
        if (r instanceof Promise) r.catch(() => {});
      } catch {
        // closing a finished iterator may throw; nothing to release then
      }
    }
    this.notify();
  }
}
