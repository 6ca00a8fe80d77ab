// The function of an interval join (Flink's ProcessJoinFunction and its Context).
import { AbstractRichFunction, type Collector } from "./functions.js";
import type { OutputTag } from "./output-tag.js";

/** Context of one joined pair (Flink's `ProcessJoinFunction.Context`). */
export interface ProcessJoinContext {
  /** Timestamp of the left element. */
  getLeftTimestamp(): number;
  /** Timestamp of the right element. */
  getRightTimestamp(): number;
  /** Timestamp of the result: the larger of the two. */
  getTimestamp(): number;
  /** Emits to a side output with the result timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/**
 * Flink's `ProcessJoinFunction`: called for every pair `(left, right)` of an interval join with
 * `left.ts + lower <= right.ts <= left.ts + upper`. Results carry `max(left.ts, right.ts)`.
 *
 * @example
 * orders.keyBy((o) => o.user).intervalJoin(clicks.keyBy((c) => c.user)).between(-600_000, 300_000)
 *   .process({ processElement(order, click, ctx, out) { out.collect(`${order.id} <- ${click.url}`); } });
 */
export abstract class ProcessJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement(left: IN1, right: IN2, ctx: ProcessJoinContext, out: Collector<OUT>): void;
}

/** A ProcessJoinFunction as a subclass instance, an object literal, or a plain function. */
export type ProcessJoinFunctionLike<IN1, IN2, OUT> =
  | ProcessJoinFunction<IN1, IN2, OUT>
  | ((left: IN1, right: IN2, ctx: ProcessJoinContext, out: Collector<OUT>) => void)
  | { processElement(left: IN1, right: IN2, ctx: ProcessJoinContext, out: Collector<OUT>): void; open?(ctx?: unknown): void; close?(): void };
