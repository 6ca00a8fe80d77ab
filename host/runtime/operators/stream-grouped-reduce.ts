// Rolling reduce on a keyed stream: emits the running result for every record (Flink's StreamGroupedReduceOperator).
import { bindUserFunction } from "../../api/function-utils.js";
import type { ReduceFunction } from "../../api/functions.js";
import { type ValueState, ValueStateDescriptor } from "../../api/state.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

const STATE_NAME = "_op_state";

export class StreamGroupedReduce<T> extends AbstractUdfStreamOperator<T, ReduceFunction<T>> {
  private readonly fn = bindUserFunction<[T, T], T>(this.userFunction, "reduce", "reduce()'s function");
  private values!: ValueState<T>;
  override open(): void {
    super.open();
    this.values = this.setupInfo.runtimeContext.getState(new ValueStateDescriptor<T>(STATE_NAME));
  }
  processElement(record: StreamRecord<T>): void {
    const current = this.values.value();
    const next = current === null ? record.value : this.fn(current, record.value);
    this.values.update(next);
    this.output.collect(record.replace(next));
  }
}
