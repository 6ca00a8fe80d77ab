// Functions over a stream connected with a broadcast stream (Flink's BroadcastProcessFunction,
// KeyedBroadcastProcessFunction and their contexts).
import type { BroadcastState, ReadOnlyBroadcastState } from "../runtime/operator-state.js";
import { AbstractRichFunction, type Collector } from "./functions.js";
import type { OutputTag } from "./output-tag.js";
import type { TimeDomain, TimerService } from "./process-functions.js";
import type { MapStateDescriptor, State, StateDescriptor } from "./state.js";

/** What both sides can do (Flink's `BaseBroadcastProcessFunction.Context`). */
export interface BaseBroadcastContext {
  /** The element's timestamp, or `null` when it has none. */
  timestamp(): number | null;
  currentProcessingTime(): number;
  currentWatermark(): number;
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Context of the non-broadcast side: broadcast state is read-only here (Flink's `ReadOnlyContext`). */
export interface BroadcastReadOnlyContext extends BaseBroadcastContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V>;
}

/** Context of the broadcast side: broadcast state is writable (Flink's `Context`). */
export interface BroadcastContext extends BaseBroadcastContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
}

/** Runs for every key that has keyed state `S` (Flink's `KeyedStateFunction`). */
export type KeyedStateFunction<K, S> = ((key: K, state: S) => void) | { process(key: K, state: S): void };

/** Non-broadcast side of a keyed broadcast connection: adds timers and the current key. */
export interface KeyedBroadcastReadOnlyContext<K> extends BroadcastReadOnlyContext {
  timerService(): TimerService;
  getCurrentKey(): K;
}

/** Broadcast side of a keyed broadcast connection: adds `applyToKeyedState`. */
export interface KeyedBroadcastContext<K> extends BroadcastContext {
  /** Calls `fn` for every key with state `descriptor` on this subtask, with that key's state. */
  applyToKeyedState<S extends State>(descriptor: StateDescriptor<S, unknown>, fn: KeyedStateFunction<K, S>): void;
}

/** Context of `onTimer` in a KeyedBroadcastProcessFunction (Flink's `OnTimerContext`). */
export interface KeyedBroadcastOnTimerContext<K> extends KeyedBroadcastReadOnlyContext<K> {
  timeDomain(): TimeDomain;
}

/**
 * Flink's `BroadcastProcessFunction`: a non-keyed stream connected with a broadcast stream. Broadcast elements
 * update the broadcast state (every parallel instance sees every broadcast element); the other side reads it.
 *
 * @example
 * const rules = new MapStateDescriptor<string, number>("rules");
 * events.connect(ruleStream.broadcast(rules)).process({
 *   processElement(e, ctx, out) { if (e.v > (ctx.getBroadcastState(rules).get("max") ?? Infinity)) out.collect(e); },
 *   processBroadcastElement(r, ctx) { ctx.getBroadcastState(rules).put("max", r.max); },
 * });
 */
export abstract class BroadcastProcessFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement(value: IN1, ctx: BroadcastReadOnlyContext, out: Collector<OUT>): void;
  abstract processBroadcastElement(value: IN2, ctx: BroadcastContext, out: Collector<OUT>): void;
}

/**
 * Flink's `KeyedBroadcastProcessFunction`: a keyed stream connected with a broadcast stream. The keyed side has
 * keyed state, timers and read-only broadcast state; the broadcast side writes broadcast state and can visit
 * all keyed state with `applyToKeyedState`.
 */
export abstract class KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement(value: IN1, ctx: KeyedBroadcastReadOnlyContext<K>, out: Collector<OUT>): void;
  abstract processBroadcastElement(value: IN2, ctx: KeyedBroadcastContext<K>, out: Collector<OUT>): void;
  onTimer?(timestamp: number, ctx: KeyedBroadcastOnTimerContext<K>, out: Collector<OUT>): void;
}

/** A BroadcastProcessFunction as a subclass instance or an object literal. */
export type BroadcastProcessFunctionLike<IN1, IN2, OUT> =
  | BroadcastProcessFunction<IN1, IN2, OUT>
  | {
      processElement(value: IN1, ctx: BroadcastReadOnlyContext, out: Collector<OUT>): void;
      processBroadcastElement(value: IN2, ctx: BroadcastContext, out: Collector<OUT>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };

/** A KeyedBroadcastProcessFunction as a subclass instance or an object literal. */
export type KeyedBroadcastProcessFunctionLike<K, IN1, IN2, OUT> =
  | KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>
  | {
      processElement(value: IN1, ctx: KeyedBroadcastReadOnlyContext<K>, out: Collector<OUT>): void;
      processBroadcastElement(value: IN2, ctx: KeyedBroadcastContext<K>, out: Collector<OUT>): void;
      onTimer?(timestamp: number, ctx: KeyedBroadcastOnTimerContext<K>, out: Collector<OUT>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };
