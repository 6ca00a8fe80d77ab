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
import type { OperatorSnapshot, StreamOperator } from "./stream-operator.js";
import { EndOfPartitionEvent, type StreamEvent, StreamRecord, WatermarkEvent, WatermarkStatusEvent } from "./stream-record.js";
import { StreamingRuntimeContext } from "./streaming-runtime-context.js";
import { StatusWatermarkValve } from "./watermark-valve.js";

export type TaskState = "CREATED" | "RUNNING" | "FINISHED" | "CANCELED" | "FAILED";

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
  /** State restored for this subtask's operators. */
  readonly restored: readonly OperatorSnapshot[];
}

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
      },
      metrics,
      keyed,
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

  /** Restores state and opens operators, last operator of the chain first (as Flink does). */
  start(): void {
    for (const op of this.operators) this.guard(op, () => op.initializeState(this.deployment.restored));
    for (let i = this.operators.length - 1; i >= 0; i--) {
      const op = this.operators[i]!;
      this.guard(op, () => op.open());
    }
    this.state = "RUNNING";
  }

  /** Whether a slice would do anything now. */
  hasWork(): boolean {
    if (this.state !== "RUNNING") return false;
    if (this.mailbox.length > 0) return true;
    if (this.fullOutputs > 0) return false;
    if (this.sourceHead !== null) return !this.sourceWaiting;
    for (const c of this.channels) if (c.size > 0) return true;
    return false;
  }

  /** Runs mailbox actions, then up to `budget` input elements; returns whether anything was done. */
  runSlice(budget: number): boolean {
    let worked = false;
    while (this.mailbox.length > 0) {
      worked = true;
      this.mailbox.shift()!();
      if (this.state !== "RUNNING") return true;
    }
    if (this.fullOutputs > 0) return worked;
    if (this.sourceHead !== null) return this.runSource(budget) || worked;
    return this.runInputs(budget) || worked;
  }

  private runSource(budget: number): boolean {
    if (this.sourceWaiting) return false;
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
    } while (status === "MORE_AVAILABLE" && this.fullOutputs === 0 && metrics.sourceRecordsOut - start < budget && this.mailbox.length === 0);
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

  private runInputs(budget: number): boolean {
    const channels = this.channels;
    const n = channels.length;
    let processed = 0;
    while (processed < budget && this.fullOutputs === 0 && this.mailbox.length === 0) {
      let c: Channel | undefined;
      let idx = this.nextChannel;
      for (let k = 0; k < n; k++) {
        const cand = channels[idx]!;
        if (cand.size > 0) {
          c = cand;
          break;
        }
        idx = idx + 1 === n ? 0 : idx + 1;
      }
      if (c === undefined) break;
      this.nextChannel = idx + 1 === n ? 0 : idx + 1;
      const input = this.channelInput[idx]!;
      let m = 0;
      while (c.size > 0 && m < CHANNEL_BATCH && this.fullOutputs === 0) {
        const event = c.poll();
        m++;
        if (event === null) {
          const r = this.reuse;
          r.value = c.polledValue;
          r.timestamp = c.polledTimestamp;
          r.hasTimestamp = c.polledHasTimestamp;
          this.processRecord(r, input);
        } else {
          this.processEvent(event, idx, input);
          if (this.state !== "RUNNING") return true;
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
    } else if (event instanceof EndOfPartitionEvent) {
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

  /** End of all input: finish each operator in chain order, tell downstream, close. */
  private finishTask(): void {
    this.operators.forEach((op, i) => {
      this.guard(op, () => {
        if (i > 0) op.endInput(1);
        op.finish();
      });
    });
    for (const w of this.deployment.writers.values()) w.broadcastEvent(EndOfPartitionEvent.INSTANCE);
    this.closeOperators(true);
    this.state = "FINISHED";
    this.wakeScheduler();
  }

  /** Cancels or fails the task: no finish, operators closed, errors while closing swallowed. */
  cancel(state: "CANCELED" | "FAILED"): void {
    if (this.state === "FINISHED" || this.state === "CANCELED" || this.state === "FAILED") return;
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

  notifyCheckpointComplete(checkpointId: number): void {
    for (const op of this.operators) this.guard(op, () => op.notifyCheckpointComplete(checkpointId));
  }

  private guard(op: StreamOperator<unknown>, action: () => void): void {
    try {
      action();
    } catch (e) {
      throw wrapOperatorError(e, op.name, this.subtask);
    }
  }
}
