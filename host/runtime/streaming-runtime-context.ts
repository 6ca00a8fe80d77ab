// The RuntimeContext of one operator subtask (Flink's StreamingRuntimeContext).
import type { MetricGroup, RuntimeContext } from "../api/runtime-context.js";
import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  StateDescriptor,
  State,
  ValueState,
  ValueStateDescriptor,
} from "../api/state.js";
import { KEYED_STATE_ONLY_ON_KEYED_STREAM, type KeyedStateBackend, VOID_NAMESPACE } from "../state/keyed-state-backend.js";

export interface TaskInfo {
  readonly taskName: string;
  readonly indexOfThisSubtask: number;
  readonly numberOfParallelSubtasks: number;
  readonly maxNumberOfParallelSubtasks: number;
  readonly attemptNumber: number;
}

export class StreamingRuntimeContext implements RuntimeContext {
  constructor(
    private readonly taskInfo: TaskInfo,
    private readonly metrics: MetricGroup,
    private readonly keyedStateBackend: KeyedStateBackend | undefined,
  ) {}
  getIndexOfThisSubtask(): number {
    return this.taskInfo.indexOfThisSubtask;
  }
  getNumberOfParallelSubtasks(): number {
    return this.taskInfo.numberOfParallelSubtasks;
  }
  getMaxNumberOfParallelSubtasks(): number {
    return this.taskInfo.maxNumberOfParallelSubtasks;
  }
  getTaskName(): string {
    return this.taskInfo.taskName;
  }
  getTaskNameWithSubtasks(): string {
    return `${this.taskInfo.taskName} (${this.taskInfo.indexOfThisSubtask + 1}/${this.taskInfo.numberOfParallelSubtasks})`;
  }
  getAttemptNumber(): number {
    return this.taskInfo.attemptNumber;
  }
  getMetricGroup(): MetricGroup {
    return this.metrics;
  }
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.keyed(descriptor);
  }
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.keyed(descriptor);
  }
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.keyed(descriptor);
  }
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.keyed(descriptor);
  }
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.keyed(descriptor as unknown as StateDescriptor<AggregatingState<IN, OUT>, unknown>);
  }
  private keyed<S extends State>(descriptor: StateDescriptor<S, unknown> | StateDescriptor<S, never>): S {
    if (this.keyedStateBackend === undefined) throw new Error(KEYED_STATE_ONLY_ON_KEYED_STREAM);
    return this.keyedStateBackend.getPartitionedState(VOID_NAMESPACE, descriptor as StateDescriptor<S, unknown>);
  }
}
