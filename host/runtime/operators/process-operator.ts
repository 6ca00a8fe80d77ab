// Runs a ProcessFunction on a non-keyed stream (Flink's ProcessOperator).
import type { Collector } from "../../api/functions.js";
import type { ProcessContext, ProcessFunctionLike } from "../../api/process-functions.js";
import type { StreamRecord } from "../stream-record.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";
import { NonKeyedTimerService, ProcessContextImpl } from "./process-context.js";

export class ProcessOperator<IN, OUT> extends AbstractUdfStreamOperator<OUT, ProcessFunctionLike<IN, OUT>> {
  private collector!: TimestampedCollector<OUT>;
  private context!: ProcessContextImpl;
  private fn!: (value: IN, ctx: ProcessContext, out: Collector<OUT>) => void;
  override open(): void {
    super.open();
    this.collector = new TimestampedCollector(this.output);
    const service = new NonKeyedTimerService(
      () => this.setupInfo.processingTimeService.getCurrentProcessingTime(),
      () => this.currentWatermark,
    );
    this.context = new ProcessContextImpl(this.output as never, service, () => undefined);
    this.fn = this.userFunction.processElement.bind(this.userFunction);
  }
  processElement(record: StreamRecord<IN>): void {
    this.collector.setTimestamp(record);
    this.fn(record.value, this.context.forElement(record as StreamRecord<unknown>), this.collector);
  }
}
