// Runs a KeyedProcessFunction with keyed state and per-key timers (Flink's KeyedProcessOperator).
import type { Collector } from "../../api/functions.js";
import { type KeyedProcessContext, type KeyedProcessFunctionLike, TimeDomain } from "../../api/process-functions.js";
import type { StreamRecord } from "../stream-record.js";
import type { InternalTimer, Triggerable } from "../timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";
import { ProcessContextImpl, SimpleTimerService } from "./process-context.js";

export class KeyedProcessOperator<K, IN, OUT>
  extends AbstractUdfStreamOperator<OUT, KeyedProcessFunctionLike<K, IN, OUT>>
  implements Triggerable
{
  private collector!: TimestampedCollector<OUT>;
  private context!: ProcessContextImpl;
  private fn!: (value: IN, ctx: KeyedProcessContext<K>, out: Collector<OUT>) => void;
  override open(): void {
    super.open();
    this.collector = new TimestampedCollector(this.output);
    const timers = new SimpleTimerService(this.getInternalTimerService("user-timers", this));
    this.context = new ProcessContextImpl(this.output as never, timers, () => this.getCurrentKey());
    this.fn = this.userFunction.processElement.bind(this.userFunction) as typeof this.fn;
  }
  processElement(record: StreamRecord<IN>): void {
    this.collector.setTimestamp(record);
    this.fn(record.value, this.context.forElement(record as StreamRecord<unknown>) as KeyedProcessContext<K>, this.collector);
  }
  onEventTime(timer: InternalTimer): void {
    this.context.fireTimer(this.userFunction, this.collector as TimestampedCollector<unknown>, timer.timestamp, TimeDomain.EVENT_TIME);
  }
  onProcessingTime(timer: InternalTimer): void {
    this.context.fireTimer(this.userFunction, this.collector as TimestampedCollector<unknown>, timer.timestamp, TimeDomain.PROCESSING_TIME);
  }
}
