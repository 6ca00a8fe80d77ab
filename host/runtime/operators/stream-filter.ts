// Filter operator (Flink's StreamFilter).
import { bindUserFunction } from "../../api/function-utils.js";
import type { FilterFunction } from "../../api/functions.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

export class StreamFilter<T> extends AbstractUdfStreamOperator<T, FilterFunction<T>> {
  private readonly fn = bindUserFunction<[T], boolean>(this.userFunction, "filter", "filter()'s function");
  processElement(record: StreamRecord<T>): void {
    if (this.fn(record.value)) this.output.collect(record);
  }
}
