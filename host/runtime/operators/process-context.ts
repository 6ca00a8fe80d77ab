// Context objects handed to process functions: timestamp, timers, side outputs, current key.
import type { OutputTag } from "../../api/output-tag.js";
import { type KeyedOnTimerContext, TimeDomain, type TimerService } from "../../api/process-functions.js";
import { VOID_NAMESPACE } from "../../state/keyed-state-backend.js";
import type { Output } from "../output.js";
import { StreamRecord } from "../stream-record.js";
import type { InternalTimerService } from "../timer-service.js";
import type { TimestampedCollector } from "../timestamped-collector.js";

const TIMERS_ONLY_KEYED = "Setting timers is only supported on a keyed streams.";

/** Flink's SimpleTimerService: the user-facing view of an operator's timer service in the void namespace. */
export class SimpleTimerService implements TimerService {
  constructor(private readonly internal: InternalTimerService) {}
  currentProcessingTime(): number {
    return this.internal.currentProcessingTime();
  }
  currentWatermark(): number {
    return this.internal.getCurrentWatermark();
  }
  registerEventTimeTimer(time: number): void {
    this.internal.registerEventTimeTimer(VOID_NAMESPACE, time);
  }
  registerProcessingTimeTimer(time: number): void {
    this.internal.registerProcessingTimeTimer(VOID_NAMESPACE, time);
  }
  deleteEventTimeTimer(time: number): void {
    this.internal.deleteEventTimeTimer(VOID_NAMESPACE, time);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.internal.deleteProcessingTimeTimer(VOID_NAMESPACE, time);
  }
}

/** Timer service of a non-keyed stream: clocks only (Flink throws on timer registration there). */
export class NonKeyedTimerService implements TimerService {
  constructor(
    private readonly clock: () => number,
    private readonly watermark: () => number,
  ) {}
  currentProcessingTime(): number {
    return this.clock();
  }
  currentWatermark(): number {
    return this.watermark();
  }
  registerEventTimeTimer(): void {
    throw new Error(TIMERS_ONLY_KEYED);
  }
  registerProcessingTimeTimer(): void {
    throw new Error(TIMERS_ONLY_KEYED);
  }
  deleteEventTimeTimer(): void {
    throw new Error(TIMERS_ONLY_KEYED);
  }
  deleteProcessingTimeTimer(): void {
    throw new Error(TIMERS_ONLY_KEYED);
  }
}

/**
 * One reusable context for processElement and onTimer. During `processElement` `timestamp()` is the record's;
 * during `onTimer` it is the timer's time, and `timeDomain()` says which clock fired (as Flink's contexts).
 */
export class ProcessContextImpl implements KeyedOnTimerContext<unknown> {
  private record: StreamRecord<unknown> | null = null;
  private timerTime = 0;
  private domain: TimeDomain | null = null;
  constructor(
    private readonly out: Output<unknown>,
    private readonly service: TimerService,
    private readonly currentKey: () => unknown,
  ) {}
  forElement(record: StreamRecord<unknown>): this {
    this.record = record;
    this.domain = null;
    return this;
  }
  forTimer(time: number, domain: TimeDomain): this {
    this.record = null;
    this.timerTime = time;
    this.domain = domain;
    return this;
  }
  timestamp(): number | null {
    if (this.domain !== null) return this.timerTime;
    return this.record?.getTimestamp() ?? null;
  }
  timerService(): TimerService {
    return this.service;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) throw new TypeError("OutputTag must not be null");
    const ts = this.timestamp();
    this.out.collectSide(tag, new StreamRecord(value, ts ?? 0, ts !== null && this.domain !== TimeDomain.PROCESSING_TIME));
  }
  getCurrentKey(): unknown {
    return this.currentKey();
  }
  timeDomain(): TimeDomain {
    if (this.domain === null) throw new Error("timeDomain() is only available in onTimer");
    return this.domain;
  }
  /**
   * Calls the function's `onTimer`, if it has one, with this context. Output of event-time timers carries the
   * timer's time as timestamp, output of processing-time timers none (as Flink's KeyedProcessOperator).
   */
  fireTimer(fn: object, collector: TimestampedCollector<unknown>, time: number, domain: TimeDomain): void {
    const onTimer = (fn as { onTimer?: (ts: number, ctx: ProcessContextImpl, out: TimestampedCollector<unknown>) => void }).onTimer;
    if (typeof onTimer !== "function") return;
    if (domain === TimeDomain.EVENT_TIME) collector.setAbsoluteTimestamp(time);
    else collector.eraseTimestamp();
    onTimer.call(fn, time, this.forTimer(time, domain), collector);
  }
}
