// Drives one operator by hand, as Flink's (Keyed)OneInputStreamOperatorTestHarness and
// KeyedTwoInputStreamOperatorTestHarness: elements, watermarks and processing time in, records, side outputs
// and watermarks out, snapshot and restore in between.
import {
  HashMapStateBackend,
  type KeyedStateBackend,
  KeyGroupRange,
  ManualClock,
  OperatorMetricGroup,
  OperatorStateStore,
  type Output,
  type OperatorSnapshot,
  type OutputTag,
  type StreamOperator,
  type StateBackend,
  StreamRecord,
} from "../../host/node.js";
import { StreamingRuntimeContext } from "../../host/runtime/streaming-runtime-context.js";

export type Emitted =
  | { kind: "record"; value: unknown; timestamp: number | null }
  | { kind: "side"; tag: string; value: unknown; timestamp: number | null }
  | { kind: "watermark"; timestamp: number };

export interface HarnessOptions {
  keySelector1?: (v: never) => unknown;
  keySelector2?: (v: never) => unknown;
  inputs?: 1 | 2;
  maxParallelism?: number;
  clock?: ManualClock;
  /** Where keyed state and timers live (default: HashMapStateBackend). */
  stateBackend?: StateBackend;
  /** The key groups this subtask owns (default: all), for restores at another parallelism. */
  keyGroupRange?: KeyGroupRange;
}

export class OperatorHarness {
  readonly clock: ManualClock;
  readonly output: Emitted[] = [];
  readonly metrics = new OperatorMetricGroup("harness");
  readonly backend: KeyedStateBackend | undefined;
  private readonly operatorStateStore = new OperatorStateStore();
  private readonly reuse = new StreamRecord<unknown>(undefined);

  constructor(
    readonly operator: StreamOperator<unknown>,
    private readonly options: HarnessOptions = {},
    restored: readonly OperatorSnapshot[] = [],
  ) {
    this.clock = options.clock ?? new ManualClock(0);
    const maxParallelism = options.maxParallelism ?? 128;
    const keyed = options.keySelector1 !== undefined || options.keySelector2 !== undefined;
    this.backend = keyed
      ? (options.stateBackend ?? new HashMapStateBackend()).createKeyedStateBackend({
          operatorName: "op",
          maxParallelism,
          keyGroupRange: options.keyGroupRange ?? new KeyGroupRange(0, maxParallelism - 1),
        })
      : undefined;
    const out = this.output;
    const output: Output<unknown> = {
      collect: (r) => void out.push({ kind: "record", value: r.value, timestamp: r.hasTimestamp ? r.timestamp : null }),
      collectSide: (tag: OutputTag<unknown>, r) => void out.push({ kind: "side", tag: tag.id, value: r.value, timestamp: r.hasTimestamp ? r.timestamp : null }),
      emitWatermark: (ts) => void out.push({ kind: "watermark", timestamp: ts }),
      emitWatermarkStatus: () => {},
    };
    const clock = this.clock;
    operator.setup({
      operatorName: "op",
      operatorId: "op-1",
      output,
      runtimeContext: new StreamingRuntimeContext(
        { taskName: "op", indexOfThisSubtask: 0, numberOfParallelSubtasks: 1, maxNumberOfParallelSubtasks: maxParallelism, attemptNumber: 0 },
        this.metrics,
        this.backend,
      ),
      processingTimeService: {
        getCurrentProcessingTime: () => clock.now(),
        registerTimer: (time, callback) => clock.schedule(time, () => callback(clock.now())),
      },
      keyedStateBackend: this.backend,
      operatorStateStore: this.operatorStateStore,
      keySelector1: options.keySelector1 as ((v: unknown) => unknown) | undefined,
      keySelector2: options.keySelector2 as ((v: unknown) => unknown) | undefined,
      numberOfInputs: options.inputs ?? 1,
      maxParallelism,
      settings: { autoWatermarkInterval: 0, batch: false, channelCapacity: 1024 },
    });
    operator.initializeState(restored);
    operator.open();
  }

  private record(value: unknown, timestamp?: number): StreamRecord<unknown> {
    const r = this.reuse;
    r.value = value;
    r.hasTimestamp = timestamp !== undefined;
    r.timestamp = timestamp ?? 0;
    return r;
  }
  /** One element on input 1 (of a one-input or two-input operator). */
  element(value: unknown, timestamp?: number): this {
    const r = this.record(value, timestamp);
    this.operator.setKeyContextElement1(r);
    if ((this.options.inputs ?? 1) === 2) this.operator.processElement1!(r);
    else this.operator.processElement!(r);
    return this;
  }
  element2(value: unknown, timestamp?: number): this {
    const r = this.record(value, timestamp);
    this.operator.setKeyContextElement2(r);
    this.operator.processElement2!(r);
    return this;
  }
  watermark(ts: number): this {
    this.operator.processWatermark(ts);
    return this;
  }
  watermark1(ts: number): this {
    this.operator.processWatermark1(ts);
    return this;
  }
  watermark2(ts: number): this {
    this.operator.processWatermark2(ts);
    return this;
  }
  processingTime(ts: number): this {
    this.clock.advanceTo(ts);
    return this;
  }
  snapshot(): OperatorSnapshot {
    return this.operator.snapshotState(1);
  }
  close(): void {
    this.operator.close();
  }
  /** Takes and clears what was emitted so far. */
  take(): Emitted[] {
    return this.output.splice(0, this.output.length);
  }
  records(): unknown[] {
    return this.take().flatMap((e) => (e.kind === "record" ? [e.value] : []));
  }
  counter(name: string): number {
    return this.metrics.counter(name).getCount();
  }
}

export function rec(value: unknown, timestamp: number | null): Emitted {
  return { kind: "record", value, timestamp };
}
export function side(tag: string, value: unknown, timestamp: number | null): Emitted {
  return { kind: "side", tag, value, timestamp };
}
export function wm(timestamp: number): Emitted {
  return { kind: "watermark", timestamp };
}
