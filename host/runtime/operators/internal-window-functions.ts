// Adapters between the window operator and user window functions (Flink's InternalWindowFunction family:
// InternalSingleValue*/InternalIterable* window functions, PassThroughWindowFunction, ReduceApply*,
// AggregateApply*). Each adapter is created once per operator instance; nothing here allocates closures per
// record.
import { bindUserFunction, closeFunction, instantiateFunction, openFunction } from "../../api/function-utils.js";
import type { Collector } from "../../api/functions.js";
import type { OutputTag } from "../../api/output-tag.js";
import type { RuntimeContext } from "../../api/runtime-context.js";
import type { AggregateFunction } from "../../api/state.js";
import type { Window } from "../../api/windowing/window.js";
import type {
  AllWindowFunction,
  KeyedStateStore,
  ProcessAllWindowFunctionLike,
  ProcessWindowContext,
  ProcessWindowFunctionLike,
  WindowFunction,
} from "../../api/windowing/window-functions.js";

/** What the window operator offers a window function while it evaluates a window (Flink's InternalWindowContext). */
export interface InternalWindowContext {
  currentProcessingTime(): number;
  currentWatermark(): number;
  windowState(): KeyedStateStore;
  globalState(): KeyedStateStore;
  output<X>(tag: OutputTag<X>, value: X): void;
}

/**
 * How the window operator calls the window function (Flink's `InternalWindowFunction`): `input` is the window
 * state's contents, a single pre-aggregated value or the elements.
 */
export interface InternalWindowFunction<IN, OUT, K, W extends Window> {
  process(key: K, window: W, context: InternalWindowContext, input: IN, out: Collector<OUT>): void;
  clear(window: W, context: InternalWindowContext): void;
  open(runtimeContext: RuntimeContext): void;
  close(): void;
}

/** A user window function of any shape, called uniformly with key, window, context and elements. */
export abstract class UserWindowFunction<IN, OUT, K, W extends Window> {
  abstract call(key: K, window: W, context: InternalWindowContext, elements: Iterable<IN>, out: Collector<OUT>): void;
  clear(_window: W, _context: InternalWindowContext): void {}
  open(_runtimeContext: RuntimeContext): void {}
  close(): void {}
}

/** The user-facing context of process window functions; one per operator, re-pointed for each call. */
class ProcessWindowContextImpl<W extends Window> implements ProcessWindowContext<W> {
  w!: W;
  ctx!: InternalWindowContext;
  window(): W {
    return this.w;
  }
  currentProcessingTime(): number {
    return this.ctx.currentProcessingTime();
  }
  currentWatermark(): number {
    return this.ctx.currentWatermark();
  }
  windowState(): KeyedStateStore {
    return this.ctx.windowState();
  }
  globalState(): KeyedStateStore {
    return this.ctx.globalState();
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    this.ctx.output(tag, value);
  }
}

/** Emits the elements as they are (Flink's PassThroughWindowFunction). */
export class PassThroughWindowFunction<T, K, W extends Window> extends UserWindowFunction<T, T, K, W> {
  call(_key: K, _window: W, _context: InternalWindowContext, elements: Iterable<T>, out: Collector<T>): void {
    for (const e of elements) out.collect(e);
  }
}

/** A `WindowFunction` (keyed `apply`). */
export class WindowFunctionAdapter<IN, OUT, K, W extends Window> extends UserWindowFunction<IN, OUT, K, W> {
  private readonly fn: WindowFunction<IN, OUT, K, W>;
  private readonly apply: (key: K, window: W, input: Iterable<IN>, out: Collector<OUT>) => void;
  constructor(fn: WindowFunction<IN, OUT, K, W>) {
    super();
    this.fn = instantiateFunction(fn);
    this.apply = bindUserFunction(this.fn, "apply", "the window function");
  }
  call(key: K, window: W, _context: InternalWindowContext, elements: Iterable<IN>, out: Collector<OUT>): void {
    this.apply(key, window, elements, out);
  }
  override open(rc: RuntimeContext): void {
    openFunction(this.fn, rc);
  }
  override close(): void {
    closeFunction(this.fn);
  }
}

/** An `AllWindowFunction` (windowAll `apply`): the constant key is dropped. */
export class AllWindowFunctionAdapter<IN, OUT, W extends Window> extends UserWindowFunction<IN, OUT, unknown, W> {
  private readonly fn: AllWindowFunction<IN, OUT, W>;
  private readonly apply: (window: W, input: Iterable<IN>, out: Collector<OUT>) => void;
  constructor(fn: AllWindowFunction<IN, OUT, W>) {
    super();
    this.fn = instantiateFunction(fn);
    this.apply = bindUserFunction(this.fn, "apply", "the all-window function");
  }
  call(_key: unknown, window: W, _context: InternalWindowContext, elements: Iterable<IN>, out: Collector<OUT>): void {
    this.apply(window, elements, out);
  }
  override open(rc: RuntimeContext): void {
    openFunction(this.fn, rc);
  }
  override close(): void {
    closeFunction(this.fn);
  }
}

/**
 * What the process window function adapters share: the user function, its reused context, the optional
 * `clear(context)` and the rich-function lifecycle.
 */
abstract class ProcessWindowAdapterBase<F extends object | ((...args: never[]) => unknown), IN, OUT, K, W extends Window>
  extends UserWindowFunction<IN, OUT, K, W> {
  protected readonly fn: F;
  protected readonly ctx = new ProcessWindowContextImpl<W>();
  constructor(fn: F) {
    super();
    this.fn = instantiateFunction(fn);
  }
  /** Points the reused context at `window` and returns it. */
  protected contextFor(window: W, context: InternalWindowContext): ProcessWindowContext<W> {
    this.ctx.w = window;
    this.ctx.ctx = context;
    return this.ctx;
  }
  override clear(window: W, context: InternalWindowContext): void {
    const f = this.fn as { clear?: (ctx: ProcessWindowContext<W>) => void };
    if (typeof f === "object" && typeof f.clear === "function") f.clear(this.contextFor(window, context));
  }
  override open(rc: RuntimeContext): void {
    openFunction(this.fn, rc);
  }
  override close(): void {
    closeFunction(this.fn);
  }
}

/** A `ProcessWindowFunction`, with its context and `clear`. */
export class ProcessWindowFunctionAdapter<IN, OUT, K, W extends Window>
  extends ProcessWindowAdapterBase<ProcessWindowFunctionLike<IN, OUT, K, W>, IN, OUT, K, W> {
  private readonly process: (key: K, ctx: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>) => void;
  constructor(fn: ProcessWindowFunctionLike<IN, OUT, K, W>) {
    super(fn);
    this.process = bindUserFunction(this.fn, "process", "the process window function");
  }
  call(key: K, window: W, context: InternalWindowContext, elements: Iterable<IN>, out: Collector<OUT>): void {
    this.process(key, this.contextFor(window, context), elements, out);
  }
}

/** A `ProcessAllWindowFunction`: the constant key is dropped. */
export class ProcessAllWindowFunctionAdapter<IN, OUT, W extends Window>
  extends ProcessWindowAdapterBase<ProcessAllWindowFunctionLike<IN, OUT, W>, IN, OUT, unknown, W> {
  private readonly process: (ctx: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>) => void;
  constructor(fn: ProcessAllWindowFunctionLike<IN, OUT, W>) {
    super(fn);
    this.process = bindUserFunction(this.fn, "process", "the process all-window function");
  }
  call(_key: unknown, window: W, context: InternalWindowContext, elements: Iterable<IN>, out: Collector<OUT>): void {
    this.process(this.contextFor(window, context), elements, out);
  }
}

/** Base of the internal functions that delegate lifecycle to a user window function. */
abstract class DelegatingInternalFunction<IN, MID, OUT, K, W extends Window> implements InternalWindowFunction<IN, OUT, K, W> {
  constructor(protected readonly user: UserWindowFunction<MID, OUT, K, W>) {}
  abstract process(key: K, window: W, context: InternalWindowContext, input: IN, out: Collector<OUT>): void;
  clear(window: W, context: InternalWindowContext): void {
    this.user.clear(window, context);
  }
  open(rc: RuntimeContext): void {
    this.user.open(rc);
  }
  close(): void {
    this.user.close();
  }
}

/** Window state holds one pre-aggregated value (reduce / aggregate): the function sees it as a one-element list. */
export class InternalSingleValueWindowFunction<T, OUT, K, W extends Window> extends DelegatingInternalFunction<T, T, OUT, K, W> {
  private readonly passThrough: boolean;
  constructor(user: UserWindowFunction<T, OUT, K, W>) {
    super(user);
    this.passThrough = user instanceof PassThroughWindowFunction;
  }
  process(key: K, window: W, context: InternalWindowContext, input: T, out: Collector<OUT>): void {
    if (this.passThrough) (out as unknown as Collector<T>).collect(input);
    else this.user.call(key, window, context, [input], out);
  }
}

/** Window state holds all elements (apply / process). */
export class InternalIterableWindowFunction<T, OUT, K, W extends Window> extends DelegatingInternalFunction<Iterable<T>, T, OUT, K, W> {
  process(key: K, window: W, context: InternalWindowContext, input: Iterable<T>, out: Collector<OUT>): void {
    this.user.call(key, window, context, input, out);
  }
}

/**
 * Reduces the (evicted) elements, then calls the window function with the result (Flink's
 * ReduceApplyWindowFunction, used with evictors). A window evicted to nothing emits nothing (Flink would pass
 * `null` on).
 */
export class InternalReduceIterableWindowFunction<T, OUT, K, W extends Window> extends DelegatingInternalFunction<Iterable<T>, T, OUT, K, W> {
  private readonly single: InternalSingleValueWindowFunction<T, OUT, K, W>;
  constructor(
    private readonly reduce: (a: T, b: T) => T,
    user: UserWindowFunction<T, OUT, K, W>,
  ) {
    super(user);
    this.single = new InternalSingleValueWindowFunction(user);
  }
  process(key: K, window: W, context: InternalWindowContext, input: Iterable<T>, out: Collector<OUT>): void {
    let first = true;
    let acc: T | undefined;
    for (const v of input) {
      acc = first ? v : this.reduce(acc as T, v);
      first = false;
    }
    if (!first) this.single.process(key, window, context, acc as T, out);
  }
}

/** Aggregates the (evicted) elements, then calls the window function with the result (Flink's AggregateApply*). */
export class InternalAggregateIterableWindowFunction<T, ACC, R, OUT, K, W extends Window> extends DelegatingInternalFunction<
  Iterable<T>,
  R,
  OUT,
  K,
  W
> {
  private readonly single: InternalSingleValueWindowFunction<R, OUT, K, W>;
  constructor(
    private readonly aggregate: AggregateFunction<T, ACC, R>,
    user: UserWindowFunction<R, OUT, K, W>,
  ) {
    super(user);
    this.single = new InternalSingleValueWindowFunction(user);
  }
  process(key: K, window: W, context: InternalWindowContext, input: Iterable<T>, out: Collector<OUT>): void {
    let acc = this.aggregate.createAccumulator();
    for (const v of input) acc = this.aggregate.add(v, acc);
    this.single.process(key, window, context, this.aggregate.getResult(acc), out);
  }
}
