// Rolling reduce on a keyed stream (Flink's StreamGroupedReduceOperator): in STREAMING it emits the running value
// for every record; in BATCH only the final value per key, at end of input (Flink's BatchGroupedReduceOperator).
import { bindUserFunction } from "../../api/function-utils.js";
import type { ReduceFunction } from "../../api/functions.js";
import { type ValueState, ValueStateDescriptor } from "../../api/state.js";
import { VOID_NAMESPACE } from "../../state/keyed-state-backend.js";
import { StreamRecord } from "../stream-record.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

const STATE = new ValueStateDescriptor<unknown>("_op_state");

export class StreamGroupedReduce<T> extends AbstractUdfStreamOperator<T, ReduceFunction<T>> {
  private readonly fn = bindUserFunction<[T, T], T>(this.userFunction, "reduce", "reduce()'s function");
  private values!: ValueState<T>;
  private batch = false;
  override open(): void {
    super.open();
    this.values = this.setupInfo.runtimeContext.getState(STATE as ValueStateDescriptor<T>);
    this.batch = this.setupInfo.settings.batch;
  }
  processElement(record: StreamRecord<T>): void {
    const current = this.values.value();
    const next = current === null ? record.value : this.fn(current, record.value);
    this.values.update(next);
    if (!this.batch) this.output.collect(record.replace(next));
  }
  override endInput(input: number): void {
    super.endInput(input);
    if (!this.batch) return;
    // Final value per key; in batch mode records carry no meaningful timestamp.
    const out = new StreamRecord<T>(undefined as T);
    this.keyedStateBackend!.applyToAllKeys(VOID_NAMESPACE, STATE, (_key, state) => {
      this.output.collect(out.replace((state as ValueState<T>).value()!));
    });
  }
}
