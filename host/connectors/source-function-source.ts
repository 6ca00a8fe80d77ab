// Runs a legacy SourceFunction as a Source: `run` pushes into a buffer of records and watermarks that the
// source task drains from its mailbox loop. The buffer reports capacity through `waitForCapacity()`.
import { closeFunction, instantiateFunction, openFunction } from "../api/function-utils.js";
import type { InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from "../api/source.js";
import type { SourceContext, SourceFunction } from "../api/source-function.js";

const CAPACITY = 1024;
const KIND_RECORD = 0;
const KIND_RECORD_TS = 1;
const KIND_WATERMARK = 2;
const KIND_IDLE = 3;

export class SourceFunctionSource<T> implements Source<T, Record<string, never>> {
  readonly boundedness = "BOUNDED" as const;
  readonly maxParallelism = 1;
  constructor(private readonly fn: SourceFunction<T>) {
    if (typeof fn?.run !== "function") throw new TypeError("addSource: the source function must have a run(ctx) method");
  }
  createSplits(): Array<Record<string, never>> {
    return [{}];
  }
  createReader(context: SourceReaderContext): SourceReader<T, Record<string, never>> {
    return new SourceFunctionReader(instantiateFunction(this.fn), context);
  }
}

class SourceFunctionReader<T> implements SourceReader<T, Record<string, never>>, SourceContext<T> {
  private values: unknown[] = [];
  private stamps: number[] = [];
  private kinds: number[] = [];
  private running = false;
  private finished = false;
  private failure: unknown = null;
  private dataWaiter: (() => void) | null = null;
  private capacityWaiters: Array<() => void> = [];

  constructor(
    private readonly fn: SourceFunction<T>,
    private readonly context: SourceReaderContext,
  ) {}

  addSplits(splits: Array<Record<string, never>>): void {
    if (splits.length === 0 || this.running) return;
    this.running = true;
    if (this.context.runtimeContext) openFunction(this.fn, this.context.runtimeContext);
    Promise.resolve()
      .then(() => this.fn.run(this))
      .then(
        () => {
          this.finished = true;
          this.wakeData();
        },
        (e: unknown) => {
          this.failure = e ?? new Error("source function failed");
          this.wakeData();
        },
      );
  }

  // --- SourceContext, called by the user's run loop ---
  collect(element: T): void {
    this.push(KIND_RECORD, element, 0);
  }
  collectWithTimestamp(element: T, timestamp: number): void {
    this.push(KIND_RECORD_TS, element, timestamp);
  }
  emitWatermark(timestamp: number): void {
    this.push(KIND_WATERMARK, undefined, timestamp);
  }
  markAsTemporarilyIdle(): void {
    this.push(KIND_IDLE, undefined, 0);
  }
  waitForCapacity(): Promise<void> {
    if (this.values.length < CAPACITY) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }
  private push(kind: number, value: unknown, ts: number): void {
    if (this.finished) return;
    this.kinds.push(kind);
    this.values.push(value);
    this.stamps.push(ts);
    if (this.kinds.length === 1) this.wakeData();
  }
  private wakeData(): void {
    const w = this.dataWaiter;
    if (w !== null) {
      this.dataWaiter = null;
      w();
    }
  }

  // --- SourceReader, called by the task ---
  pollNext(output: ReaderOutput<T>): InputStatus {
    const { kinds, values, stamps } = this;
    this.kinds = [];
    this.values = [];
    this.stamps = [];
    for (let i = 0; i < kinds.length; i++) {
      switch (kinds[i]) {
        case KIND_RECORD:
          output.collect(values[i] as T);
          break;
        case KIND_RECORD_TS:
          output.collect(values[i] as T, stamps[i]);
          break;
        case KIND_WATERMARK:
          output.emitWatermark(stamps[i]!);
          break;
        default:
          output.markIdle();
      }
    }
    const waiters = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const w of waiters) w();
    if (this.failure !== null) throw this.failure;
    if (this.finished && this.kinds.length === 0) return "END_OF_INPUT";
    return this.kinds.length > 0 ? "MORE_AVAILABLE" : "NOTHING_AVAILABLE";
  }
  isAvailable(): Promise<void> {
    if (this.kinds.length > 0 || this.finished || this.failure !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.dataWaiter = resolve;
    });
  }
  snapshotState(): Array<Record<string, never>> {
    return [{}];
  }
  close(): void {
    if (this.running && !this.finished) this.fn.cancel();
    this.finished = true;
    closeFunction(this.fn);
    for (const w of this.capacityWaiters) w();
    this.capacityWaiters = [];
  }
}
