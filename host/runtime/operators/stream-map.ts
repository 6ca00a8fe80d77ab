// Map operator (Flink's StreamMap).
import { bindUserFunction } from "../../api/function-utils.js";
import type { MapFunction } from "../../api/functions.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

export class StreamMap<IN, OUT> extends AbstractUdfStreamOperator<OUT, MapFunction<IN, OUT>> {
  private readonly fn = bindUserFunction<[IN], OUT>(this.userFunction, "map", "map()'s function");
  processElement(record: StreamRecord<IN>): void {
    this.output.collect(record.replace(this.fn(record.value)));
  }
}
