// Keyed windows: assigns elements to windows, keeps window contents as keyed state namespaced by window, runs
// triggers and timers, merges session windows, handles lateness (Flink's WindowOperator).
import type { OutputTag } from "../../api/output-tag.js";
import type { Output } from "../output.js";
import type { Counter, MetricGroup } from "../../api/runtime-context.js";
import {
  type AggregatingState,
  type AggregatingStateDescriptor,
  type ListState,
  ListStateDescriptor,
  type MapState,
  type MapStateDescriptor,
  type ReducingState,
  type ReducingStateDescriptor,
  type State,
  type StateDescriptor,
  type ValueState,
  type ValueStateDescriptor,
} from "../../api/state.js";
import type { OnMergeContext, Trigger, TriggerResult } from "../../api/windowing/trigger.js";
import { MergingWindowAssigner, type WindowAssigner, type WindowAssignerContext } from "../../api/windowing/window-assigner.js";
import type { KeyedStateStore } from "../../api/windowing/window-functions.js";
import { cleanupTime } from "../../api/windowing/window-lateness.js";
import type { Window, WindowSerializer } from "../../api/windowing/window.js";
import { type InternalMergingState, type KeyedStateBackend, type Namespace, VOID_NAMESPACE } from "../../state/keyed-state-backend.js";
import { AbstractStreamOperator } from "../stream-operator.js";
import { StreamRecord } from "../stream-record.js";
import type { InternalTimer, InternalTimerService, Triggerable } from "../timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import type { InternalWindowContext, InternalWindowFunction } from "./internal-window-functions.js";
import { type MergeFunction, MergingWindowSet } from "./merging-window-set.js";

/** Name of the window contents state (as Flink's "window-contents"). */
export const WINDOW_CONTENTS_STATE = "window-contents";
const MERGING_WINDOW_SET_STATE = "merging-window-set";
const WINDOW_TIMERS = "window-timers";

/** The window contents state: appending, readable, mergeable (Flink's InternalAppendingState & InternalMergingState). */
export interface WindowContentsState extends State, InternalMergingState {
  add(value: unknown): void;
  get(): unknown;
}

/** How a window operator is configured (built by WindowOperatorBuilder). */
export interface WindowOperatorConfig<IN, ACC, OUT, K, W extends Window> {
  readonly assigner: WindowAssigner<IN, W>;
  readonly trigger: Trigger<IN, W>;
  /** Contents state: list (all elements), reducing or aggregating (one pre-aggregated value). */
  readonly windowStateDescriptor: StateDescriptor<State, unknown>;
  readonly windowFunction: InternalWindowFunction<ACC, OUT, K, W>;
  readonly allowedLateness: number;
  readonly lateDataOutputTag: OutputTag<IN> | null;
}

/** Keyed state scoped to one namespace (per-window state of ProcessWindowFunction, or global state). */
class NamespacedStateStore implements KeyedStateStore {
  ns: Namespace = VOID_NAMESPACE;
  constructor(private readonly backend: KeyedStateBackend) {}
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.backend.getPartitionedState(this.ns, descriptor);
  }
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.backend.getPartitionedState(this.ns, descriptor);
  }
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.backend.getPartitionedState(this.ns, descriptor);
  }
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.backend.getPartitionedState(this.ns, descriptor as unknown as StateDescriptor<AggregatingState<IN, OUT>, unknown>);
  }
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.backend.getPartitionedState(this.ns, descriptor);
  }
}

const PER_WINDOW_STATE_MERGING = "Per-window state is not allowed when using merging windows.";

/** Per-window state with merging windows is not supported (as Flink's MergingWindowStateStore). */
const MERGING_WINDOW_STATE_STORE: KeyedStateStore = {
  getState: () => {
    throw new Error(PER_WINDOW_STATE_MERGING);
  },
  getListState: () => {
    throw new Error(PER_WINDOW_STATE_MERGING);
  },
  getReducingState: () => {
    throw new Error(PER_WINDOW_STATE_MERGING);
  },
  getAggregatingState: () => {
    throw new Error(PER_WINDOW_STATE_MERGING);
  },
  getMapState: () => {
    throw new Error(PER_WINDOW_STATE_MERGING);
  },
};

/**
 * The trigger context (Flink's `WindowOperator.Context`): reused, pointed at a key and window before each
 * trigger call; timers and trigger state go to the window's namespace.
 */
export class WindowTriggerContext<K, W extends Window> implements OnMergeContext {
  key!: K;
  window!: W;
  ns = "";
  mergedWindows: readonly W[] | null = null;
  constructor(
    private readonly trigger: Trigger<unknown, W>,
    private readonly serializer: WindowSerializer<W>,
    private readonly backend: KeyedStateBackend,
    private readonly timers: InternalTimerService,
    private readonly metrics: MetricGroup,
  ) {}
  setWindow(window: W, ns: string = this.serializer.toNamespace(window)): void {
    this.window = window;
    this.ns = ns;
  }
  getCurrentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }
  getCurrentWatermark(): number {
    return this.timers.getCurrentWatermark();
  }
  getMetricGroup(): MetricGroup {
    return this.metrics;
  }
  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(this.ns, time);
  }
  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(this.ns, time);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(this.ns, time);
  }
  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(this.ns, time);
  }
  getPartitionedState<S extends State>(descriptor: StateDescriptor<S, unknown>): S {
    return this.backend.getPartitionedState(this.ns, descriptor);
  }
  mergePartitionedState(descriptor: StateDescriptor<State, unknown>): void {
    const merged = this.mergedWindows;
    if (merged === null || merged.length === 0) return;
    const state = this.backend.getOrCreateKeyedState(descriptor) as unknown as InternalMergingState;
    const sources: string[] = [];
    for (const w of merged) sources.push(this.serializer.toNamespace(w));
    state.mergeNamespaces(this.ns, sources);
  }
  onElement(element: unknown, timestamp: number): TriggerResult {
    return this.trigger.onElement(element, timestamp, this.window, this);
  }
  onEventTime(time: number): TriggerResult {
    return this.trigger.onEventTime(time, this.window, this);
  }
  onProcessingTime(time: number): TriggerResult {
    return this.trigger.onProcessingTime(time, this.window, this);
  }
  onMerge(mergedWindows: readonly W[]): void {
    this.mergedWindows = mergedWindows;
    this.trigger.onMerge(this.window, this);
    this.mergedWindows = null;
  }
  clear(): void {
    this.trigger.clear(this.window, this);
  }
}

/** The context window functions see (Flink's WindowOperator.WindowContext); reused, pointed at a window. */
export class WindowProcessContext<W extends Window> implements InternalWindowContext {
  window: W | null = null;
  private readonly windowStore: NamespacedStateStore;
  private readonly globalStore: NamespacedStateStore;
  constructor(
    private readonly serializer: WindowSerializer<W>,
    backend: KeyedStateBackend,
    private readonly timers: InternalTimerService,
    private readonly out: Output<unknown>,
    private readonly merging: boolean,
  ) {
    this.windowStore = new NamespacedStateStore(backend);
    this.globalStore = new NamespacedStateStore(backend);
  }
  currentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }
  currentWatermark(): number {
    return this.timers.getCurrentWatermark();
  }
  windowState(): KeyedStateStore {
    if (this.merging) return MERGING_WINDOW_STATE_STORE;
    this.windowStore.ns = this.serializer.toNamespace(this.window!);
    return this.windowStore;
  }
  globalState(): KeyedStateStore {
    return this.globalStore;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) throw new TypeError("OutputTag must not be null");
    this.out.collectSide(tag, new StreamRecord(value, this.window!.maxTimestamp(), true));
  }
}

function isEmptyContents(contents: unknown): boolean {
  if (Array.isArray(contents)) return contents.length === 0;
  for (const _ of contents as Iterable<unknown>) return false;
  return true;
}

/**
 * Evaluates keyed windows (Flink's `WindowOperator`). Per element: assign windows; skip windows that are late
 * (`maxTimestamp + allowedLateness <= watermark`, event time); add the element to each window's contents
 * (keyed state in the window's namespace); ask the trigger; fire (emit with timestamp `maxTimestamp`) and/or
 * purge; register a cleanup timer at `maxTimestamp + allowedLateness`. Elements no window took and that are late
 * (`timestamp + allowedLateness <= watermark`) go to the late side output or are counted as
 * `numLateRecordsDropped`. Merging assigners (sessions) keep their window-to-state-window mapping in keyed state.
 */
export class WindowOperator<K, IN, ACC, OUT, W extends Window>
  extends AbstractStreamOperator<OUT>
  implements Triggerable, MergeFunction<W>
{
  // --- configuration ---
  protected readonly assigner: WindowAssigner<IN, W>;
  protected readonly serializer: WindowSerializer<W>;
  protected readonly trigger: Trigger<IN, W>;
  protected readonly windowStateDescriptor: StateDescriptor<State, unknown>;
  protected readonly userFunction: InternalWindowFunction<ACC, OUT, K, W>;
  protected readonly allowedLateness: number;
  protected readonly lateDataOutputTag: OutputTag<IN> | null;
  protected readonly isEventTime: boolean;
  protected readonly merging: boolean;
  private readonly listContents: boolean;
  // --- transient ---
  protected windowState!: WindowContentsState;
  protected mergingWindows: MergingWindowSet<W> | null = null;
  protected timerService!: InternalTimerService;
  protected triggerContext!: WindowTriggerContext<K, W>;
  protected collector!: TimestampedCollector<OUT>;
  protected numLateRecordsDropped!: Counter;
  /** What window functions see; pointed at the window being evaluated or cleared. */
  protected processContext!: WindowProcessContext<W>;
  private mergeKey!: K;
  private assignerContext!: WindowAssignerContext;

  constructor(config: WindowOperatorConfig<IN, ACC, OUT, K, W>) {
    super();
    this.assigner = config.assigner;
    this.serializer = config.assigner.getWindowSerializer();
    this.trigger = config.trigger;
    this.windowStateDescriptor = config.windowStateDescriptor;
    this.userFunction = config.windowFunction;
    if (!(config.allowedLateness >= 0)) throw new RangeError("The allowed lateness cannot be negative.");
    this.allowedLateness = config.allowedLateness;
    this.lateDataOutputTag = config.lateDataOutputTag;
    this.isEventTime = config.assigner.isEventTime();
    this.merging = config.assigner instanceof MergingWindowAssigner;
    this.listContents = config.windowStateDescriptor.kind === "list";
  }

  override open(): void {
    super.open();
    const backend = this.keyedStateBackend;
    if (backend === undefined) throw new Error(`window operator '${this.name}' needs a keyed input (call keyBy() before window())`);
    const rc = this.setupInfo.runtimeContext;
    const pts = this.setupInfo.processingTimeService;
    this.timerService = this.getInternalTimerService(WINDOW_TIMERS, this);
    this.collector = new TimestampedCollector(this.output);
    this.numLateRecordsDropped = rc.getMetricGroup().counter("numLateRecordsDropped");
    this.windowState = backend.getOrCreateKeyedState(this.windowStateDescriptor) as unknown as WindowContentsState;
    this.triggerContext = new WindowTriggerContext<K, W>(
      this.trigger as Trigger<unknown, W>,
      this.serializer,
      backend,
      this.timerService,
      rc.getMetricGroup(),
    );
    this.assignerContext = { getCurrentProcessingTime: () => pts.getCurrentProcessingTime() };
    this.processContext = new WindowProcessContext<W>(this.serializer, backend, this.timerService, this.output, this.merging);
    if (this.merging) {
      const mappingState = backend.getPartitionedState(VOID_NAMESPACE, new ListStateDescriptor<[string, string]>(MERGING_WINDOW_SET_STATE));
      this.mergingWindows = new MergingWindowSet<W>(this.assigner as unknown as MergingWindowAssigner<unknown, W>, this.serializer, mappingState);
    }
    this.userFunction.open(rc);
  }

  override close(): void {
    try {
      this.userFunction.close();
    } finally {
      super.close();
    }
  }

  // --- elements ---
  processElement(record: StreamRecord<IN>): void {
    const value = record.value;
    const timestamp = record.hasTimestamp ? record.timestamp : Number.NEGATIVE_INFINITY;
    const windows = this.assigner.assignWindows(value, timestamp, this.assignerContext);
    const key = this.getCurrentKey() as K;
    const ser = this.serializer;
    const tc = this.triggerContext;
    const ws = this.windowState;
    // Whether no window took the element (then it may be late data).
    let skipped = true;

    if (this.mergingWindows !== null) {
      const mws = this.mergingWindows;
      mws.load();
      this.mergeKey = key;
      for (let i = 0; i < windows.length; i++) {
        const actual = mws.addWindow(windows[i]!, this);
        const actualNs = ser.toNamespace(actual);
        // Drop if the (merged) window is already late.
        if (this.isWindowLate(actual)) {
          mws.retireWindow(actualNs);
          continue;
        }
        skipped = false;
        const stateNs = mws.getStateWindow(actualNs);
        if (stateNs === undefined) throw new Error(`Window ${String(windows[i])} is not in in-flight window set.`);
        ws.setCurrentNamespace(stateNs);
        this.addElement(value, record);
        tc.key = key;
        tc.setWindow(actual, actualNs);
        const result = tc.onElement(value, timestamp);
        if (result.fire && !this.fireWindow(actual, stateNs)) continue;
        if (result.purge) {
          ws.setCurrentNamespace(stateNs);
          ws.clear();
        }
        this.registerCleanupTimer(actual);
      }
      // The mapping may have changed: write it back.
      mws.persist();
    } else {
      for (let i = 0; i < windows.length; i++) {
        const window = windows[i]!;
        if (this.isWindowLate(window)) continue;
        skipped = false;
        const ns = ser.toNamespace(window);
        ws.setCurrentNamespace(ns);
        this.addElement(value, record);
        tc.key = key;
        tc.setWindow(window, ns);
        const result = tc.onElement(value, timestamp);
        if (result.fire && !this.fireWindow(window, ns)) continue;
        if (result.purge) {
          ws.setCurrentNamespace(ns);
          ws.clear();
        }
        this.registerCleanupTimer(window);
      }
    }

    // Side-output (or count) the element if no window took it and it is late.
    if (skipped && this.isElementLate(timestamp)) {
      if (this.lateDataOutputTag !== null) this.output.collectSide(this.lateDataOutputTag, record);
      else this.numLateRecordsDropped.inc();
    }
  }

  /** Adds the element to the window contents (the namespace is set). Evicting windows keep timestamps too. */
  protected addElement(value: IN, _record: StreamRecord<IN>): void {
    this.windowState.add(value);
  }

  // --- timers ---
  onEventTime(timer: InternalTimer): void {
    this.onTimer(timer, true);
  }
  onProcessingTime(timer: InternalTimer): void {
    this.onTimer(timer, false);
  }
  private onTimer(timer: InternalTimer, eventTime: boolean): void {
    const ns = timer.namespace as string;
    const window = this.serializer.fromNamespace(ns);
    const tc = this.triggerContext;
    tc.key = timer.key as K;
    tc.setWindow(window, ns);
    let stateNs = ns;
    let mws: MergingWindowSet<W> | null = null;
    if (this.mergingWindows !== null) {
      mws = this.mergingWindows;
      mws.load();
      const s = mws.getStateWindow(ns);
      // A timer for a window that no longer exists: a trigger did not clean up its timers. The window and its
      // trigger state are gone already, so there is nothing to do (as Flink).
      if (s === undefined) return;
      stateNs = s;
    }
    this.windowState.setCurrentNamespace(stateNs);
    const result = eventTime ? tc.onEventTime(timer.timestamp) : tc.onProcessingTime(timer.timestamp);
    if (result.fire) this.fireWindow(window, stateNs);
    if (result.purge) {
      this.windowState.setCurrentNamespace(stateNs);
      this.windowState.clear();
    }
    if (eventTime === this.isEventTime && this.cleanupTime(window) === timer.timestamp) {
      this.clearAllState(window, ns, stateNs, mws);
    }
    mws?.persist();
  }

  // --- merging ---
  /** MergeFunction: trigger `onMerge`, clear the merged windows' triggers and cleanup timers, merge contents. */
  merge(mergeResult: W, mergedWindows: readonly W[], stateWindowResult: string, mergedStateWindows: readonly string[]): void {
    if (this.isEventTime) {
      const wm = this.timerService.getCurrentWatermark();
      if (mergeResult.maxTimestamp() + this.allowedLateness <= wm) {
        throw new Error(
          `The end timestamp of an event-time window cannot become earlier than the current watermark by merging. Current watermark: ${wm} window: ${String(mergeResult)}`,
        );
      }
    } else {
      const now = this.timerService.currentProcessingTime();
      if (mergeResult.maxTimestamp() <= now) {
        throw new Error(
          `The end timestamp of a processing-time window cannot become earlier than the current processing time by merging. Current processing time: ${now} window: ${String(mergeResult)}`,
        );
      }
    }
    const tc = this.triggerContext;
    tc.key = this.mergeKey;
    tc.setWindow(mergeResult);
    tc.onMerge(mergedWindows);
    for (const m of mergedWindows) {
      tc.setWindow(m);
      tc.clear();
      this.deleteCleanupTimer(m);
    }
    this.windowState.mergeNamespaces(stateWindowResult, mergedStateWindows);
  }

  // --- firing and cleanup ---
  /** Emits the window if it has contents (state namespace set to `stateNs`); returns whether it had any. */
  protected fireWindow(window: W, stateNs: string): boolean {
    this.windowState.setCurrentNamespace(stateNs);
    const contents = this.windowState.get();
    if (contents === null || contents === undefined || (this.listContents && isEmptyContents(contents))) return false;
    this.emitWindowContents(window, contents as ACC);
    return true;
  }

  protected emitWindowContents(window: W, contents: ACC): void {
    this.collector.setAbsoluteTimestamp(window.maxTimestamp());
    this.processContext.window = window;
    this.userFunction.process(this.triggerContext.key, window, this.processContext, contents, this.collector);
  }

  /** Drops everything of a window: contents, trigger state, per-window user state, the merging mapping. */
  protected clearAllState(window: W, ns: string, stateNs: string, mws: MergingWindowSet<W> | null): void {
    this.windowState.setCurrentNamespace(stateNs);
    this.windowState.clear();
    this.triggerContext.setWindow(window, ns);
    this.triggerContext.clear();
    this.processContext.window = window;
    this.userFunction.clear(window, this.processContext);
    if (mws !== null) {
      mws.retireWindow(ns);
      mws.persist();
    }
  }

  protected cleanupTime(window: W): number {
    return cleanupTime(window.maxTimestamp(), this.allowedLateness, this.isEventTime);
  }
  /** Flink's isWindowLate: `cleanupTime(window) <= watermark`, event time only. */
  protected isWindowLate(window: W): boolean {
    return this.isEventTime && this.cleanupTime(window) <= this.timerService.getCurrentWatermark();
  }
  /** Flink's isElementLate: `timestamp + allowedLateness <= watermark`, event time only. */
  protected isElementLate(timestamp: number): boolean {
    return this.isEventTime && timestamp + this.allowedLateness <= this.timerService.getCurrentWatermark();
  }
  /** The trigger context must point at `window`. No timer for the end of time. */
  protected registerCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.isEventTime) this.triggerContext.registerEventTimeTimer(time);
    else this.triggerContext.registerProcessingTimeTimer(time);
  }
  protected deleteCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.isEventTime) this.triggerContext.deleteEventTimeTimer(time);
    else this.triggerContext.deleteProcessingTimeTimer(time);
  }

  /** Number of in-flight merging windows of the current key (tests). */
  numberOfMergingWindows(): number {
    const mws = this.mergingWindows;
    if (mws === null) return 0;
    mws.load();
    return mws.size;
  }
}
