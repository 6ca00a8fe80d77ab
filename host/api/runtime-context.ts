// What a parallel instance of a user function can see of the runtime (Flink's RuntimeContext).
import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from "./state.js";

/** A counter metric (Flink's `Counter`). */
export interface Counter {
  inc(n?: number): void;
  dec(n?: number): void;
  getCount(): number;
}

/** Registers user metrics under the operator's scope (Flink's `MetricGroup`, counters and gauges). */
export interface MetricGroup {
  counter(name: string): Counter;
  gauge<T>(name: string, gauge: () => T): void;
}

/**
 * Flink's `RuntimeContext`: the subtask's identity and, on keyed streams, its keyed state. State handles are
 * scoped to the key of the record being processed.
 */
export interface RuntimeContext {
  getIndexOfThisSubtask(): number;
  getNumberOfParallelSubtasks(): number;
  getMaxNumberOfParallelSubtasks(): number;
  /** The task's name (the chain's operator names joined with " -> "). */
  getTaskName(): string;
  /** `"<taskName> (<index+1>/<parallelism>)"` as Flink prints it. */
  getTaskNameWithSubtasks(): string;
  /** How many times the job has been restarted before this attempt (0 for the first). */
  getAttemptNumber(): number;
  getMetricGroup(): MetricGroup;
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}
