// The entry point of a DataStream program (Flink's StreamExecutionEnvironment).
import { RestartStrategies, type RestartStrategyConfiguration } from "../checkpoint/restart-strategies.js";
import { AsyncIterableSource } from "../connectors/async-iterable-source.js";
import { CollectionSource } from "../connectors/collection-source.js";
import { SequenceSource } from "../connectors/sequence-source.js";
import { SourceFunctionSource } from "../connectors/source-function-source.js";
import { executionPlanJson } from "../graph/execution-plan.js";
import { createJobGraph } from "../graph/job-graph.js";
import { generateStreamGraph, type StreamGraph } from "../graph/stream-graph.js";
import { JobRunner, type JobRunnerOptions } from "../runtime/job-runner.js";
import { getPlatform } from "../runtime/platform.js";
import { type Clock, SystemClock } from "../runtime/processing-time-service.js";
import { HashMapStateBackend } from "../state/hash-map-state-backend.js";
import type { StateBackend } from "../state/keyed-state-backend.js";
import { checkParallelism, UPPER_BOUND_MAX_PARALLELISM } from "../state/key-groups.js";
import { Configuration, type EnvironmentOptions, ExecutionConfig, RuntimeExecutionMode } from "./configuration.js";
import { CheckpointConfig, CheckpointingMode } from "./checkpoint-config.js";
import { DataStream } from "./datastream.js";
import type { JobClient, JobExecutionResult, JobListener } from "./job-client.js";
import type { Source } from "./source.js";
import type { SourceFunction } from "./source-function.js";
import { SourceTransformation, type Transformation } from "./transformation.js";

/** Creates the environment `getExecutionEnvironment` returns, e.g. the CLI's (Flink's StreamExecutionEnvironmentFactory). */
export type StreamExecutionEnvironmentFactory = (options?: EnvironmentOptions) => StreamExecutionEnvironment;

let contextFactory: StreamExecutionEnvironmentFactory | null = null;

/**
 * Builds a dataflow program and runs it (Flink's StreamExecutionEnvironment). Sources create streams,
 * transformations extend them, `execute()` runs everything reachable from the sinks.
 *
 * @example
 * const env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.fromElements("a b", "b").flatMap((l: string) => l.split(" ")).map((w) => [w, 1] as [string, number])
 *   .keyBy((t) => t[0]).sum(1).print();
 * await env.execute("word count");
 */
export class StreamExecutionEnvironment {
  // --- configuration ---
  readonly configuration: Configuration;
  private parallelism: number;
  private maxParallelism: number;
  private runtimeMode: RuntimeExecutionMode;
  private chainingEnabled: boolean;
  private readonly executionConfig: ExecutionConfig;
  private readonly checkpointConfig: CheckpointConfig;
  private stateBackend: StateBackend = new HashMapStateBackend();
  private restartStrategy: RestartStrategyConfiguration | null = null;
  private clock: Clock;
  private readonly jobListeners: JobListener[] = [];
  // --- the program ---
  /** Transformations added so far (sinks and every operator), in the order the program added them. */
  readonly transformations: Transformation[] = [];

  constructor(options?: EnvironmentOptions) {
    let clock: Clock | undefined;
    if (options instanceof Configuration) this.configuration = new Configuration(options);
    else {
      this.configuration = new Configuration();
      for (const [k, v] of Object.entries(options ?? {})) {
        if (k === "clock") clock = v as Clock;
        else if (v !== undefined) this.configuration.set(k, v as string | number | boolean);
      }
    }
    this.clock = clock ?? new SystemClock();
    this.parallelism = this.configuration.getInteger("parallelism.default", 1);
    this.maxParallelism = this.configuration.getInteger("pipeline.max-parallelism", -1);
    this.chainingEnabled = this.configuration.getBoolean("pipeline.operator-chaining", true);
    const mode = this.configuration.getString("execution.runtime-mode", RuntimeExecutionMode.STREAMING).toUpperCase();
    if (!(mode in RuntimeExecutionMode)) throw new TypeError(`execution.runtime-mode must be STREAMING, BATCH or AUTOMATIC, got '${mode}'`);
    this.runtimeMode = mode as RuntimeExecutionMode;
    this.executionConfig = new ExecutionConfig(this.configuration);
    this.checkpointConfig = new CheckpointConfig(this.configuration);
  }

  /**
   * The environment for the current context: the one the CLI prepared when running under `rivulet run`,
   * else a new local environment configured by `options`.
   */
  static getExecutionEnvironment(options?: EnvironmentOptions): StreamExecutionEnvironment {
    return contextFactory !== null ? contextFactory(options) : new StreamExecutionEnvironment(options);
  }
  /** Installs the factory `getExecutionEnvironment` uses (Flink's initializeContextEnvironment). */
  static initializeContextEnvironment(factory: StreamExecutionEnvironmentFactory): void {
    contextFactory = factory;
  }
  static resetContextEnvironment(): void {
    contextFactory = null;
  }

  // --- settings ---
  /** Default parallelism of operators that do not set their own (Flink's `parallelism.default`, 1). */
  setParallelism(parallelism: number): this {
    checkParallelism(parallelism, UPPER_BOUND_MAX_PARALLELISM);
    this.parallelism = parallelism;
    return this;
  }
  getParallelism(): number {
    return this.parallelism;
  }
  /** Max parallelism = number of key groups; default as Flink: `min(max(pow2ceil(p + p/2), 128), 32768)`. */
  setMaxParallelism(maxParallelism: number): this {
    checkParallelism(1, maxParallelism);
    this.maxParallelism = maxParallelism;
    return this;
  }
  getMaxParallelism(): number {
    return this.maxParallelism;
  }
  /** STREAMING (default), BATCH (requires bounded sources) or AUTOMATIC (BATCH when all sources are bounded). */
  setRuntimeMode(mode: RuntimeExecutionMode): this {
    this.runtimeMode = mode;
    return this;
  }
  getRuntimeMode(): RuntimeExecutionMode {
    return this.runtimeMode;
  }
  /** Turns operator chaining off for the whole job (Flink's disableOperatorChaining). */
  disableOperatorChaining(): this {
    this.chainingEnabled = false;
    return this;
  }
  getConfig(): ExecutionConfig {
    return this.executionConfig;
  }
  /** Where keyed state lives: `HashMapStateBackend` (default) or `WasmStateBackend`. */
  setStateBackend(backend: StateBackend): this {
    this.stateBackend = backend;
    return this;
  }
  getStateBackend(): StateBackend {
    return this.stateBackend;
  }
  setRestartStrategy(strategy: RestartStrategyConfiguration): this {
    this.restartStrategy = strategy;
    return this;
  }
  /** The restart strategy; by default none, or with checkpointing on a fixed delay of 1 s, unlimited (as Flink). */
  getRestartStrategy(): RestartStrategyConfiguration {
    if (this.restartStrategy !== null) return this.restartStrategy;
    return this.checkpointConfig.isCheckpointingEnabled() ? RestartStrategies.fixedDelayRestart(Number.POSITIVE_INFINITY, 1000) : RestartStrategies.noRestart();
  }
  /**
   * Turns on periodic checkpoints every `intervalMs` (Flink's enableCheckpointing): sources inject barriers,
   * tasks snapshot their state, and a failed job restarts from the latest completed checkpoint.
   *
   * @example
   * env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
   */
  enableCheckpointing(intervalMs: number, mode: CheckpointingMode = CheckpointingMode.EXACTLY_ONCE): this {
    this.checkpointConfig.setCheckpointInterval(intervalMs);
    this.checkpointConfig.setCheckpointingMode(mode);
    return this;
  }
  /** Checkpointing settings (storage, timeouts, pauses, retention, unaligned). */
  getCheckpointConfig(): CheckpointConfig {
    return this.checkpointConfig;
  }
  /** The processing-time clock (the system clock unless a `clock` option was given). */
  getClock(): Clock {
    return this.clock;
  }
  registerJobListener(listener: JobListener): this {
    this.jobListeners.push(listener);
    return this;
  }

  // --- sources ---
  /** A bounded stream of the given elements, parallelism 1 (Flink's fromElements). */
  fromElements<T>(...elements: T[]): DataStream<T> {
    return this.addSourceTransformation(new CollectionSource(elements), "Collection Source");
  }
  /**
   * A stream of a collection: an iterable (bounded, replayable) or an async iterable (read as it produces,
   * not replayable after a failure), parallelism 1 (Flink's fromCollection).
   */
  fromCollection<T>(collection: Iterable<T> | AsyncIterable<T>): DataStream<T> {
    if (collection !== null && typeof collection === "object" && Symbol.asyncIterator in collection) {
      const once = collection as AsyncIterable<T>;
      return this.addSourceTransformation(new AsyncIterableSource(() => once, "BOUNDED", "fromCollection"), "Collection Source");
    }
    if (collection === null || typeof (collection as Iterable<T>)[Symbol.iterator] !== "function") {
      throw new TypeError("fromCollection needs an iterable or an async iterable");
    }
    return this.addSourceTransformation(new CollectionSource(collection as Iterable<T>), "Collection Source");
  }
  /** The numbers `from..to` inclusive, in parallel: each subtask emits one contiguous range (Flink's fromSequence). */
  fromSequence(from: number, to: number): DataStream<number> {
    return this.addSourceTransformation(new SequenceSource(from, to), "Sequence Source");
  }
  /** The lines of a text file (a URL in browsers), parallelism 1. */
  readTextFile(path: string): DataStream<string> {
    return this.addSourceTransformation(
      new AsyncIterableSource(() => getPlatform().readTextLines(path), "BOUNDED", `readTextFile(${path})`),
      `Read Text File: ${path}`,
    );
  }
  /**
   * Lines from a TCP socket until it closes, parallelism 1. At-most-once: data in flight when the job fails
   * is not replayed (as in Flink).
   */
  socketTextStream(hostname: string, port: number, delimiter = "\n"): DataStream<string> {
    return this.addSourceTransformation(
      new AsyncIterableSource(() => getPlatform().socketTextLines(hostname, port, delimiter), "CONTINUOUS_UNBOUNDED", `socket ${hostname}:${port}`),
      "Socket Stream",
    );
  }
  /** A stream from a SourceFunction (Flink's addSource); non-parallel. */
  addSource<T>(sourceFunction: SourceFunction<T>, sourceName = "Custom Source"): DataStream<T> {
    return this.addSourceTransformation(new SourceFunctionSource(sourceFunction), sourceName);
  }
  /**
   * A stream from a Source (connectors, the Nexmark generator). `watermarkStrategy`, when given, assigns
   * timestamps and watermarks right after the source (Flink's fromSource).
   */
  fromSource<T>(source: Source<T, unknown>, watermarkStrategy: WatermarkStrategyLike<T> | null | undefined, sourceName: string): DataStream<T> {
    const stream = this.addSourceTransformation(source, sourceName);
    return watermarkStrategy ? stream.assignTimestampsAndWatermarks(watermarkStrategy) : stream;
  }
  private addSourceTransformation<T>(source: Source<T, unknown>, name: string): DataStream<T> {
    return new DataStream<T>(this, new SourceTransformation(name, source as Source<unknown, unknown>));
  }

  /** Registers a transformation to run on execute (done by the stream API for operators and sinks). */
  addOperator(transformation: Transformation): void {
    this.transformations.push(transformation);
  }

  // --- execution ---
  /** The StreamGraph of the program so far; `clear` empties the environment as execute does. */
  getStreamGraph(jobName = "Flink Streaming Job", clear = true): StreamGraph {
    if (this.transformations.length === 0) {
      throw new Error("No operators defined in streaming topology. Cannot execute.");
    }
    const graph = generateStreamGraph(this.transformations, {
      jobName,
      defaultParallelism: this.parallelism,
      maxParallelism: this.maxParallelism,
      chainingEnabled: this.chainingEnabled,
    });
    this.checkRuntimeMode(graph);
    if (clear) this.transformations.length = 0;
    return graph;
  }

  private checkRuntimeMode(graph: StreamGraph): void {
    if (this.runtimeMode !== RuntimeExecutionMode.BATCH) return;
    const unbounded = graph.nodes.filter((n) => n.source?.boundedness === "CONTINUOUS_UNBOUNDED");
    if (unbounded.length > 0) {
      throw new Error(
        `Detected an UNBOUNDED source with the 'execution.runtime-mode' set to 'BATCH': ${unbounded.map((n) => n.name).join(", ")}. ` +
          "This combination is not allowed, please set the 'execution.runtime-mode' to STREAMING or AUTOMATIC",
      );
    }
  }

  /** The plan as JSON in Flink's layout (nodes with parallelism and ship strategies); does not clear. */
  getExecutionPlan(): string {
    return executionPlanJson(this.getStreamGraph("Flink Streaming Job", false));
  }

  private checkpointSettings(): NonNullable<JobRunnerOptions["checkpointing"]> {
    return checkpointSettingsOf(this.checkpointConfig);
  }

  /** Runs the job and resolves when it finishes; rejects with a JobExecutionException naming the failure. */
  async execute(jobName?: string): Promise<JobExecutionResult> {
    const client = await this.executeAsync(jobName);
    let result: JobExecutionResult | null = null;
    try {
      result = await client.getJobExecutionResult();
      return result;
    } finally {
      for (const l of this.jobListeners) l.onJobExecuted?.(result, result === null ? new Error("job did not finish") : null);
    }
  }

  /** Submits the job and returns a JobClient at once (Flink's executeAsync). */
  async executeAsync(jobName = "Flink Streaming Job"): Promise<JobClient> {
    const graph = this.getStreamGraph(jobName);
    const allBounded = graph.nodes.every((n) => n.kind !== "source" || n.source!.boundedness === "BOUNDED");
    const batch =
      this.runtimeMode === RuntimeExecutionMode.BATCH || (this.runtimeMode === RuntimeExecutionMode.AUTOMATIC && allBounded);
    const runner = new JobRunner(createJobGraph(graph), {
      stateBackend: this.stateBackend,
      clock: this.clock,
      restartStrategy: this.getRestartStrategy(),
      settings: {
        batch,
        autoWatermarkInterval: this.executionConfig.getAutoWatermarkInterval(),
        channelCapacity: this.configuration.getInteger("taskmanager.network.channel-capacity", 1024),
      },
      checkpointing: this.checkpointSettings(),
      restorePath: this.configuration.has("execution.savepoint.path") ? this.configuration.getString("execution.savepoint.path", "") : null,
      allowNonRestoredState: this.configuration.getBoolean("execution.savepoint.ignore-unclaimed-state", false),
    });
    for (const l of this.jobListeners) l.onJobSubmitted?.(runner);
    return runner;
  }
}

/** Settings the local runner's checkpoint coordinator needs. */
function checkpointSettingsOf(c: CheckpointConfig): NonNullable<JobRunnerOptions["checkpointing"]> {
  return {
    interval: c.isCheckpointingEnabled() ? c.getCheckpointInterval() : -1,
    mode: c.getCheckpointingMode() === CheckpointingMode.AT_LEAST_ONCE ? "at-least-once" : "exactly-once",
    unaligned: c.isUnalignedCheckpointsEnabled() && c.getCheckpointingMode() === CheckpointingMode.EXACTLY_ONCE,
    timeout: c.getCheckpointTimeout(),
    minPause: c.getMinPauseBetweenCheckpoints(),
    maxConcurrent: c.getMaxConcurrentCheckpoints(),
    tolerableFailures: c.getTolerableCheckpointFailureNumber(),
    numRetained: c.getNumRetainedCheckpoints(),
    defaultSavepointDirectory: c.getDefaultSavepointDirectory(),
    storage: c.getCheckpointStorage(),
    retention: c.getExternalizedCheckpointCleanup(),
  };
}

/** Structural type of a WatermarkStrategy, so the environment does not depend on the event-time module. */
export interface WatermarkStrategyLike<T> {
  readonly __watermarkStrategy?: T;
}
