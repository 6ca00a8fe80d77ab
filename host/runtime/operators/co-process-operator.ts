// Runs a CoProcessFunction or KeyedCoProcessFunction over connected streams (Flink's CoProcessOperator and
// KeyedCoProcessOperator): the keyed form has keyed state and per-key timers.
import type { Collector } from "../../api/functions.js";
import {
  type CoProcessFunctionLike,
  type KeyedCoProcessFunctionLike,
  type ProcessContext,
  TimeDomain,
} from "../../api/process-functions.js";
import type { StreamRecord } from "../stream-record.js";
import type { InternalTimer, Triggerable } from "../timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";
import { NonKeyedTimerService, ProcessContextImpl, SimpleTimerService } from "./process-context.js";

type AnyCoProcess<IN1, IN2, OUT> = CoProcessFunctionLike<IN1, IN2, OUT> | KeyedCoProcessFunctionLike<unknown, IN1, IN2, OUT>;
type ElementFn<T, OUT> = (value: T, ctx: ProcessContext, out: Collector<OUT>) => void;

export class CoProcessOperator<IN1, IN2, OUT>
  extends AbstractUdfStreamOperator<OUT, AnyCoProcess<IN1, IN2, OUT>>
  implements Triggerable
{
  private collector!: TimestampedCollector<OUT>;
  private context!: ProcessContextImpl;
  private fn1!: ElementFn<IN1, OUT>;
  private fn2!: ElementFn<IN2, OUT>;
  constructor(
    fn: AnyCoProcess<IN1, IN2, OUT>,
    /** Keyed: timers and keyed state are available (KeyedCoProcessOperator). */
    private readonly keyed: boolean,
  ) {
    super(fn);
  }
  override open(): void {
    super.open();
    this.collector = new TimestampedCollector(this.output);
    const timers = this.keyed
      ? new SimpleTimerService(this.getInternalTimerService("user-timers", this))
      : new NonKeyedTimerService(
          () => this.setupInfo.processingTimeService.getCurrentProcessingTime(),
          () => this.currentWatermark,
        );
    this.context = new ProcessContextImpl(this.output as never, timers, () => this.getCurrentKey());
    const f = this.userFunction as { processElement1: ElementFn<IN1, OUT>; processElement2: ElementFn<IN2, OUT> };
    this.fn1 = f.processElement1.bind(f);
    this.fn2 = f.processElement2.bind(f);
  }
  processElement1(record: StreamRecord<IN1>): void {
    this.collector.setTimestamp(record);
    this.fn1(record.value, this.context.forElement(record as StreamRecord<unknown>), this.collector);
  }
  processElement2(record: StreamRecord<IN2>): void {
    this.collector.setTimestamp(record);
    this.fn2(record.value, this.context.forElement(record as StreamRecord<unknown>), this.collector);
  }
  onEventTime(timer: InternalTimer): void {
    this.context.fireTimer(this.userFunction, this.collector as TimestampedCollector<unknown>, timer.timestamp, TimeDomain.EVENT_TIME);
  }
  onProcessingTime(timer: InternalTimer): void {
    this.context.fireTimer(this.userFunction, this.collector as TimestampedCollector<unknown>, timer.timestamp, TimeDomain.PROCESSING_TIME);
  }
}
