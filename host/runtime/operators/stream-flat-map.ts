// FlatMap operator (Flink's StreamFlatMap): outputs carry the input record's timestamp.
import { bindUserFunction } from "../../api/function-utils.js";
import type { Collector, FlatMapFunction } from "../../api/functions.js";
import type { StreamRecord } from "../stream-record.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

export class StreamFlatMap<IN, OUT> extends AbstractUdfStreamOperator<OUT, FlatMapFunction<IN, OUT>> {
  private readonly fn = bindUserFunction<[IN, Collector<OUT>], void | Iterable<OUT>>(
    this.userFunction,
    "flatMap",
    "flatMap()'s function",
  );
  private collector!: TimestampedCollector<OUT>;
  override open(): void {
    super.open();
    this.collector = new TimestampedCollector(this.output);
  }
  processElement(record: StreamRecord<IN>): void {
    this.collector.setTimestamp(record);
    this.collector.collectAll(this.fn(record.value, this.collector));
  }
}
