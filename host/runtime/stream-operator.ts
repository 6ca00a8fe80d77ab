// The operator contract and its base class (Flink's StreamOperator / AbstractStreamOperator).
import type { RuntimeContext } from "../api/runtime-context.js";
import { checkKeyNotNull } from "../state/key-identity.js";
import type { KeyedStateBackend } from "../state/keyed-state-backend.js";
import type { ExecutionSettings } from "./execution-settings.js";
import type { Output } from "./output.js";
import type { ProcessingTimeService } from "./processing-time-service.js";
import type { StreamRecord } from "./stream-record.js";
import { InternalTimerService, type TimerQueues, type Triggerable } from "./timer-service.js";
import type { OperatorStateStore } from "./operator-state.js";
import { applyTtlSnapshotCleanup } from "../state/ttl-state.js";

/** Everything the task gives an operator when it sets it up. */
export interface OperatorSetup {
  readonly operatorName: string;
  /** Stable id of the operator (its uid, or one derived from the graph), used to match state on restore. */
  readonly operatorId: string;
  readonly output: Output<unknown>;
  readonly runtimeContext: RuntimeContext;
  readonly processingTimeService: ProcessingTimeService;
  /** Present when the operator's input is keyed. */
  readonly keyedStateBackend: KeyedStateBackend | undefined;
  readonly operatorStateStore: OperatorStateStore;
  readonly keySelector1: ((value: unknown) => unknown) | undefined;
  readonly keySelector2: ((value: unknown) => unknown) | undefined;
  /** 1 for one-input operators and sources' chains, 2 for two-input operators. */
  readonly numberOfInputs: number;
  readonly maxParallelism: number;
  readonly settings: ExecutionSettings;
}

/**
 * Records in flight at an unaligned checkpoint (Flink's input channel and result subpartition state): they were
 * sent before the barrier but reach operator `operatorId` (a task's head) after its snapshot, so a restore
 * replays them into that operator's subtask `subtaskIndex`, input `input`, before any new input. `record` is
 * `[value, timestamp | null]` encoded with the state codec (a copy taken when it was recorded).
 */
export interface InFlightRecord {
  readonly operatorId: string;
  readonly subtaskIndex: number;
  readonly input: 1 | 2;
  readonly record: string;
}

/** Snapshot of one operator: keyed state, timers and operator state, keyed by operator id. */
export interface OperatorSnapshot {
  readonly operatorId: string;
  readonly keyed?: ReturnType<KeyedStateBackend["snapshot"]>;
  readonly timers?: ReadonlyArray<ReturnType<InternalTimerService["snapshot"]>>;
  readonly operatorState?: ReturnType<OperatorStateStore["snapshot"]>;
  /** Unaligned checkpoints: in-flight records this subtask recorded or overtook (for any consumer operator). */
  readonly inFlight?: readonly InFlightRecord[];
}

/**
 * An operator in a task's chain. Only `processElement` is required of one-input operators; every lifecycle hook
 * has a default in AbstractStreamOperator. Order: setup, initializeState, open, (elements | watermarks |
 * snapshots)*, endInput per input, finish, close.
 */
export interface StreamOperator<OUT> {
  setup(setup: OperatorSetup): void;
  initializeState(restored: readonly OperatorSnapshot[]): void;
  open(): void;
  processElement?(record: StreamRecord<unknown>): void;
  processElement1?(record: StreamRecord<unknown>): void;
  processElement2?(record: StreamRecord<unknown>): void;
  processWatermark(timestamp: number): void;
  processWatermark1(timestamp: number): void;
  processWatermark2(timestamp: number): void;
  processWatermarkStatus(idle: boolean, input: number): void;
  setKeyContextElement1(record: StreamRecord<unknown>): void;
  setKeyContextElement2(record: StreamRecord<unknown>): void;
  /** All records of input `input` (1 or 2) have arrived (Flink's BoundedMultiInput.endInput). */
  endInput(input: number): void;
  /** Emits what is buffered at end of input (Flink's finish). */
  finish(): void;
  close(): void;
  snapshotState(checkpointId: number): OperatorSnapshot;
  notifyCheckpointComplete(checkpointId: number): void;
  notifyCheckpointAborted(checkpointId: number): void;
  /** Name for errors and metrics. */
  readonly name: string;
  /** Phantom for the output type. */
  readonly __out?: OUT;
}

/** Default lifecycle for operators; subclasses override what they need. */
export abstract class AbstractStreamOperator<OUT> implements StreamOperator<OUT> {
  // --- configuration (set in setup) ---
  protected setupInfo!: OperatorSetup;
  protected output!: Output<OUT>;
  name = "";
  // --- transient ---
  protected keyedStateBackend: KeyedStateBackend | undefined;
  private readonly timerServices = new Map<string, InternalTimerService>();
  private restoredTimers: ReadonlyArray<ReturnType<InternalTimerService["snapshot"]>> = [];
  /** The operator's current event time: the combined watermark of its inputs. */
  protected currentWatermark = Number.NEGATIVE_INFINITY;
  private input1Watermark = Number.NEGATIVE_INFINITY;
  private input2Watermark = Number.NEGATIVE_INFINITY;
  private input1Idle = false;
  private input2Idle = false;
  private currentKeyForTimers: unknown = undefined;

  setup(setup: OperatorSetup): void {
    this.setupInfo = setup;
    this.output = setup.output as Output<OUT>;
    this.name = setup.operatorName;
    this.keyedStateBackend = setup.keyedStateBackend;
  }

  initializeState(restored: readonly OperatorSnapshot[]): void {
    const mine = restored.filter((s) => s.operatorId === this.setupInfo.operatorId);
    const keyed = mine.flatMap((s) => (s.keyed ? [s.keyed] : []));
    if (keyed.length > 0) {
      if (!this.keyedStateBackend) throw new Error(`operator '${this.name}' has keyed state in the snapshot but is not keyed`);
      this.keyedStateBackend.restore(keyed);
    }
    this.restoredTimers = mine.flatMap((s) => s.timers ?? []);
    const opState = mine.flatMap((s) => (s.operatorState ? [s.operatorState] : []));
    this.setupInfo.operatorStateStore.restore(opState, mine.length > 0);
  }

  open(): void {}
  finish(): void {}
  close(): void {
    for (const ts of this.timerServices.values()) ts.dispose();
    this.keyedStateBackend?.dispose();
  }
  endInput(_input: number): void {}

  // --- keys ---
  setKeyContextElement1(record: StreamRecord<unknown>): void {
    const sel = this.setupInfo.keySelector1;
    if (sel !== undefined) this.setCurrentKey(checkKeyNotNull(sel(record.value), record.value));
  }
  setKeyContextElement2(record: StreamRecord<unknown>): void {
    const sel = this.setupInfo.keySelector2;
    if (sel !== undefined) this.setCurrentKey(checkKeyNotNull(sel(record.value), record.value));
  }
  setCurrentKey(key: unknown): void {
    this.currentKeyForTimers = key;
    this.keyedStateBackend?.setCurrentKey(key);
  }
  getCurrentKey(): unknown {
    return this.keyedStateBackend ? this.keyedStateBackend.getCurrentKey() : this.currentKeyForTimers;
  }
  /** The keyed backend's key group of the current key (-1 without a keyed backend or key). */
  getCurrentKeyGroup(): number {
    return this.keyedStateBackend ? this.keyedStateBackend.getCurrentKeyGroup() : -1;
  }

  // --- timers ---
  /** The timer service called `name` of this operator, created on first use (Flink's getInternalTimerService). */
  protected getInternalTimerService(name: string, triggerable: Triggerable): InternalTimerService {
    let service = this.timerServices.get(name);
    if (service === undefined) {
      const backend = this.keyedStateBackend;
      const range = backend?.keyGroupRange;
      // The keyed state backend creates the timer queues (Flink's PriorityQueueSetFactory): heap queues from the
      // heap backend, the Wasm timer heap from WasmStateBackend. Without one, timers stay on the JS heap.
      const queues: TimerQueues | undefined = backend?.createTimerQueue
        ? {
            eventTime: backend.createTimerQueue(`_timer_state/event_${name}`),
            processingTime: backend.createTimerQueue(`_timer_state/processing_${name}`),
          }
        : undefined;
      service = new InternalTimerService(
        name,
        this,
        triggerable,
        this.setupInfo.processingTimeService,
        this.setupInfo.maxParallelism,
        queues,
      );
      for (const snap of this.restoredTimers) {
        if (snap.name === name) service.restore(snap, (kg) => range === undefined || range.contains(kg));
      }
      this.timerServices.set(name, service);
    }
    return service;
  }

  // --- watermarks: a two-input operator's event time is the minimum of its inputs (Flink's combined watermark) ---
  processWatermark(timestamp: number): void {
    this.currentWatermark = timestamp;
    for (const service of this.timerServices.values()) service.advanceWatermark(timestamp);
    this.output.emitWatermark(timestamp);
  }
  processWatermark1(timestamp: number): void {
    this.input1Watermark = timestamp;
    this.combineWatermarks();
  }
  processWatermark2(timestamp: number): void {
    this.input2Watermark = timestamp;
    this.combineWatermarks();
  }
  processWatermarkStatus(idle: boolean, input: number): void {
    if (input === 2) this.input2Idle = idle;
    else this.input1Idle = idle;
    const twoInputs = this.setupInfo.numberOfInputs === 2;
    if (twoInputs) this.combineWatermarks();
    this.output.emitWatermarkStatus(this.input1Idle && (!twoInputs || this.input2Idle));
  }
  private combineWatermarks(): void {
    // An idle input does not hold back the other (Flink's IndexedCombinedWatermarkStatus); all idle: no change.
    let combined = Number.POSITIVE_INFINITY;
    let active = false;
    if (!this.input1Idle) {
      combined = this.input1Watermark;
      active = true;
    }
    if (!this.input2Idle) {
      combined = Math.min(combined, this.input2Watermark);
      active = true;
    }
    if (active && combined > this.currentWatermark) this.processWatermark(combined);
  }

  // --- checkpoints ---
  snapshotState(_checkpointId: number): OperatorSnapshot {
    const timers = Array.from(this.timerServices.values(), (s) => s.snapshot());
    return {
      operatorId: this.setupInfo.operatorId,
      ...(this.keyedStateBackend
        ? { keyed: applyTtlSnapshotCleanup(this.keyedStateBackend, this.keyedStateBackend.snapshot(), this.setupInfo.processingTimeService.getCurrentProcessingTime()) }
        : {}),
      ...(timers.length > 0 ? { timers } : {}),
      operatorState: this.setupInfo.operatorStateStore.snapshot(),
    };
  }
  notifyCheckpointComplete(_checkpointId: number): void {}
  notifyCheckpointAborted(_checkpointId: number): void {}
}
