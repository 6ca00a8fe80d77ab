// Map over connected streams (Flink's CoStreamMap).
import type { CoMapFunction } from "../../api/functions.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

export class CoStreamMap<IN1, IN2, OUT> extends AbstractUdfStreamOperator<OUT, CoMapFunction<IN1, IN2, OUT>> {
  processElement1(record: StreamRecord<IN1>): void {
    this.output.collect(record.replace(this.userFunction.map1(record.value)));
  }
  processElement2(record: StreamRecord<IN2>): void {
    this.output.collect(record.replace(this.userFunction.map2(record.value)));
  }
}
