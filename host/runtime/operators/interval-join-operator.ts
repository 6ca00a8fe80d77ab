// Joins two keyed streams on time intervals: every left element with every right element of the same key
// whose timestamp is in [left.ts + lower, left.ts + upper] (Flink's IntervalJoinOperator). Both buffers are
// keyed MapState (timestamp -> elements), cleaned by event-time timers once the watermark passes the bound.
import { bindUserFunction } from "../../api/function-utils.js";
import type { Collector } from "../../api/functions.js";
import type { OutputTag } from "../../api/output-tag.js";
import type { ProcessJoinContext, ProcessJoinFunctionLike } from "../../api/process-join-function.js";
import { type MapState, MapStateDescriptor } from "../../api/state.js";
import { VOID_NAMESPACE } from "../../state/keyed-state-backend.js";
import { AbstractUdfStreamOperator } from "./abstract-udf-stream-operator.js";
import { StreamRecord } from "../stream-record.js";
import type { InternalTimer, InternalTimerService, Triggerable } from "../timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";

const LEFT_BUFFER = "LEFT_BUFFER";
const RIGHT_BUFFER = "RIGHT_BUFFER";
const CLEANUP_NAMESPACE_LEFT = "CLEANUP_LEFT";
const CLEANUP_NAMESPACE_RIGHT = "CLEANUP_RIGHT";

/** A buffered element and whether it has been joined (Flink's BufferEntry). */
type BufferEntry<T> = [element: T, hasBeenJoined: boolean];

/** Interval bounds after applying exclusiveness (Flink adds/subtracts 1 ms for exclusive bounds). */
export function effectiveIntervalBounds(lower: number, upper: number, lowerInclusive: boolean, upperInclusive: boolean): [number, number] {
  const lo = lowerInclusive ? lower : lower + 1;
  const hi = upperInclusive ? upper : upper - 1;
  if (!(lo <= hi)) throw new RangeError("lowerBound <= upperBound must be fulfilled");
  return [lo, hi];
}

class JoinContext implements ProcessJoinContext {
  left = 0;
  right = 0;
  result = 0;
  constructor(private readonly out: { collectSide<X>(tag: OutputTag<X>, r: StreamRecord<X>): void }) {}
  getLeftTimestamp(): number {
    return this.left;
  }
  getRightTimestamp(): number {
    return this.right;
  }
  getTimestamp(): number {
    return this.result;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) throw new TypeError("OutputTag must not be null");
    this.out.collectSide(tag, new StreamRecord(value, this.result, true));
  }
}

/**
 * Flink's `IntervalJoinOperator`. An element that arrives with `timestamp < watermark` is late: it goes to the
 * late side output of its side when one is set, else it is dropped. Otherwise it is buffered, joined with the
 * other side's buffered elements in range, and a cleanup timer is registered at
 * `ts + relativeUpperBound` (or `ts` when that bound is not positive).
 */
export class IntervalJoinOperator<K, T1, T2, OUT>
  extends AbstractUdfStreamOperator<OUT, ProcessJoinFunctionLike<T1, T2, OUT>>
  implements Triggerable
{
  // --- configuration ---
  private readonly lowerBound: number;
  private readonly upperBound: number;
  // --- transient ---
  private leftBuffer!: MapState<number, BufferEntry<T1>[]>;
  private rightBuffer!: MapState<number, BufferEntry<T2>[]>;
  private timerService!: InternalTimerService;
  private collector!: TimestampedCollector<OUT>;
  private context!: JoinContext;
  private call!: (left: T1, right: T2, ctx: ProcessJoinContext, out: Collector<OUT>) => void;

  constructor(
    lowerBound: number,
    upperBound: number,
    lowerBoundInclusive: boolean,
    upperBoundInclusive: boolean,
    private readonly leftLateDataOutputTag: OutputTag<T1> | null,
    private readonly rightLateDataOutputTag: OutputTag<T2> | null,
    fn: ProcessJoinFunctionLike<T1, T2, OUT>,
  ) {
    super(fn);
    [this.lowerBound, this.upperBound] = effectiveIntervalBounds(lowerBound, upperBound, lowerBoundInclusive, upperBoundInclusive);
  }

  override open(): void {
    super.open();
    const backend = this.keyedStateBackend;
    if (backend === undefined) throw new Error("an interval join needs two keyed inputs");
    this.leftBuffer = backend.getPartitionedState(VOID_NAMESPACE, new MapStateDescriptor<number, BufferEntry<T1>[]>(LEFT_BUFFER));
    this.rightBuffer = backend.getPartitionedState(VOID_NAMESPACE, new MapStateDescriptor<number, BufferEntry<T2>[]>(RIGHT_BUFFER));
    this.timerService = this.getInternalTimerService("IntervalJoinOperator", this);
    this.collector = new TimestampedCollector(this.output);
    this.context = new JoinContext(this.output);
    this.call = bindUserFunction(this.userFunction, "processElement", "the process join function");
  }

  processElement1(record: StreamRecord<T1>): void {
    this.processOne<T1, T2>(record, this.leftBuffer, this.rightBuffer, this.lowerBound, this.upperBound, true);
  }
  processElement2(record: StreamRecord<T2>): void {
    this.processOne<T2, T1>(record, this.rightBuffer, this.leftBuffer, -this.upperBound, -this.lowerBound, false);
  }

  private processOne<THIS, OTHER>(
    record: StreamRecord<THIS>,
    ourBuffer: MapState<number, BufferEntry<THIS>[]>,
    otherBuffer: MapState<number, BufferEntry<OTHER>[]>,
    relativeLowerBound: number,
    relativeUpperBound: number,
    isLeft: boolean,
  ): void {
    const ourValue = record.value;
    if (!record.hasTimestamp) {
      throw new Error("Long.MIN_VALUE timestamp: Elements used in interval stream joins need to have timestamps meaningful timestamps.");
    }
    const ourTimestamp = record.timestamp;
    if (ourTimestamp < this.timerService.getCurrentWatermark()) {
      const tag = (isLeft ? this.leftLateDataOutputTag : this.rightLateDataOutputTag) as OutputTag<THIS> | null;
      if (tag !== null) this.output.collectSide(tag, new StreamRecord(ourValue, ourTimestamp, true));
      return;
    }
    const bucket = ourBuffer.get(ourTimestamp);
    if (bucket === null) ourBuffer.put(ourTimestamp, [[ourValue, false]]);
    else {
      bucket.push([ourValue, false]);
      ourBuffer.put(ourTimestamp, bucket);
    }
    for (const [timestamp, entries] of otherBuffer.entries()) {
      if (timestamp < ourTimestamp + relativeLowerBound || timestamp > ourTimestamp + relativeUpperBound) continue;
      for (const entry of entries) {
        if (isLeft) this.collect(ourValue as unknown as T1, entry[0] as unknown as T2, ourTimestamp, timestamp);
        else this.collect(entry[0] as unknown as T1, ourValue as unknown as T2, timestamp, ourTimestamp);
      }
    }
    const cleanupTime = relativeUpperBound > 0 ? ourTimestamp + relativeUpperBound : ourTimestamp;
    this.timerService.registerEventTimeTimer(isLeft ? CLEANUP_NAMESPACE_LEFT : CLEANUP_NAMESPACE_RIGHT, cleanupTime);
  }

  private collect(left: T1, right: T2, leftTimestamp: number, rightTimestamp: number): void {
    const resultTimestamp = Math.max(leftTimestamp, rightTimestamp);
    this.collector.setAbsoluteTimestamp(resultTimestamp);
    const ctx = this.context;
    ctx.left = leftTimestamp;
    ctx.right = rightTimestamp;
    ctx.result = resultTimestamp;
    this.call(left, right, ctx, this.collector);
  }

  onEventTime(timer: InternalTimer): void {
    const t = timer.timestamp;
    if (timer.namespace === CLEANUP_NAMESPACE_LEFT) {
      this.leftBuffer.remove(this.upperBound <= 0 ? t : t - this.upperBound);
    } else if (timer.namespace === CLEANUP_NAMESPACE_RIGHT) {
      this.rightBuffer.remove(this.lowerBound <= 0 ? t + this.lowerBound : t);
    } else {
      throw new Error(`Invalid namespace '${String(timer.namespace)}'.`);
    }
  }
  onProcessingTime(): void {
    // Interval joins run in event time only (as Flink).
  }

  /** Buffered timestamps of the current key (tests). */
  bufferedTimestamps(): { left: number[]; right: number[] } {
    return { left: Array.from(this.leftBuffer.keys()), right: Array.from(this.rightBuffer.keys()) };
  }
}
