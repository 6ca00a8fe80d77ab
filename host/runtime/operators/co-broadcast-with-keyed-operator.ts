// Runs a KeyedBroadcastProcessFunction: a keyed stream (input 1) with a broadcast stream (input 2); the keyed
// side has keyed state and timers, the broadcast side writes broadcast state and can visit all keyed state
// (Flink's CoBroadcastWithKeyedOperator).
import type {
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunctionLike,
  KeyedBroadcastReadOnlyContext,
} from "../../api/broadcast-process-functions.js";
import { bindUserFunction } from "../../api/function-utils.js";
import type { Collector } from "../../api/functions.js";
import { TimeDomain } from "../../api/process-functions.js";
import type { MapStateDescriptor } from "../../api/state.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";
import type { StreamRecord } from "../stream-record.js";
import type { InternalTimer, Triggerable } from "../timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import { BroadcastContextImpl, ReadOnlyBroadcastContextImpl } from "./broadcast-contexts.js";
import { BroadcastStates } from "./broadcast-state-access.js";
import { SimpleTimerService } from "./process-context.js";

/**
 * Flink's `CoBroadcastWithKeyedOperator`. Broadcast state is operator state; keyed state and timers belong to
 * the keys of input 1. `onTimer` runs with the timer's key and read-only broadcast state.
 */
export class CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> extends AbstractUdfStreamOperator<OUT, KeyedBroadcastProcessFunctionLike<K, IN1, IN2, OUT>> implements Triggerable {
  private collector!: TimestampedCollector<OUT>;
  private readOnlyContext!: ReadOnlyBroadcastContextImpl<K>;
  private readWriteContext!: BroadcastContextImpl<K>;
  private fn1!: (value: IN1, ctx: KeyedBroadcastReadOnlyContext<K>, out: Collector<OUT>) => void;
  private fn2!: (value: IN2, ctx: KeyedBroadcastContext<K>, out: Collector<OUT>) => void;

  constructor(
    fn: KeyedBroadcastProcessFunctionLike<K, IN1, IN2, OUT>,
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
    const timers = new SimpleTimerService(this.getInternalTimerService("user-timers", this));
    this.readOnlyContext = new ReadOnlyBroadcastContextImpl<K>(states, this.output, clock, watermark, timers, () => this.getCurrentKey());
    this.readWriteContext = new BroadcastContextImpl<K>(states, this.output, clock, watermark, this.keyedStateBackend);
    this.fn1 = bindUserFunction(this.userFunction, "processElement", "the keyed broadcast process function");
    this.fn2 = bindUserFunction(this.userFunction, "processBroadcastElement", "the keyed broadcast process function");
  }

  processElement1(record: StreamRecord<IN1>): void {
    this.collector.setTimestamp(record);
    const ctx = this.readOnlyContext;
    ctx.domain = null;
    ctx.setElement(record as StreamRecord<unknown>);
    this.fn1(record.value, ctx, this.collector);
  }
  processElement2(record: StreamRecord<IN2>): void {
    this.collector.setTimestamp(record);
    this.readWriteContext.setElement(record as StreamRecord<unknown>);
    this.fn2(record.value, this.readWriteContext, this.collector);
  }

  onEventTime(timer: InternalTimer): void {
    this.collector.setAbsoluteTimestamp(timer.timestamp);
    this.invokeOnTimer(timer.timestamp, TimeDomain.EVENT_TIME);
  }
  onProcessingTime(timer: InternalTimer): void {
    this.collector.eraseTimestamp();
    this.invokeOnTimer(timer.timestamp, TimeDomain.PROCESSING_TIME);
  }
  private invokeOnTimer(timestamp: number, domain: TimeDomain): void {
    const f = this.userFunction as { onTimer?: (ts: number, ctx: KeyedBroadcastOnTimerContext<K>, out: Collector<OUT>) => void };
    if (typeof f !== "object" || typeof f.onTimer !== "function") return;
    const ctx = this.readOnlyContext;
    ctx.domain = domain;
    ctx.ts = timestamp;
    f.onTimer(timestamp, ctx, this.collector);
    ctx.domain = null;
  }
}
