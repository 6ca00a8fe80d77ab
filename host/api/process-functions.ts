// Process functions: the lowest-level user functions, with timestamps, timers and side outputs
// (Flink's ProcessFunction, KeyedProcessFunction, CoProcessFunction, KeyedCoProcessFunction).
import { AbstractRichFunction, type Collector } from "./functions.js";
import type { OutputTag } from "./output-tag.js";

/** Which clock fired a timer (Flink's TimeDomain). */
export const TimeDomain = { EVENT_TIME: "EVENT_TIME", PROCESSING_TIME: "PROCESSING_TIME" } as const;
export type TimeDomain = (typeof TimeDomain)[keyof typeof TimeDomain];

/**
 * Flink's `TimerService`: read the clocks and, on keyed streams, register per-key timers. Timers are
 * deduplicated per key and timestamp, fire once the watermark (event time) or the clock (processing time) reaches
 * them, and are part of checkpoints.
 */
export interface TimerService {
  currentProcessingTime(): number;
  currentWatermark(): number;
  registerEventTimeTimer(time: number): void;
  registerProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
}

/** Context of `processElement` (Flink's ProcessFunction.Context). */
export interface ProcessContext {
  /** The record's timestamp, or `null` when it has none. */
  timestamp(): number | null;
  timerService(): TimerService;
  /** Emits `value` to the side output `tag`. */
  output<X>(tag: OutputTag<X>, value: X): void;
}
/** Context of `onTimer` (Flink's OnTimerContext). */
export interface OnTimerContext extends ProcessContext {
  timeDomain(): TimeDomain;
}
/** Keyed variants add the current key. */
export interface KeyedProcessContext<K> extends ProcessContext {
  getCurrentKey(): K;
}
export interface KeyedOnTimerContext<K> extends KeyedProcessContext<K> {
  timeDomain(): TimeDomain;
}

/**
 * Flink's `ProcessFunction` on a non-keyed stream: every record with its timestamp and side outputs; timers
 * are only available on keyed streams.
 *
 * @example
 * stream.process({ processElement(v, ctx, out) { if (v < 0) ctx.output(negatives, v); else out.collect(v); } });
 */
export abstract class ProcessFunction<I, O> extends AbstractRichFunction {
  abstract processElement(value: I, ctx: ProcessContext, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void;
}

/**
 * Flink's `KeyedProcessFunction`: like ProcessFunction on a keyed stream, with keyed state, the current key and
 * per-key timers; `onTimer` runs with the timer's key as current key.
 *
 * @example
 * keyed.process({
 *   processElement(v, ctx, out) { ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 1000); },
 *   onTimer(ts, ctx, out) { out.collect(`${ctx.getCurrentKey()} idle since ${ts - 1000}`); },
 * });
 */
export abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {
  abstract processElement(value: I, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
}

/** Flink's `CoProcessFunction`: one method per input of connected streams. */
export abstract class CoProcessFunction<IN1, IN2, O> extends AbstractRichFunction {
  abstract processElement1(value: IN1, ctx: ProcessContext, out: Collector<O>): void;
  abstract processElement2(value: IN2, ctx: ProcessContext, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void;
}

/** Flink's `KeyedCoProcessFunction`: connected keyed streams with keyed state and timers. */
export abstract class KeyedCoProcessFunction<K, IN1, IN2, O> extends AbstractRichFunction {
  abstract processElement1(value: IN1, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  abstract processElement2(value: IN2, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
}

/** Shapes accepted where a process function is expected: a subclass instance or an object literal. */
export type ProcessFunctionLike<I, O> =
  | ProcessFunction<I, O>
  | { processElement(value: I, ctx: ProcessContext, out: Collector<O>): void; onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void; open?(ctx?: unknown): void; close?(): void };
export type KeyedProcessFunctionLike<K, I, O> =
  | KeyedProcessFunction<K, I, O>
  | {
      processElement(value: I, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
      onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };
export type CoProcessFunctionLike<IN1, IN2, O> =
  | CoProcessFunction<IN1, IN2, O>
  | {
      processElement1(value: IN1, ctx: ProcessContext, out: Collector<O>): void;
      processElement2(value: IN2, ctx: ProcessContext, out: Collector<O>): void;
      onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };
export type KeyedCoProcessFunctionLike<K, IN1, IN2, O> =
  | KeyedCoProcessFunction<K, IN1, IN2, O>
  | {
      processElement1(value: IN1, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
      processElement2(value: IN2, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
      onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };
