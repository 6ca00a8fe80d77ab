// FlatMap over connected streams (Flink's CoStreamFlatMap).
import type { CoFlatMapFunction } from "../../api/functions.js";
import type { StreamRecord } from "../stream-record.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

export class CoStreamFlatMap<IN1, IN2, OUT> extends AbstractUdfStreamOperator<OUT, CoFlatMapFunction<IN1, IN2, OUT>> {
  private collector!: TimestampedCollector<OUT>;
  override open(): void {
    super.open();
    this.collector = new TimestampedCollector(this.output);
  }
  processElement1(record: StreamRecord<IN1>): void {
    this.collector.setTimestamp(record);
    this.collector.collectAll(this.userFunction.flatMap1(record.value, this.collector));
  }
  processElement2(record: StreamRecord<IN2>): void {
    this.collector.setTimestamp(record);
    this.collector.collectAll(this.userFunction.flatMap2(record.value, this.collector));
  }
}
