// Functions that evaluate windows (Flink's WindowFunction, AllWindowFunction, ProcessWindowFunction,
// ProcessAllWindowFunction) and the per-window state they can keep (KeyedStateStore).
import { AbstractRichFunction, type Collector } from "../functions.js";
import type { OutputTag } from "../output-tag.js";
import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from "../state.js";
import type { Window } from "./window.js";

/**
 * Access to keyed state of one scope (Flink's `KeyedStateStore`): in a ProcessWindowFunction, `windowState()`
 * is scoped to the current key and window, `globalState()` to the current key across windows.
 */
export interface KeyedStateStore {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
}

/**
 * Flink's `WindowFunction`: evaluates a window of a keyed stream with its key and window. A plain function or
 * an object with `apply`.
 *
 * @example
 * keyed.window(TumblingEventTimeWindows.of(1000))
 *   .apply((key: string, w: TimeWindow, input: Iterable<number>, out: Collector<string>) => out.collect(`${key}@${w.end}`));
 */
export type WindowFunction<IN, OUT, K, W extends Window> =
  | ((key: K, window: W, input: Iterable<IN>, out: Collector<OUT>) => void)
  | { apply(key: K, window: W, input: Iterable<IN>, out: Collector<OUT>): void };

/** Flink's `AllWindowFunction`: a window of a non-keyed stream (`windowAll`). */
export type AllWindowFunction<IN, OUT, W extends Window> =
  | ((window: W, values: Iterable<IN>, out: Collector<OUT>) => void)
  | { apply(window: W, values: Iterable<IN>, out: Collector<OUT>): void };

/** The context of `ProcessWindowFunction.process` and `clear` (Flink's `ProcessWindowFunction.Context`). */
export interface ProcessWindowContext<W extends Window> {
  /** The window being evaluated. */
  window(): W;
  currentProcessingTime(): number;
  currentWatermark(): number;
  /** State of the current key in this window; clear it in `clear`. Not available with merging windows. */
  windowState(): KeyedStateStore;
  /** State of the current key, shared by all its windows. */
  globalState(): KeyedStateStore;
  /** Emits to a side output, with the window's `maxTimestamp()` as timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/**
 * Flink's `ProcessWindowFunction`: evaluates a window with its key, all its elements (or, after `reduce` /
 * `aggregate`, the single pre-aggregated value) and a context with the window, clocks and per-window state.
 * `clear` runs when the window is cleaned up.
 *
 * @example
 * class CountPerWindow extends ProcessWindowFunction<Event, string, string, TimeWindow> {
 *   process(key: string, ctx: ProcessWindowContext<TimeWindow>, elements: Iterable<Event>, out: Collector<string>) {
 *     out.collect(`${key} ${ctx.window().start}-${ctx.window().end}: ${Array.from(elements).length}`);
 *   }
 * }
 */
export abstract class ProcessWindowFunction<IN, OUT, K, W extends Window> extends AbstractRichFunction {
  abstract process(key: K, context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  /** Deletes per-window state when the window is cleaned up. */
  clear(_context: ProcessWindowContext<W>): void {}
}

/** Flink's `ProcessAllWindowFunction`: the `windowAll` counterpart of ProcessWindowFunction (no key). */
export abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> extends AbstractRichFunction {
  abstract process(context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  clear(_context: ProcessWindowContext<W>): void {}
}

/** A ProcessWindowFunction as a subclass instance, an object literal, or a plain `process` function. */
export type ProcessWindowFunctionLike<IN, OUT, K, W extends Window> =
  | ProcessWindowFunction<IN, OUT, K, W>
  | ((key: K, context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>) => void)
  | {
      process(key: K, context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
      clear?(context: ProcessWindowContext<W>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };

/** A ProcessAllWindowFunction as a subclass instance, an object literal, or a plain `process` function. */
export type ProcessAllWindowFunctionLike<IN, OUT, W extends Window> =
  | ProcessAllWindowFunction<IN, OUT, W>
  | ((context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>) => void)
  | {
      process(context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
      clear?(context: ProcessWindowContext<W>): void;
      open?(ctx?: unknown): void;
      close?(): void;
    };
