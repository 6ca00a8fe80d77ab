// Runs a BroadcastProcessFunction: a non-keyed stream (input 1) with a broadcast stream (input 2) whose
// elements update broadcast state (Flink's CoBroadcastWithNonKeyedOperator).
import type { BroadcastProcessFunctionLike, BroadcastContext, BroadcastReadOnlyContext } from "../../api/broadcast-process-functions.js";
import { bindUserFunction } from "../../api/function-utils.js";
import type { Collector } from "../../api/functions.js";
import type { MapStateDescriptor } from "../../api/state.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";
import type { StreamRecord } from "../stream-record.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { BroadcastContextImpl, ReadOnlyBroadcastContextImpl } from "./broadcast-contexts.js";
import { BroadcastStates } from "./broadcast-state-access.js";
import { NonKeyedTimerService } from "./process-context.js";

/**
 * Flink's `CoBroadcastWithNonKeyedOperator`. Broadcast state is operator state (`getBroadcastState`), so every
 * parallel instance holds the same content and snapshots it; elements of input 1 see it read-only.
 */
export class CoBroadcastWithNonKeyedOperator<IN1, IN2, OUT> extends AbstractUdfStreamOperator<OUT, BroadcastProcessFunctionLike<IN1, IN2, OUT>> {
  private collector!: TimestampedCollector<OUT>;
  private readOnlyContext!: ReadOnlyBroadcastContextImpl<never>;
  private readWriteContext!: BroadcastContextImpl<never>;
  private fn1!: (value: IN1, ctx: BroadcastReadOnlyContext, out: Collector<OUT>) => void;
  private fn2!: (value: IN2, ctx: BroadcastContext, out: Collector<OUT>) => void;

  constructor(
    fn: BroadcastProcessFunctionLike<IN1, IN2, OUT>,
    private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {
    super(fn);
  }

  override open(): void {
    super.open();
    const pts = this.setupInfo.processingTimeService;
    const clock = (): number => pts.getCurrentProcessingTime();
    const watermark = (): number => this.currentWatermark;
    const states = new BroadcastStates(this.setupInfo.operatorStateStore, this.descriptors);
    this.collector = new TimestampedCollector(this.output);
    const timers = new NonKeyedTimerService(clock, watermark);
    this.readOnlyContext = new ReadOnlyBroadcastContextImpl(states, this.output, clock, watermark, timers, () => undefined);
    this.readWriteContext = new BroadcastContextImpl(states, this.output, clock, watermark, undefined);
    this.fn1 = bindUserFunction(this.userFunction, "processElement", "the broadcast process function");
    this.fn2 = bindUserFunction(this.userFunction, "processBroadcastElement", "the broadcast process function");
  }

  processElement1(record: StreamRecord<IN1>): void {
    this.collector.setTimestamp(record);
    this.readOnlyContext.setElement(record as StreamRecord<unknown>);
    this.fn1(record.value, this.readOnlyContext, this.collector);
  }
  processElement2(record: StreamRecord<IN2>): void {
    this.collector.setTimestamp(record);
    this.readWriteContext.setElement(record as StreamRecord<unknown>);
    this.fn2(record.value, this.readWriteContext, this.collector);
  }
}
