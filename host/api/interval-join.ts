// Interval joins of two keyed streams (Flink's KeyedStream.IntervalJoin and IntervalJoined).
import type { DataStream, KeyedStream } from "./datastream.js";
import type { OutputTag } from "./output-tag.js";
import type { ProcessJoinFunctionLike } from "./process-join-function.js";
import { effectiveIntervalBounds, IntervalJoinOperator } from "../runtime/operators/interval-join-operator.js";

/**
 * The first step of an interval join (Flink's `KeyedStream.IntervalJoin`): `between(lower, upper)` sets the
 * interval relative to each left element. Only event time is supported, as in Flink.
 *
 * @example
 * orders.keyBy((o) => o.user).intervalJoin(views.keyBy((v) => v.user))
 *   .between(Time.minutes(-10), Time.minutes(5))
 *   .process((order, view, ctx, out) => out.collect(`${order.id}: ${view.url}`));
 */
export class IntervalJoin<T1, T2, K> {
  private eventTime = true;
  constructor(
    readonly left: KeyedStream<T1, K>,
    readonly right: KeyedStream<T2, K>,
  ) {}
  inEventTime(): this {
    this.eventTime = true;
    return this;
  }
  inProcessingTime(): this {
    this.eventTime = false;
    return this;
  }
  /** Joins `left` with `right` when `left.ts + lower <= right.ts <= left.ts + upper` (both bounds inclusive). */
  between(lowerBound: number, upperBound: number): IntervalJoined<T1, T2, K> {
    if (!this.eventTime) throw new Error("Time-bounded stream joins are only supported in event time");
    if (typeof lowerBound !== "number" || typeof upperBound !== "number") throw new TypeError("interval bounds must be numbers (ms)");
    return new IntervalJoined(this.left, this.right, lowerBound, upperBound);
  }
}

/** An interval join with its bounds (Flink's `IntervalJoined`). */
export class IntervalJoined<T1, T2, K> {
  private lowerInclusive = true;
  private upperInclusive = true;
  private leftLateTag: OutputTag<T1> | null = null;
  private rightLateTag: OutputTag<T2> | null = null;
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
    private readonly lowerBound: number,
    private readonly upperBound: number,
  ) {}
  /** The lower bound is exclusive: `left.ts + lower < right.ts`. */
  lowerBoundExclusive(): this {
    this.lowerInclusive = false;
    return this;
  }
  /** The upper bound is exclusive: `right.ts < left.ts + upper`. */
  upperBoundExclusive(): this {
    this.upperInclusive = false;
    return this;
  }
  /** Left elements that arrive behind the watermark go to `tag` (Flink 1.17+). */
  sideOutputLeftLateData(tag: OutputTag<T1>): this {
    this.leftLateTag = tag;
    return this;
  }
  /** Right elements that arrive behind the watermark go to `tag` (Flink 1.17+). */
  sideOutputRightLateData(tag: OutputTag<T2>): this {
    this.rightLateTag = tag;
    return this;
  }
  /** Calls `fn` for every joined pair. */
  process<R>(fn: ProcessJoinFunctionLike<T1, T2, R>): DataStream<R> {
    effectiveIntervalBounds(this.lowerBound, this.upperBound, this.lowerInclusive, this.upperInclusive);
    const { lowerBound, upperBound, lowerInclusive, upperInclusive, leftLateTag, rightLateTag } = this;
    return this.left
      .connect(this.right)
      .transform<R>(
        "Interval Join",
        () => new IntervalJoinOperator<K, T1, T2, R>(lowerBound, upperBound, lowerInclusive, upperInclusive, leftLateTag, rightLateTag, fn),
      );
  }
}
