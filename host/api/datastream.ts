// DataStream and KeyedStream: the fluent API that builds transformations (Flink's DataStream,
// SingleOutputStreamOperator and KeyedStream). Kept in one file because KeyedStream extends DataStream and
// DataStream creates KeyedStreams.
import { CoProcessOperator } from "../runtime/operators/co-process-operator.js";
import { CoStreamFlatMap } from "../runtime/operators/co-stream-flat-map.js";
import { CoStreamMap } from "../runtime/operators/co-stream-map.js";
import { KeyedProcessOperator } from "../runtime/operators/keyed-process-operator.js";
import { ProcessOperator } from "../runtime/operators/process-operator.js";
import { StreamFilter } from "../runtime/operators/stream-filter.js";
import { StreamFlatMap } from "../runtime/operators/stream-flat-map.js";
import { StreamGroupedReduce } from "../runtime/operators/stream-grouped-reduce.js";
import { StreamMap } from "../runtime/operators/stream-map.js";
import { StreamSink } from "../runtime/operators/stream-sink.js";
import { TimestampsAndWatermarksOperator } from "../runtime/operators/timestamps-and-watermarks-operator.js";
import {
  BroadcastPartitioner,
  CustomPartitionerWrapper,
  ForwardPartitioner,
  GlobalPartitioner,
  KeyGroupStreamPartitioner,
  RebalancePartitioner,
  RescalePartitioner,
  ShufflePartitioner,
  type StreamPartitioner,
} from "../runtime/partitioners.js";
import { PrintSinkFunction } from "../connectors/print-sink.js";
import { TextFileSinkFunction } from "../connectors/text-file-sink.js";
import { comparableAggregator, type FieldExpression, sumAggregator } from "./aggregations.js";
import type { StreamExecutionEnvironment } from "./environment.js";
import { bindUserFunction } from "./function-utils.js";
import type {
  CoFlatMapFunction,
  CoMapFunction,
  FilterFunction,
  FlatMapFunction,
  KeySelector,
  MapFunction,
  Partitioner,
  ReduceFunction,
  SinkFunction,
} from "./functions.js";
import type { OutputTag } from "./output-tag.js";
import type {
  CoProcessFunctionLike,
  KeyedCoProcessFunctionLike,
  KeyedProcessFunctionLike,
  ProcessFunctionLike,
} from "./process-functions.js";
import {
  type ChainingStrategy,
  OneInputTransformation,
  type OperatorFactory,
  PartitionTransformation,
  SideOutputTransformation,
  type Transformation,
  TwoInputTransformation,
  UnionTransformation,
} from "./transformation.js";
import type { WatermarkStrategy } from "./watermark-strategy.js";
import type { TwoPhaseCommitSinkFunction } from "../checkpoint/two-phase-commit-sink.js";
import type { Sink } from "./sink.js";
import { AllWindowedStream } from "./all-windowed-stream.js";
import { BroadcastConnectedStream, BroadcastStream } from "./broadcast-stream.js";
import { CoGroupedStreams } from "./co-grouped-streams.js";
import { IntervalJoin } from "./interval-join.js";
import { JoinedStreams } from "./joined-streams.js";
import type { MapStateDescriptor } from "./state.js";
import { WindowedStream } from "./windowed-stream.js";
import { GlobalWindows } from "./windowing/assigners/global-windows.js";
import { CountEvictor } from "./windowing/evictors/count-evictor.js";
import type { GlobalWindow } from "./windowing/global-window.js";
import { CountTrigger } from "./windowing/triggers/count-trigger.js";
import { PurgingTrigger } from "./windowing/triggers/purging-trigger.js";
import type { WindowAssigner } from "./windowing/window-assigner.js";
import type { Window } from "./windowing/window.js";

/** A key selector given as a function, an object with `getKey`, or a field name / tuple index. */
export type KeySelectorLike<T, K> = KeySelector<T, K> | FieldExpression;

/** Normalises a key selector to a plain function. */
export function toKeySelector<T, K>(selector: KeySelectorLike<T, K>): (value: T) => K {
  if (typeof selector === "string" || typeof selector === "number") {
    const field = selector;
    return (value: T) => {
      if (value === null || typeof value !== "object") {
        throw new TypeError(`keyBy('${String(field)}'): records must be objects or arrays, got ${typeof value}`);
      }
      return (value as Record<string | number, K>)[field]!;
    };
  }
  return bindUserFunction<[T], K>(selector, "getKey", "keyBy()'s key selector");
}

/**
 * A stream of records of type `T` (Flink's DataStream / SingleOutputStreamOperator). Each method adds a
 * transformation and returns the new stream; nothing runs until `env.execute()`.
 */
export class DataStream<T> {
  /** Phantom carrying the element type. */
  declare readonly __type?: T;
  constructor(
    readonly environment: StreamExecutionEnvironment,
    readonly transformation: Transformation,
  ) {}

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }
  getTransformation(): Transformation {
    return this.transformation;
  }
  /** The stream's parallelism (the environment default when not set). */
  getParallelism(): number {
    return this.transformation.parallelism > 0 ? this.transformation.parallelism : this.environment.getParallelism();
  }

  // --- operator settings (apply to the operator that produces this stream) ---
  private operatorOnly(what: string): Transformation {
    const t = this.transformation;
    if (t instanceof UnionTransformation || t instanceof PartitionTransformation || t instanceof SideOutputTransformation) {
      throw new Error(`${what} can only be set on an operator, not on a ${t.constructor.name.replace("Transformation", "")} of streams`);
    }
    return t;
  }
  /** Names the operator (shown in plans, metrics and errors). */
  name(name: string): this {
    this.operatorOnly("name()").name = name;
    return this;
  }
  /** A stable id used to match the operator's state in savepoints (set it on every stateful operator). */
  uid(uid: string): this {
    this.operatorOnly("uid()").uid = uid;
    return this;
  }
  setParallelism(parallelism: number): this {
    if (!Number.isInteger(parallelism) || parallelism < 1) throw new RangeError(`parallelism must be a positive integer, got ${parallelism}`);
    const t = this.operatorOnly("setParallelism()");
    const src = t as { source?: { maxParallelism?: number } };
    if (src.source?.maxParallelism === 1 && parallelism !== 1) {
      throw new Error(`The parallelism of non parallel operator must be 1. Operator '${t.name}' cannot run with parallelism ${parallelism}`);
    }
    t.parallelism = parallelism;
    t.parallelismSet = true;
    return this;
  }
  setMaxParallelism(maxParallelism: number): this {
    if (!Number.isInteger(maxParallelism) || maxParallelism < 1) throw new RangeError(`max parallelism must be a positive integer, got ${maxParallelism}`);
    this.operatorOnly("setMaxParallelism()").maxParallelism = maxParallelism;
    return this;
  }
  /** This operator neither chains to its predecessor nor to its successors. */
  disableChaining(): this {
    this.operatorOnly("disableChaining()").chainingStrategy = "NEVER";
    return this;
  }
  /** Starts a new chain at this operator (it may still chain its successors). */
  startNewChain(): this {
    this.operatorOnly("startNewChain()").chainingStrategy = "HEAD";
    return this;
  }

  // --- transformations ---
  /** Adds a one-input operator (Flink's `transform`). Keyed streams pass their key selector for keyed state. */
  transform<R>(operatorName: string, factory: OperatorFactory, chaining: ChainingStrategy = "ALWAYS"): DataStream<R> {
    const t = new OneInputTransformation(operatorName, this.transformation, factory, this.stateKeySelector());
    t.chainingStrategy = chaining;
    this.environment.addOperator(t);
    return new DataStream<R>(this.environment, t);
  }
  /** Key selector for keyed state of downstream operators; only keyed streams have one. */
  protected stateKeySelector(): ((value: unknown) => unknown) | undefined {
    return undefined;
  }
  map<R>(fn: MapFunction<T, R>): DataStream<R> {
    return this.transform<R>("Map", () => new StreamMap(fn));
  }
  filter(fn: FilterFunction<T>): DataStream<T> {
    return this.transform<T>("Filter", () => new StreamFilter(fn));
  }
  flatMap<R>(fn: FlatMapFunction<T, R>): DataStream<R> {
    return this.transform<R>("Flat Map", () => new StreamFlatMap(fn));
  }
  /** Runs a ProcessFunction on every record (timers only on keyed streams). */
  process<R>(fn: ProcessFunctionLike<T, R>): DataStream<R> {
    return this.transform<R>("Process", () => new ProcessOperator(fn));
  }
  /** Partitions by key: all records with the same key go to the same subtask (by key group). */
  keyBy<K>(selector: KeySelectorLike<T, K>): KeyedStream<T, K> {
    return new KeyedStream<T, K>(this, toKeySelector(selector));
  }
  /** Merges streams of the same type (no operator; order across inputs is not defined). */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const o of others) {
      if (o.environment !== this.environment) throw new Error("union: all streams must belong to the same environment");
    }
    return new DataStream<T>(this.environment, new UnionTransformation([this.transformation, ...others.map((o) => o.transformation)]));
  }
  /**
   * Connects two streams of possibly different types for a co-function with shared state; connecting a
   * `BroadcastStream` gives a BroadcastConnectedStream for (Keyed)BroadcastProcessFunctions.
   */
  connect<T2>(other: BroadcastStream<T2>): BroadcastConnectedStream<T, T2>;
  connect<T2>(other: DataStream<T2>): ConnectedStreams<T, T2>;
  connect<T2>(other: DataStream<T2> | BroadcastStream<T2>): ConnectedStreams<T, T2> | BroadcastConnectedStream<T, T2> {
    if (other instanceof BroadcastStream) return new BroadcastConnectedStream<T, T2>(this, other);
    return new ConnectedStreams<T, T2>(this, other);
  }
  /**
   * Windows over the whole stream, evaluated by one non-parallel operator (Flink's `windowAll`).
   *
   * @example
   * stream.windowAll(TumblingEventTimeWindows.of(Time.seconds(5))).sum("amount");
   */
  windowAll<W extends Window>(assigner: WindowAssigner<unknown, W>): AllWindowedStream<T, W> {
    return new AllWindowedStream<T, W>(this, assigner as WindowAssigner<T, W>);
  }
  /**
   * Count windows over the whole stream (Flink's `countWindowAll`): tumbling windows of `size` elements, or
   * with `slide`, windows of the last `size` elements every `slide` elements.
   */
  countWindowAll(size: number, slide?: number): AllWindowedStream<T, GlobalWindow> {
    const w = this.windowAll(GlobalWindows.create());
    if (slide === undefined) return w.trigger(PurgingTrigger.of(CountTrigger.of(size)));
    return w.evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
  }
  /** A window join with `other`: `.where(k1).equalTo(k2).window(assigner).apply(joinFn)` (Flink's `join`). */
  join<T2>(other: DataStream<T2>): JoinedStreams<T, T2> {
    return new JoinedStreams<T, T2>(this, other);
  }
  /** A window coGroup with `other`: `.where(k1).equalTo(k2).window(assigner).apply(coGroupFn)` (Flink's `coGroup`). */
  coGroup<T2>(other: DataStream<T2>): CoGroupedStreams<T, T2> {
    return new CoGroupedStreams<T, T2>(this, other);
  }
  /** Assigns event timestamps and generates watermarks with `strategy` (Flink's assignTimestampsAndWatermarks). */
  assignTimestampsAndWatermarks(strategy: WatermarkStrategy<T> | { readonly __watermarkStrategy?: T }): DataStream<T> {
    const s = strategy as WatermarkStrategy<T>;
    return this.transform<T>("Timestamps/Watermarks", () => new TimestampsAndWatermarksOperator(s));
  }
  /** The records emitted to `tag` by the operator that produced this stream. */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    return new DataStream<X>(this.environment, new SideOutputTransformation(this.transformation, tag as OutputTag<unknown>));
  }

  // --- partitioning ---
  protected partition(partitioner: StreamPartitioner): DataStream<T> {
    return new DataStream<T>(this.environment, new PartitionTransformation(this.transformation, partitioner));
  }
  /** Same subtask index downstream; requires equal parallelism. */
  forward(): DataStream<T> {
    return this.partition(new ForwardPartitioner());
  }
  /** Round robin over all downstream subtasks. */
  rebalance(): DataStream<T> {
    return this.partition(new RebalancePartitioner());
  }
  /** Round robin over the local group of downstream subtasks. */
  rescale(): DataStream<T> {
    return this.partition(new RescalePartitioner());
  }
  /** Uniformly random downstream subtask. */
  shuffle(): DataStream<T> {
    return this.partition(new ShufflePartitioner());
  }
  /**
   * Without arguments: every record to every downstream subtask (the broadcast partitioner). With
   * `MapStateDescriptor`s: a BroadcastStream to `connect` to, whose elements may write those broadcast states.
   */
  broadcast(): DataStream<T>;
  broadcast(...descriptors: [MapStateDescriptor<any, any>, ...MapStateDescriptor<any, any>[]]): BroadcastStream<T>;
  broadcast(...descriptors: MapStateDescriptor<any, any>[]): DataStream<T> | BroadcastStream<T> {
    const partitioned = this.partition(new BroadcastPartitioner());
    if (descriptors.length === 0) return partitioned;
    return new BroadcastStream<T>(this.environment, partitioned, descriptors as MapStateDescriptor<unknown, unknown>[]);
  }
  /** Everything to the first downstream subtask. */
  global(): DataStream<T> {
    return this.partition(new GlobalPartitioner());
  }
  /** A user partitioner picks the subtask from each record's key. */
  partitionCustom<K>(partitioner: Partitioner<K>, selector: KeySelectorLike<T, K>): DataStream<T> {
    return this.partition(new CustomPartitionerWrapper<T, K>(partitioner, toKeySelector(selector)));
  }

  // --- sinks ---
  /** Adds a sink: a SinkFunction, a rich sink, or a TwoPhaseCommitSinkFunction (exactly-once with checkpoints). */
  addSink(fn: SinkFunction<T> | TwoPhaseCommitSinkFunction<T, any>): DataStreamSink<T> {
    const f = fn as SinkFunction<T>;
    const t = new OneInputTransformation("Unnamed", this.transformation, () => new StreamSink(f), this.stateKeySelector(), true);
    this.environment.addOperator(t);
    return new DataStreamSink<T>(t);
  }
  /** Writes to a Sink (FileSink and other connectors; Flink's sinkTo). */
  sinkTo(sink: Sink<T>): DataStreamSink<T> {
    return this.addSink(sink.createSinkFunction()).name(sink.sinkName ?? "Sink");
  }
  /** Prints each record on its own line (Flink's print: `i> ` prefixes at parallelism > 1). */
  print(sinkIdentifier?: string): DataStreamSink<T> {
    return this.addSink(new PrintSinkFunction<T>(sinkIdentifier)).name("Print to Std. Out");
  }
  /** Writes records as text lines to `path` (a directory of per-subtask files at parallelism > 1). */
  writeAsText(path: string, overwrite = false): DataStreamSink<T> {
    return this.addSink(new TextFileSinkFunction<T>(path, overwrite)).name(`TextFileSink(${path})`);
  }
  /**
   * Runs the job (everything defined in the environment plus this collecting sink) and returns the records of
   * this stream; with `limit`, cancels the job once that many arrived (Flink's executeAndCollect).
   */
  async executeAndCollect(limit?: number, jobName = "DataStream Collect"): Promise<T[]> {
    const out: T[] = [];
    let reached: (() => void) | null = null;
    const full = new Promise<void>((resolve) => (reached = resolve));
    this.addSink((value: T) => {
      if (limit === undefined || out.length < limit) out.push(value);
      if (limit !== undefined && out.length >= limit) reached?.();
    })
      .name("Collect Sink")
      .setParallelism(1);
    const client = await this.environment.executeAsync(jobName);
    const done = client.getJobExecutionResult();
    const winner = await Promise.race([done.then(() => "done" as const), full.then(() => "limit" as const)]);
    if (winner === "limit") await client.cancel();
    else await done;
    return out;
  }
}

/** A sink; settings apply to the sink operator (Flink's DataStreamSink). */
export class DataStreamSink<T> {
  declare readonly __type?: T;
  constructor(readonly transformation: OneInputTransformation) {}
  name(name: string): this {
    this.transformation.name = name;
    return this;
  }
  uid(uid: string): this {
    this.transformation.uid = uid;
    return this;
  }
  setParallelism(parallelism: number): this {
    if (!Number.isInteger(parallelism) || parallelism < 1) throw new RangeError(`parallelism must be a positive integer, got ${parallelism}`);
    this.transformation.parallelism = parallelism;
    return this;
  }
  disableChaining(): this {
    this.transformation.chainingStrategy = "NEVER";
    return this;
  }
}

/**
 * A stream partitioned by key (Flink's KeyedStream): operators downstream get keyed state and timers scoped
 * to the key of the record they process. Keys map to key groups as Flink does:
 * `keyGroup = murmurHash(hashCode(key)) % maxParallelism`, `subtask = keyGroup * parallelism / maxParallelism`.
 */
export class KeyedStream<T, K> extends DataStream<T> {
  constructor(
    readonly input: DataStream<T>,
    readonly keySelector: (value: T) => K,
  ) {
    super(input.environment, new PartitionTransformation(input.transformation, new KeyGroupStreamPartitioner(keySelector)));
  }
  protected override stateKeySelector(): (value: unknown) => unknown {
    return this.keySelector as (value: unknown) => unknown;
  }
  /** Rolling reduce: emits the combined value of the key for every record. */
  reduce(fn: ReduceFunction<T>): DataStream<T> {
    return this.transform<T>("Keyed Reduce", () => new StreamGroupedReduce(fn));
  }
  private aggregate(reduce: (a: T, b: T) => T): DataStream<T> {
    return this.transform<T>("Keyed Aggregation", () => new StreamGroupedReduce(reduce));
  }
  /** Rolling sum of `field`; other fields keep the first record's values. */
  sum(field: FieldExpression): DataStream<T> {
    return this.aggregate(sumAggregator<T>(field));
  }
  /** Rolling minimum of `field`; other fields keep the first record's values. */
  min(field: FieldExpression): DataStream<T> {
    return this.aggregate(comparableAggregator<T>(field, "min"));
  }
  /** Rolling maximum of `field`; other fields keep the first record's values. */
  max(field: FieldExpression): DataStream<T> {
    return this.aggregate(comparableAggregator<T>(field, "max"));
  }
  /** The record with the smallest `field` so far (the earlier one on ties). */
  minBy(field: FieldExpression): DataStream<T> {
    return this.aggregate(comparableAggregator<T>(field, "minBy"));
  }
  /** The record with the largest `field` so far (the earlier one on ties). */
  maxBy(field: FieldExpression): DataStream<T> {
    return this.aggregate(comparableAggregator<T>(field, "maxBy"));
  }
  /**
   * Windows per key (Flink's `KeyedStream.window`).
   *
   * @example
   * keyed.window(TumblingEventTimeWindows.of(Time.seconds(5))).reduce((a, b) => a + b);
   */
  window<W extends Window>(assigner: WindowAssigner<unknown, W>): WindowedStream<T, K, W> {
    return new WindowedStream<T, K, W>(this, assigner as WindowAssigner<T, W>);
  }
  /**
   * Count windows per key (Flink's `countWindow`): tumbling windows of `size` elements
   * (`GlobalWindows` + `PurgingTrigger.of(CountTrigger.of(size))`), or with `slide`, the last `size` elements
   * every `slide` elements (`CountEvictor.of(size)` + `CountTrigger.of(slide)`).
   */
  countWindow(size: number, slide?: number): WindowedStream<T, K, GlobalWindow> {
    const w = this.window(GlobalWindows.create());
    if (slide === undefined) return w.trigger(PurgingTrigger.of(CountTrigger.of(size)));
    return w.evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
  }
  /**
   * An interval join with another keyed stream (Flink's `intervalJoin`): pairs `(a, b)` of the same key with
   * `a.ts + lower <= b.ts <= a.ts + upper`.
   */
  intervalJoin<T2>(other: KeyedStream<T2, K>): IntervalJoin<T, T2, K> {
    return new IntervalJoin<T, T2, K>(this, other);
  }
  /** Runs a KeyedProcessFunction: keyed state, the current key and per-key timers. */
  override process<R>(fn: KeyedProcessFunctionLike<K, T, R> | ProcessFunctionLike<T, R>): DataStream<R> {
    return this.transform<R>("KeyedProcess", () => new KeyedProcessOperator(fn as KeyedProcessFunctionLike<K, T, R>));
  }
}

/** Two streams connected for a co-function (Flink's ConnectedStreams). Keyed when both inputs are keyed. */
export class ConnectedStreams<IN1, IN2> {
  constructor(
    readonly first: DataStream<IN1>,
    readonly second: DataStream<IN2>,
  ) {
    if (first.environment !== second.environment) throw new Error("connect: both streams must belong to the same environment");
  }
  private get keyed(): boolean {
    return this.first instanceof KeyedStream && this.second instanceof KeyedStream;
  }
  /** Keys both inputs, so the co-function gets keyed state and timers. */
  keyBy<K>(key1: KeySelectorLike<IN1, K>, key2: KeySelectorLike<IN2, K>): ConnectedStreams<IN1, IN2> {
    return new ConnectedStreams(this.first.keyBy(key1), this.second.keyBy(key2));
  }
  /** Adds a two-input operator (Flink's ConnectedStreams.transform). */
  transform<R>(name: string, factory: OperatorFactory): DataStream<R> {
    const k1 = this.first instanceof KeyedStream ? (this.first.keySelector as (v: unknown) => unknown) : undefined;
    const k2 = this.second instanceof KeyedStream ? (this.second.keySelector as (v: unknown) => unknown) : undefined;
    if ((k1 === undefined) !== (k2 === undefined)) {
      throw new Error("connect: either both inputs are keyed or neither (keyBy both streams, or use ConnectedStreams.keyBy)");
    }
    const t = new TwoInputTransformation(name, this.first.transformation, this.second.transformation, factory, k1, k2);
    const env = this.first.environment;
    env.addOperator(t);
    return new DataStream<R>(env, t);
  }
  map<R>(fn: CoMapFunction<IN1, IN2, R>): DataStream<R> {
    return this.transform<R>("Co-Map", () => new CoStreamMap(fn));
  }
  flatMap<R>(fn: CoFlatMapFunction<IN1, IN2, R>): DataStream<R> {
    return this.transform<R>("Co-Flat Map", () => new CoStreamFlatMap(fn));
  }
  /**
   * A CoProcessFunction, or on keyed inputs a KeyedCoProcessFunction with keyed state and timers. `K` is the
   * function's key type, so a `KeyedCoProcessFunction<string, ...>` subclass type-checks as in Flink's
   * `ConnectedStreams.process(KeyedCoProcessFunction<K, IN1, IN2, R>)`.
   */
  process<R, K = unknown>(fn: CoProcessFunctionLike<IN1, IN2, R> | KeyedCoProcessFunctionLike<K, IN1, IN2, R>): DataStream<R> {
    const keyed = this.keyed;
    const f = fn as CoProcessFunctionLike<IN1, IN2, R> | KeyedCoProcessFunctionLike<unknown, IN1, IN2, R>;
    return this.transform<R>(keyed ? "KeyedCoProcess" : "Co-Process", () => new CoProcessOperator(f, keyed));
  }
}
