// Builds window operators from a WindowedStream's settings (Flink's WindowOperatorBuilder): picks the contents
// state (reducing, aggregating or list), the evicting or plain operator, and the built-in aggregation kernel.
import type { OutputTag } from "../../api/output-tag.js";
import { AggregatingStateDescriptor, type AggregateFunction, ListStateDescriptor, ReducingStateDescriptor, type State, type StateDescriptor } from "../../api/state.js";
import type { OperatorFactory } from "../../api/transformation.js";
import { SlidingEventTimeWindows } from "../../api/windowing/assigners/sliding-windows.js";
import { TumblingEventTimeWindows } from "../../api/windowing/assigners/tumbling-windows.js";
import type { Evictor } from "../../api/windowing/evictor.js";
import { NumericWindowAggregate } from "../../api/windowing/numeric-aggregates.js";
import type { TimeWindow } from "../../api/windowing/time-window.js";
import { type Trigger, type TriggerLike, toTrigger } from "../../api/windowing/trigger.js";
import { EventTimeTrigger } from "../../api/windowing/triggers/event-time-trigger.js";
import { MergingWindowAssigner, type WindowAssigner } from "../../api/windowing/window-assigner.js";
import type { Window } from "../../api/windowing/window.js";
import type { StreamOperator } from "../stream-operator.js";
import { EvictingWindowOperator } from "./evicting-window-operator.js";
import {
  InternalAggregateIterableWindowFunction,
  InternalIterableWindowFunction,
  InternalReduceIterableWindowFunction,
  InternalSingleValueWindowFunction,
  type InternalWindowFunction,
  type UserWindowFunction,
} from "./internal-window-functions.js";
import { getWindowAggregationKernel, type WindowAggregationKernelSpec } from "./window-aggregation-kernel.js";
import { WINDOW_CONTENTS_STATE, WindowOperator, type WindowOperatorConfig } from "./window-operator.js";

/** Creates the user window function adapter of one operator instance. */
export type UserWindowFunctionFactory<IN, OUT, K, W extends Window> = () => UserWindowFunction<IN, OUT, K, W>;

/** Window settings and operator creation, shared by WindowedStream, AllWindowedStream, joins and coGroup. */
export class WindowOperatorBuilder<IN, K, W extends Window> {
  private trigger: Trigger<IN, W>;
  private customTrigger = false;
  private evictor: Evictor<IN, W> | null = null;
  private allowedLateness = 0;
  private lateDataOutputTag: OutputTag<IN> | null = null;

  constructor(readonly assigner: WindowAssigner<IN, W>) {
    this.trigger = assigner.getDefaultTrigger();
  }

  setTrigger(trigger: TriggerLike<IN, W>): void {
    const t = toTrigger(trigger);
    if (this.assigner instanceof MergingWindowAssigner && !t.canMerge()) {
      throw new Error("A merging window assigner cannot be used with a trigger that does not support merging.");
    }
    this.trigger = t;
    this.customTrigger = true;
  }
  setEvictor(evictor: Evictor<IN, W>): void {
    if (evictor === null || typeof evictor !== "object" || typeof evictor.evictBefore !== "function" || typeof evictor.evictAfter !== "function") {
      throw new TypeError("an evictor must have evictBefore and evictAfter methods");
    }
    this.evictor = evictor;
  }
  setAllowedLateness(lateness: number): void {
    if (!(lateness >= 0)) throw new RangeError("The allowed lateness cannot be negative.");
    this.allowedLateness = lateness;
  }
  setLateDataOutputTag(tag: OutputTag<IN>): void {
    if (tag === null || tag === undefined) throw new TypeError("Side output tag must not be null.");
    this.lateDataOutputTag = tag;
  }
  getTrigger(): Trigger<IN, W> {
    return this.trigger;
  }

  /** Operator name in Flink's style: `Window(assigner, trigger, [evictor, ] function)`. */
  describe(functionName: string): string {
    const evictor = this.evictor === null ? "" : `${this.evictor.constructor.name}, `;
    return `${this.evictor === null ? "" : "Evicting"}Window(${String(this.assigner)}, ${this.trigger.constructor.name}, ${evictor}${functionName})`;
  }

  /** Incremental reduce; the window function sees the single reduced value. */
  reduce<OUT>(reduce: (a: IN, b: IN) => IN, user: UserWindowFunctionFactory<IN, OUT, K, W>): OperatorFactory {
    if (this.evictor !== null) {
      return this.build<Iterable<IN>, OUT>(this.evictingContents(), () => new InternalReduceIterableWindowFunction<IN, OUT, K, W>(reduce, user()));
    }
    return this.build<IN, OUT>(
      () => new ReducingStateDescriptor<IN>(WINDOW_CONTENTS_STATE, reduce) as unknown as StateDescriptor<State, unknown>,
      () => new InternalSingleValueWindowFunction<IN, OUT, K, W>(user()),
    );
  }

  /** Incremental aggregate; the window function sees `getResult(acc)`. */
  aggregate<ACC, R, OUT>(aggregate: AggregateFunction<IN, ACC, R>, user: UserWindowFunctionFactory<R, OUT, K, W>): OperatorFactory {
    if (this.evictor !== null) {
      return this.build<Iterable<IN>, OUT>(this.evictingContents(), () => new InternalAggregateIterableWindowFunction<IN, ACC, R, OUT, K, W>(aggregate, user()));
    }
    const jsFactory = this.build<R, OUT>(
      () => new AggregatingStateDescriptor<IN, ACC, R>(WINDOW_CONTENTS_STATE, aggregate) as unknown as StateDescriptor<State, unknown>,
      () => new InternalSingleValueWindowFunction<R, OUT, K, W>(user()),
    );
    const kernelSpec = this.kernelSpec(aggregate);
    if (kernelSpec === null) return jsFactory;
    return () => {
      const kernel = getWindowAggregationKernel();
      const op =
        kernel?.createOperator({
          ...kernelSpec,
          windowFunction: new InternalSingleValueWindowFunction<R, OUT, K, W>(user()) as unknown as InternalWindowFunction<unknown, unknown, unknown, TimeWindow>,
        }) ?? null;
      return op ?? jsFactory();
    };
  }

  /** All elements are kept; the window function sees them all (`apply` / `process`). */
  process<OUT>(user: UserWindowFunctionFactory<IN, OUT, K, W>): OperatorFactory {
    if (this.evictor !== null) return this.build<Iterable<IN>, OUT>(this.evictingContents(), () => new InternalIterableWindowFunction<IN, OUT, K, W>(user()));
    return this.build<Iterable<IN>, OUT>(
      () => new ListStateDescriptor<IN>(WINDOW_CONTENTS_STATE) as unknown as StateDescriptor<State, unknown>,
      () => new InternalIterableWindowFunction<IN, OUT, K, W>(user()),
    );
  }

  /** Whether a built-in aggregation may run on a kernel: exactly the cases a kernel reproduces (see the spec). */
  private kernelSpec(aggregate: AggregateFunction<IN, unknown, unknown>): Omit<WindowAggregationKernelSpec, "windowFunction"> | null {
    if (!(aggregate instanceof NumericWindowAggregate)) return null;
    if (this.evictor !== null || this.allowedLateness !== 0 || this.lateDataOutputTag !== null) return null;
    if (this.customTrigger && this.trigger !== (EventTimeTrigger.create() as unknown)) return null;
    const a = this.assigner as unknown;
    if (a instanceof TumblingEventTimeWindows) return { aggregate, size: a.size, slide: a.size, offset: a.offset };
    if (a instanceof SlidingEventTimeWindows) return { aggregate, size: a.size, slide: a.slide, offset: a.offset };
    return null;
  }

  private evictingContents(): () => StateDescriptor<State, unknown> {
    return () => new ListStateDescriptor<unknown>(WINDOW_CONTENTS_STATE) as unknown as StateDescriptor<State, unknown>;
  }

  private build<ACC, OUT>(
    descriptor: () => StateDescriptor<State, unknown>,
    fn: () => InternalWindowFunction<ACC, OUT, K, W>,
  ): OperatorFactory {
    const { assigner, trigger, evictor, allowedLateness, lateDataOutputTag } = this;
    return (): StreamOperator<unknown> => {
      const config: WindowOperatorConfig<IN, ACC, OUT, K, W> = {
        assigner,
        trigger,
        windowStateDescriptor: descriptor(),
        windowFunction: fn(),
        allowedLateness,
        lateDataOutputTag,
      };
      if (evictor !== null) {
        return new EvictingWindowOperator<K, IN, OUT, W>(config as unknown as WindowOperatorConfig<IN, Iterable<IN>, OUT, K, W>, evictor) as StreamOperator<unknown>;
      }
      return new WindowOperator<K, IN, ACC, OUT, W>(config) as StreamOperator<unknown>;
    };
  }
}
