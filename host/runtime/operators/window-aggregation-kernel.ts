// The seam between built-in numeric window aggregations and a native window aggregation kernel (the Wasm
// pane-based kernel of core-wasm/window.ts). Without an installed kernel, or when it declines, built-in
// aggregations run in the JS WindowOperator as ordinary AggregateFunctions.
import type { NumericWindowAggregate } from "../../api/windowing/numeric-aggregates.js";
import type { TimeWindow } from "../../api/windowing/time-window.js";
import type { StreamOperator } from "../stream-operator.js";
import type { InternalWindowFunction } from "./internal-window-functions.js";

/**
 * A built-in aggregation on windows a kernel can compute exactly as Flink's WindowOperator would: event-time
 * tumbling (`slide === size`) or sliding windows, `EventTimeTrigger`, no evictor, no allowed lateness, no late
 * side output. So: a window fires once, when the watermark reaches `end - 1`, with the aggregate of its
 * elements; an element whose every window has `end - 1 <= watermark` is dropped and counted in the
 * `numLateRecordsDropped` metric; results carry the timestamp `end - 1`.
 */
export interface WindowAggregationKernelSpec {
  /** count / sum / min / max / avg / stats of one numeric field; its accumulator is `[count, sum, min, max]`. */
  readonly aggregate: NumericWindowAggregate<unknown, unknown>;
  readonly size: number;
  readonly slide: number;
  readonly offset: number;
  /**
   * Emits one window result: call `process(key, window, context, aggregate.getResult(acc), out)`. It is the
   * pass-through function or the user's window function; the operator opens and closes it.
   */
  readonly windowFunction: InternalWindowFunction<unknown, unknown, unknown, TimeWindow>;
}

/** Creates kernel-backed window operators. */
export interface WindowAggregationKernelProvider {
  readonly name: string;
  /**
   * A keyed one-input operator computing `spec`, or `null` to decline (the JS WindowOperator runs it then).
   * Called once per parallel subtask when the job is deployed. Its state must be part of its snapshots.
   */
  createOperator(spec: WindowAggregationKernelSpec): StreamOperator<unknown> | null;
}

let installed: WindowAggregationKernelProvider | null = null;

/**
 * Installs the native window aggregation kernel (`null` uninstalls). Jobs deployed afterwards run eligible
 * built-in window aggregations on it.
 *
 * @example
 * installWindowAggregationKernel({ name: "wasm", createOperator: (spec) => new WasmWindowAggregateOperator(spec) });
 */
export function installWindowAggregationKernel(provider: WindowAggregationKernelProvider | null): void {
  installed = provider;
}

/** The installed kernel, if any. */
export function getWindowAggregationKernel(): WindowAggregationKernelProvider | null {
  return installed;
}
