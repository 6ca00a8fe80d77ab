// One parallel subtask of a job vertex: its operator chain, input channels and outputs, run as a mailbox loop
// (Flink's StreamTask / SourceStreamTask / OneInputStreamTask / TwoInputStreamTask).
import type { JobVertex } from "../graph/job-graph.js";
import type { StreamEdge, StreamNode } from "../graph/stream-graph.js";
import { computeKeyGroupRangeForOperatorIndex } from "../state/key-groups.js";
import type { KeyedStateBackend, StateBackend } from "../state/keyed-state-backend.js";
import type { Channel, ChannelEndpoint } from "./channel.js";
import type { ExecutionSettings } from "./execution-settings.js";
import { OperatorMetricGroup, type JobMetrics } from "./metrics.js";
import { OperatorStateStore } from "./operator-state.js";
import { wrapOperatorError } from "./operator-error.js";
import type { Output } from "./output.js";
import { ChainingOutput, combineOutputs, RecordWriterOutput } from "./outputs.js";
import type { Clock, ProcessingTimeService } from "./processing-time-service.js";
import type { RecordWriter } from "./record-writer.js";
import { SourceOperator } from "./operators/source-operator.js";
import { StreamSink } from "./operators/stream-sink.js";
import type { InFlightRecord, OperatorSnapshot, StreamOperator } from "./stream-operator.js";
import {
  CheckpointBarrier,
  EndOfPartitionEvent,
  type StreamEvent,
  StreamRecord,
  WatermarkEvent,
  WatermarkStatusEvent,
} from "./stream-record.js";
import { type AlignmentEffect, type AlignmentTransition, INITIAL_ALIGNMENT, onAbort, onBarrier, onEndOfPartition } from "./barrier-handler.js";
import { encodeInFlight } from "../checkpoint/snapshot-format.js";
import type { SubtaskRestore } from "../checkpoint/state-assignment.js";
import { StreamingRuntimeContext } from "./streaming-runtime-context.js";
import { StatusWatermarkValve } from "./watermark-valve.js";

/**
 * Lifecycle of a task. FINISHING: end of input reached and operators finished, the task still answers
 * checkpoints and waits for one that covers its final state before it closes (Flink 1.14+'s final checkpoint,
 * so two-phase-commit sinks commit their last transaction).
 */
export type TaskState = "CREATED" | "RUNNING" | "FINISHING" | "FINISHED" | "CANCELED" | "FAILED";

/** The checkpoint coordinator as a task sees it (Flink's CheckpointResponder). */
export interface TaskCheckpointResponder {
  /** The task snapshotted checkpoint `checkpointId` (copies, safe to write asynchronously). */
  acknowledge(task: StreamTask, checkpointId: number, snapshots: readonly OperatorSnapshot[], finished: boolean): void;
  /** The task cannot take part in checkpoint `checkpointId`; `countsAsFailure` is false for subsumed ones. */
  decline(task: StreamTask, checkpointId: number, reason: unknown, countsAsFailure: boolean): void;
  /** The task reached end of input and waits for a final checkpoint (FINISHING). */
  taskFinishing(task: StreamTask): void;
  /**
   * The task closed (FINISHED): checkpoints still waiting for it count it as finished, with no state (its final
   * state is in the checkpoint it finished with, and it processes nothing more). A barrier queued in its mailbox
   * before it closed is never answered otherwise.
   */
  taskFinished(task: StreamTask): void;
  /** Whether tasks wait for a final checkpoint after end of input (checkpointing enabled). */
  readonly waitForFinalCheckpoint: boolean;
}

/** What the deployment hands a task. */
export interface TaskDeploymentDescriptor {
  readonly vertex: JobVertex;
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
  /** Input channels of the head operator, each with its input (1 or 2). */
  readonly inputs: ReadonlyArray<{ channel: Channel; input: 1 | 2 }>;
  /** Writers for the chain's outgoing edges. */
  readonly writers: ReadonlyMap<StreamEdge, RecordWriter>;
  readonly stateBackend: StateBackend;
  readonly clock: Clock;
  readonly metrics: JobMetrics;
  readonly settings: ExecutionSettings;
  /** What this subtask restores: operator snapshots, whether it had finished, in-flight records to replay. */
  readonly restored: SubtaskRestore;
  readonly checkpointResponder: TaskCheckpointResponder | null;
  /** Position of the task in its deployment (the coordinator's handle on it). */
  readonly taskIndex: number;
}

/** Elements between two looks at the clock while a slice runs (a power of two). */
const TIME_CHECK_INTERVAL = 64;
/** Elements a task processes per channel before it looks at the next channel. */
const CHANNEL_BATCH = 256;

export class StreamTask implements ChannelEndpoint {
  // --- configuration ---
  readonly name: string;
  readonly subtask: string;
  private readonly operators: StreamOperator<unknown>[] = [];
  private readonly head: StreamOperator<unknown>;
  private readonly sourceHead: SourceOperator<unknown> | null;
  private readonly channels: Channel[];
  private readonly channelInput: Uint8Array;
  private readonly channelLocalIndex: Int32Array;
  private readonly valves: StatusWatermarkValve[] = [];
  private readonly channelsPerInput = [0, 0, 0];
  private readonly endedPerInput = [0, 0, 0];
  private readonly numberOfInputs: number;
  private readonly keyedBackends: KeyedStateBackend[] = [];
  private readonly metricGroups: OperatorMetricGroup[] = [];
  // --- transient ---
  state: TaskState = "CREATED";
  fullOutputs = 0;
  private readonly mailbox: Array<() => void> = [];
  private sourceWaiting = false;
  private nextChannel = 0;
  private readonly reuse = new StreamRecord<unknown>(undefined);
  private readonly cancelTimers = new Set<() => void>();
  recordsIn = 0;
  // --- checkpoints ---
  private alignment = INITIAL_ALIGNMENT;
  /** Per channel: delivered end-of-partition / blocked by alignment / recorded as unaligned channel state. */
  private readonly ended: boolean[];
  private readonly blocked: Uint8Array;
  private readonly recording: Uint8Array;
  private recordingCount = 0;
  private recorded: InFlightRecord[] = [];
  /** Unaligned checkpoint whose operator state is taken but whose channel state is still being recorded. */
  private pendingUnaligned: { checkpointId: number; snapshots: OperatorSnapshot[] } | null = null;
  /** A synchronous savepoint (stop-with-savepoint) was taken: sources emit nothing more. */
  private suspended = false;
  /** Smallest checkpoint this task acknowledged as finished; its completion lets the task close. */
  private finalCheckpointId = Number.POSITIVE_INFINITY;

  constructor(
    private readonly deployment: TaskDeploymentDescriptor,
    private readonly wakeScheduler: () => void,
  ) {
    const { vertex, subtaskIndex } = deployment;
    this.name = vertex.name;
    this.subtask = `${subtaskIndex + 1}/${vertex.parallelism}`;

    // Operators first (outputs point at them), then each operator's setup with its outputs.
    const opOf = new Map<StreamNode, StreamOperator<unknown>>();
    for (const node of vertex.nodes) {
      const op = node.kind === "source" ? new SourceOperator(node.source!) : node.operatorFactory!();
      opOf.set(node, op);
      this.operators.push(op);
    }
    for (const node of vertex.nodes) this.setupOperator(node, opOf.get(node)!, opOf);
    this.head = this.operators[0]!;
    this.sourceHead = this.head instanceof SourceOperator ? this.head : null;
    this.numberOfInputs = vertex.nodes[0]!.numberOfInputs;

    this.channels = deployment.inputs.map((i) => i.channel);
    this.ended = this.channels.map(() => false);
    this.blocked = new Uint8Array(this.channels.length);
    this.recording = new Uint8Array(this.channels.length);
    this.channelInput = new Uint8Array(this.channels.length);
    this.channelLocalIndex = new Int32Array(this.channels.length);
    deployment.inputs.forEach((inp, i) => {
      this.channelInput[i] = inp.input;
      this.channelLocalIndex[i] = this.channelsPerInput[inp.input]!++;
    });
    for (let input = 1; input <= this.numberOfInputs; input++) {
      this.valves[input] = new StatusWatermarkValve(
        this.channelsPerInput[input]!,
        (ts) => this.onInputWatermark(ts, input),
        (idle) => this.head.processWatermarkStatus(idle, input),
      );
    }
  }

  private setupOperator(node: StreamNode, op: StreamOperator<unknown>, opOf: Map<StreamNode, StreamOperator<unknown>>): void {
    const { vertex, subtaskIndex, attemptNumber } = this.deployment;
    const outputs: Output<unknown>[] = node.outEdges.map((edge) => {
      const writer = this.deployment.writers.get(edge);
      if (writer !== undefined) return new RecordWriterOutput(writer, edge.outputTag);
      return new ChainingOutput(opOf.get(edge.target)!, edge.outputTag, this.subtask);
    });
    let keyed: KeyedStateBackend | undefined;
    if (node.keySelector1 !== undefined || node.keySelector2 !== undefined) {
      keyed = this.deployment.stateBackend.createKeyedStateBackend({
        operatorName: node.name,
        maxParallelism: node.maxParallelism,
        keyGroupRange: computeKeyGroupRangeForOperatorIndex(node.maxParallelism, node.parallelism, subtaskIndex),
      });
      this.keyedBackends.push(keyed);
    }
    const metrics = new OperatorMetricGroup(`${node.name}.${subtaskIndex}`);
    this.metricGroups.push(metrics);
    const runtimeContext = new StreamingRuntimeContext(
      {
        taskName: vertex.name,
        indexOfThisSubtask: subtaskIndex,
        numberOfParallelSubtasks: node.parallelism,
        maxNumberOfParallelSubtasks: node.maxParallelism,
        attemptNumber,
        checkpointingEnabled: this.deployment.checkpointResponder?.waitForFinalCheckpoint ?? false,
      },
      metrics,
      keyed,
      () => this.deployment.clock.now(),
    );
    op.setup({
      operatorName: node.name,
      operatorId: node.operatorId,
      output: combineOutputs(outputs),
      runtimeContext,
      processingTimeService: this.processingTimeServiceFor(node.name),
      keyedStateBackend: keyed,
      operatorStateStore: new OperatorStateStore(),
      keySelector1: node.keySelector1,
      keySelector2: node.keySelector2,
      numberOfInputs: node.numberOfInputs === 2 ? 2 : 1,
      maxParallelism: node.maxParallelism,
      settings: this.deployment.settings,
    });
    const metricsRef = this.deployment.metrics;
    if (op instanceof SourceOperator) op.onRecord = () => void metricsRef.sourceRecordsOut++;
    if (op instanceof StreamSink) op.onRecord = () => void metricsRef.sinkRecordsIn++;
  }

  /** Processing-time timers of one operator run in this task's mailbox, failures named after the operator. */
  private processingTimeServiceFor(operatorName: string): ProcessingTimeService {
    const clock = this.deployment.clock;
    return {
      getCurrentProcessingTime: () => clock.now(),
      registerTimer: (time, callback) => {
        let cancelled = false;
        const cancelClock = clock.schedule(time, () => {
          this.cancelTimers.delete(cancel);
          if (cancelled || this.state !== "RUNNING") return;
          this.enqueue(() => {
            if (cancelled) return;
            try {
              callback(clock.now());
            } catch (e) {
              throw wrapOperatorError(e, operatorName, this.subtask);
            }
          });
        });
        const cancel = (): void => {
          cancelled = true;
          cancelClock();
          this.cancelTimers.delete(cancel);
        };
        this.cancelTimers.add(cancel);
        return cancel;
      },
    };
  }

  /** Adds an action to the mailbox; it runs between records, on the task's turn. */
  enqueue(action: () => void): void {
    this.mailbox.push(action);
    this.wakeScheduler();
  }

  wake(): void {
    this.wakeScheduler();
  }

  /**
   * Restores state and opens operators, last operator of the chain first (as Flink does), then replays restored
   * in-flight records. A subtask that had finished before the snapshot restores its state (so two-phase-commit
   * sinks recover their transactions) but processes nothing: it ends its outputs and closes.
   */
  start(): void {
    const restored = this.deployment.restored;
    for (const op of this.operators) this.guard(op, () => op.initializeState(restored.snapshots));
    for (let i = this.operators.length - 1; i >= 0; i--) {
      const op = this.operators[i]!;
      this.guard(op, () => op.open());
    }
    this.state = "RUNNING";
    if (restored.finished) {
      for (const w of this.deployment.writers.values()) w.broadcastEvent(EndOfPartitionEvent.INSTANCE);
      this.closeOperators(true);
      this.state = "FINISHED";
      return;
    }
    const r = this.reuse;
    for (const rec of restored.inFlight) {
      r.value = rec.value;
      r.hasTimestamp = rec.timestamp !== null;
      r.timestamp = rec.timestamp ?? 0;
      this.processRecord(r, rec.input);
    }
  }

  /** Whether the scheduler should still give the task turns (running, or finishing and answering checkpoints). */
  isAlive(): boolean {
    return this.state === "RUNNING" || this.state === "FINISHING";
  }

  /** Whether a slice would do anything now. */
  hasWork(): boolean {
    if (!this.isAlive()) return false;
    if (this.mailbox.length > 0) return true;
    if (this.state !== "RUNNING" || this.fullOutputs > 0) return false;
    if (this.sourceHead !== null) return !this.sourceWaiting && !this.suspended;
    const channels = this.channels;
    for (let i = 0; i < channels.length; i++) if (channels[i]!.size > 0 && this.blocked[i] === 0) return true;
    return false;
  }

  /**
   * Runs mailbox actions, then up to `budget` input elements, stopping early once `performance.now()` passes
   * `deadline` (checked every TIME_CHECK_INTERVAL elements), so a slow operator cannot keep timers, checkpoint
   * triggers and I/O waiting for long; returns whether anything was done.
   */
  runSlice(budget: number, deadline = Number.POSITIVE_INFINITY): boolean {
    let worked = false;
    while (this.mailbox.length > 0) {
      worked = true;
      this.mailbox.shift()!();
      if (!this.isAlive()) return true;
    }
    if (this.state !== "RUNNING" || this.fullOutputs > 0) return worked;
    if (this.sourceHead !== null) return this.runSource(budget, deadline) || worked;
    return this.runInputs(budget, deadline) || worked;
  }

  private runSource(budget: number, deadline: number): boolean {
    if (this.sourceWaiting || this.suspended) return false;
    const src = this.sourceHead!;
    const metrics = this.deployment.metrics;
    const start = metrics.sourceRecordsOut;
    let status;
    do {
      try {
        status = src.pollNext();
      } catch (e) {
        throw wrapOperatorError(e, src.name, this.subtask);
      }
    } while (
      status === "MORE_AVAILABLE" &&
      this.fullOutputs === 0 &&
      metrics.sourceRecordsOut - start < budget &&
      this.mailbox.length === 0 &&
      performance.now() < deadline
    );
    if (status === "END_OF_INPUT") {
      this.guard(src, () => src.emitEndOfEventTime());
      this.finishTask();
    } else if (status === "NOTHING_AVAILABLE") {
      this.sourceWaiting = true;
      src.isAvailable().then(
        () => {
          this.sourceWaiting = false;
          this.wakeScheduler();
        },
        (e: unknown) => this.enqueue(() => {
          throw wrapOperatorError(e, src.name, this.subtask);
        }),
      );
    }
    return true;
  }

  private runInputs(budget: number, deadline: number): boolean {
    const channels = this.channels;
    const n = channels.length;
    let processed = 0;
    let overTime = false;
    while (processed < budget && this.fullOutputs === 0 && this.mailbox.length === 0 && !overTime) {
      let c: Channel | undefined;
      let idx = this.nextChannel;
      const blocked = this.blocked;
      for (let k = 0; k < n; k++) {
        const cand = channels[idx]!;
        if (cand.size > 0 && blocked[idx] === 0) {
          c = cand;
          break;
        }
        idx = idx + 1 === n ? 0 : idx + 1;
      }
      if (c === undefined) break;
      this.nextChannel = idx + 1 === n ? 0 : idx + 1;
      const input = this.channelInput[idx]!;
      let m = 0;
      while (c.size > 0 && m < CHANNEL_BATCH && this.fullOutputs === 0 && blocked[idx] === 0) {
        const event = c.poll();
        m++;
        if (event === null) {
          const r = this.reuse;
          r.value = c.polledValue;
          r.timestamp = c.polledTimestamp;
          r.hasTimestamp = c.polledHasTimestamp;
          if (this.recordingCount > 0 && this.recording[idx] === 1) this.recordInFlight(r, input as 1 | 2);
          this.processRecord(r, input);
        } else {
          this.processEvent(event, idx, input);
          if (this.state !== "RUNNING") return true;
        }
        if ((m & (TIME_CHECK_INTERVAL - 1)) === 0 && performance.now() > deadline) {
          overTime = true;
          break;
        }
      }
      processed += m;
    }
    this.recordsIn += processed;
    return processed > 0;
  }

  private processRecord(r: StreamRecord<unknown>, input: number): void {
    const head = this.head;
    try {
      if (input === 1) {
        head.setKeyContextElement1(r);
        if (this.numberOfInputs === 2) head.processElement1!(r);
        else head.processElement!(r);
      } else {
        head.setKeyContextElement2(r);
        head.processElement2!(r);
      }
    } catch (e) {
      throw wrapOperatorError(e, head.name, this.subtask);
    }
  }

  private processEvent(event: StreamEvent, channelIndex: number, input: number): void {
    const local = this.channelLocalIndex[channelIndex]!;
    if (event instanceof WatermarkEvent) {
      this.valves[input]!.inputWatermark(event.timestamp, local);
    } else if (event instanceof WatermarkStatusEvent) {
      this.valves[input]!.inputIdle(event.idle, local);
    } else if (event instanceof CheckpointBarrier) {
      this.applyAlignment(onBarrier(this.alignment, channelIndex, event, this.ended));
    } else if (event instanceof EndOfPartitionEvent) {
      this.ended[channelIndex] = true;
      // An ended channel owes no more barriers: this may complete an alignment, before the input ends.
      this.applyAlignment(onEndOfPartition(this.alignment, channelIndex, this.ended));
      this.valves[input]!.channelFinished(local);
      if (++this.endedPerInput[input]! === this.channelsPerInput[input]) {
        this.guard(this.head, () => this.head.endInput(input));
        let allEnded = true;
        for (let i = 1; i <= this.numberOfInputs; i++) if (this.endedPerInput[i] !== this.channelsPerInput[i]) allEnded = false;
        if (allEnded) this.finishTask();
      }
    }
  }

  private onInputWatermark(timestamp: number, input: number): void {
    const head = this.head;
    this.guard(head, () => {
      if (this.numberOfInputs === 2) {
        if (input === 1) head.processWatermark1(timestamp);
        else head.processWatermark2(timestamp);
      } else {
        head.processWatermark(timestamp);
      }
    });
  }

  /**
   * End of all input: finish each operator in chain order and tell downstream. With checkpointing, the task then
   * waits (FINISHING) for a checkpoint that covers its final state before it closes; otherwise it closes now.
   */
  private finishTask(): void {
    this.operators.forEach((op, i) => {
      this.guard(op, () => {
        if (i > 0) op.endInput(1);
        op.finish();
      });
    });
    for (const w of this.deployment.writers.values()) w.broadcastEvent(EndOfPartitionEvent.INSTANCE);
    const responder = this.deployment.checkpointResponder;
    if (responder !== null && responder.waitForFinalCheckpoint) {
      this.state = "FINISHING";
      this.blocked.fill(0);
      responder.taskFinishing(this);
    } else {
      this.closeFinished();
    }
    this.wakeScheduler();
  }

  private closeFinished(): void {
    this.closeOperators(true);
    this.state = "FINISHED";
    this.deployment.checkpointResponder?.taskFinished(this);
    this.wakeScheduler();
  }

  /**
   * Ends the task after a stop-with-savepoint (Flink's stop without drain): operators are closed without
   * `finish`, downstream is told the input ended, and the task counts as FINISHED.
   */
  stopAfterSavepoint(): void {
    if (!this.isAlive()) return;
    for (const w of this.deployment.writers.values()) w.broadcastEvent(EndOfPartitionEvent.INSTANCE);
    this.closeOperators(true);
    this.state = "FINISHED";
  }

  /** Cancels or fails the task: no finish, operators closed, errors while closing swallowed. */
  cancel(state: "CANCELED" | "FAILED"): void {
    if (this.state === "FINISHED" || this.state === "CANCELED" || this.state === "FAILED") return;
    this.pendingUnaligned = null;
    this.recorded = [];
    this.state = state;
    this.closeOperators(false);
  }

  private closeOperators(propagate: boolean): void {
    for (const cancel of Array.from(this.cancelTimers)) cancel();
    let first: unknown = null;
    for (const op of this.operators) {
      try {
        op.close();
      } catch (e) {
        first ??= wrapOperatorError(e, op.name, this.subtask);
      }
    }
    this.mailbox.length = 0;
    if (propagate && first !== null) throw first;
  }

  /** Snapshots every operator of the chain (synchronous part of a checkpoint). */
  snapshotOperators(checkpointId: number): OperatorSnapshot[] {
    return this.operators.map((op) => {
      let snap: OperatorSnapshot | undefined;
      this.guard(op, () => {
        snap = op.snapshotState(checkpointId);
      });
      return snap!;
    });
  }

  /** User counters of every operator in the chain, by name. */
  userCounters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const g of this.metricGroups) for (const [name, c] of g.counters) out[name] = (out[name] ?? 0) + c.getCount();
    return out;
  }

  // --- checkpoints ---

  /** The task's position in its deployment. */
  get taskIndex(): number {
    return this.deployment.taskIndex;
  }
  get subtaskIndex(): number {
    return this.deployment.subtaskIndex;
  }
  get vertex(): JobVertex {
    return this.deployment.vertex;
  }
  /** Whether this task's head is a source (checkpoints are triggered here, not by barriers). */
  get isSourceTask(): boolean {
    return this.sourceHead !== null;
  }

  /**
   * Starts checkpoint `barrier` at a source task, or answers it from a FINISHING task (run from the mailbox,
   * between records). Sources snapshot, then send the barrier downstream; a synchronous savepoint also stops the
   * source from emitting more.
   */
  triggerCheckpoint(barrier: CheckpointBarrier): void {
    if (this.state === "FINISHING") {
      this.acknowledgeFinished(barrier.checkpointId);
      return;
    }
    if (this.state !== "RUNNING") return;
    this.performCheckpoint(barrier);
    if (barrier.options.kind === "sync-savepoint" && this.sourceHead !== null) this.suspended = true;
  }

  /** Snapshot of a FINISHING task: its final state, flagged finished. */
  private acknowledgeFinished(checkpointId: number): void {
    const responder = this.deployment.checkpointResponder;
    if (responder === null) return;
    let snapshots: OperatorSnapshot[];
    try {
      snapshots = this.snapshotOperators(checkpointId);
    } catch (e) {
      responder.decline(this, checkpointId, e, true);
      return;
    }
    this.finalCheckpointId = Math.min(this.finalCheckpointId, checkpointId);
    responder.acknowledge(this, checkpointId, snapshots, true);
  }

  /** The coordinator gave up checkpoint `checkpointId`: stop aligning it, tell operators. */
  abortCheckpoint(checkpointId: number, reason: string): void {
    if (!this.isAlive()) return;
    this.applyAlignment(onAbort(this.alignment, checkpointId, reason));
    if (this.pendingUnaligned !== null && this.pendingUnaligned.checkpointId <= checkpointId) this.dropUnaligned();
    for (const op of this.operators) this.guard(op, () => op.notifyCheckpointAborted(checkpointId));
  }

  private applyAlignment(t: AlignmentTransition): void {
    this.alignment = t.state;
    for (const e of t.effects) this.applyEffect(e);
  }

  private applyEffect(e: AlignmentEffect): void {
    switch (e.kind) {
      case "block":
        this.blocked[e.channel] = 1;
        break;
      case "unblock-all":
        this.blocked.fill(0);
        this.wakeScheduler();
        break;
      case "snapshot":
        this.performCheckpoint(e.barrier);
        break;
      case "record":
        for (const ch of e.channels) {
          if (this.recording[ch] === 0) this.recordingCount++;
          this.recording[ch] = 1;
        }
        break;
      case "stop-recording":
        if (this.recording[e.channel] === 1) this.recordingCount--;
        this.recording[e.channel] = 0;
        break;
      case "channel-state-complete": {
        const pending = this.pendingUnaligned;
        if (pending !== null && pending.checkpointId === e.checkpointId) {
          this.pendingUnaligned = null;
          const recorded = this.recorded;
          this.recorded = [];
          this.acknowledge(e.checkpointId, withInFlight(pending.snapshots, recorded));
        }
        break;
      }
      case "abort":
        if (this.pendingUnaligned?.checkpointId === e.checkpointId) this.dropUnaligned();
        this.deployment.checkpointResponder?.decline(this, e.checkpointId, new Error(e.reason), false);
        break;
    }
  }

  private dropUnaligned(): void {
    this.pendingUnaligned = null;
    this.recorded = [];
    this.recording.fill(0);
    this.recordingCount = 0;
  }

  private recordInFlight(r: StreamRecord<unknown>, input: 1 | 2): void {
    const head = this.vertex.nodes[0]!;
    this.recorded.push(encodeInFlight(head.operatorId, this.subtaskIndex, input, r.value, r.hasTimestamp ? r.timestamp : null));
  }

  /**
   * The synchronous part of a checkpoint: snapshot every operator (copies), then forward the barrier. Aligned and
   * at-least-once barriers go in order with the records; an unaligned barrier jumps ahead of the buffered
   * records of each output channel, which become part of this task's snapshot (Flink's result subpartition
   * state). The acknowledgement follows at once, or for unaligned checkpoints once the input channel state is
   * complete.
   */
  private performCheckpoint(barrier: CheckpointBarrier): void {
    const id = barrier.checkpointId;
    let snapshots: OperatorSnapshot[];
    try {
      snapshots = this.snapshotOperators(id);
    } catch (e) {
      // The barrier is not forwarded; the coordinator aborts the checkpoint, which releases any alignment.
      this.deployment.checkpointResponder?.decline(this, id, e, true);
      return;
    }
    if (barrier.options.unaligned) {
      const overtaken: InFlightRecord[] = [];
      for (const w of this.deployment.writers.values()) {
        for (const c of w.channels) {
          const info = c.consumerInfo;
          if (info !== null) for (const [v, ts] of c.bufferedRecords()) overtaken.push(encodeInFlight(info.operatorId, info.subtaskIndex, info.input, v, ts));
          c.pushPriorityEvent(barrier);
        }
      }
      snapshots = withInFlight(snapshots, overtaken);
    } else {
      for (const w of this.deployment.writers.values()) w.broadcastEvent(barrier);
    }
    if (this.alignment.kind === "recording" && this.alignment.barrier.checkpointId === id) {
      this.pendingUnaligned = { checkpointId: id, snapshots };
      return;
    }
    this.acknowledge(id, snapshots);
  }

  private acknowledge(checkpointId: number, snapshots: OperatorSnapshot[]): void {
    this.deployment.checkpointResponder?.acknowledge(this, checkpointId, snapshots, false);
  }

  /**
   * Checkpoint `checkpointId` completed: operators commit (two-phase-commit sinks), and a FINISHING task whose
   * final state it covers closes.
   */
  notifyCheckpointComplete(checkpointId: number): void {
    if (!this.isAlive()) return;
    for (const op of this.operators) this.guard(op, () => op.notifyCheckpointComplete(checkpointId));
    if (this.state === "FINISHING" && checkpointId >= this.finalCheckpointId) this.closeFinished();
  }

  private guard(op: StreamOperator<unknown>, action: () => void): void {
    try {
      action();
    } catch (e) {
      throw wrapOperatorError(e, op.name, this.subtask);
    }
  }
}

/** Adds in-flight records to the head operator's snapshot (any operator would do: restore gathers them all). */
function withInFlight(snapshots: OperatorSnapshot[], records: readonly InFlightRecord[]): OperatorSnapshot[] {
  if (records.length === 0) return snapshots;
  const [head, ...rest] = snapshots;
  return [{ ...head!, inFlight: [...(head!.inFlight ?? []), ...records] }, ...rest];
}
