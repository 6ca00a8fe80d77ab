// Sink operator (Flink's StreamSink): hands each record to a SinkFunction.
import { bindUserFunction } from "../../api/function-utils.js";
import type { SinkContext, SinkFunction } from "../../api/functions.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";

export class StreamSink<T> extends AbstractUdfStreamOperator<never, SinkFunction<T>> {
  private readonly fn = bindUserFunction<[T, SinkContext], void>(this.userFunction, "invoke", "the sink function");
  private current: StreamRecord<T> | null = null;
  private readonly context: SinkContext = {
    currentProcessingTime: () => this.setupInfo.processingTimeService.getCurrentProcessingTime(),
    currentWatermark: () => this.currentWatermark,
    timestamp: () => this.current?.getTimestamp() ?? null,
  };
  /** Called per record; the task counts sink input for progress. */
  onRecord: () => void = () => {};
  processElement(record: StreamRecord<T>): void {
    this.current = record;
    this.onRecord();
    this.fn(record.value, this.context);
  }
  override processWatermark(timestamp: number): void {
    // A sink has no output; it only tracks event time (as Flink's StreamSink does).
    this.currentWatermark = timestamp;
  }
}
