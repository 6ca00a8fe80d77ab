// Output implementations: into the next chained operator (a direct call), into a record writer (channels),
// to several outputs, or nowhere (Flink's ChainingOutput, RecordWriterOutput, BroadcastingOutputCollector).
import type { OutputTag } from "../api/output-tag.js";
import { wrapOperatorError } from "./operator-error.js";
import type { Output } from "./output.js";
import type { RecordWriter } from "./record-writer.js";
import type { StreamOperator } from "./stream-operator.js";
import { StreamRecord, WatermarkEvent, WatermarkStatusEvent } from "./stream-record.js";

/**
 * Calls the next operator of the chain directly. The next operator gets its own reusable record wrapper, so an
 * operator that replaces the value of its input does not change what its siblings see. With `tag` set, this
 * output carries only that side output.
 */
export class ChainingOutput implements Output<unknown> {
  private readonly reuse = new StreamRecord<unknown>(undefined);
  constructor(
    private readonly operator: StreamOperator<unknown>,
    private readonly tag: OutputTag<unknown> | undefined,
    private readonly subtask: string,
  ) {}
  collect(record: StreamRecord<unknown>): void {
    if (this.tag === undefined) this.push(record);
  }
  collectSide<X>(tag: OutputTag<X>, record: StreamRecord<X>): void {
    if (this.tag !== undefined && this.tag.id === tag.id) this.push(record);
  }
  private push(record: StreamRecord<unknown>): void {
    const r = this.reuse;
    r.value = record.value;
    r.timestamp = record.timestamp;
    r.hasTimestamp = record.hasTimestamp;
    const op = this.operator;
    try {
      op.setKeyContextElement1(r);
      op.processElement!(r);
    } catch (e) {
      throw wrapOperatorError(e, op.name, this.subtask);
    }
  }
  emitWatermark(timestamp: number): void {
    try {
      this.operator.processWatermark(timestamp);
    } catch (e) {
      throw wrapOperatorError(e, this.operator.name, this.subtask);
    }
  }
  emitWatermarkStatus(idle: boolean): void {
    this.operator.processWatermarkStatus(idle, 1);
  }
}

/** Writes to the channels of a downstream task. With `tag` set, only that side output goes here. */
export class RecordWriterOutput implements Output<unknown> {
  constructor(
    readonly writer: RecordWriter,
    private readonly tag: OutputTag<unknown> | undefined,
  ) {}
  collect(record: StreamRecord<unknown>): void {
    if (this.tag === undefined) this.writer.emit(record);
  }
  collectSide<X>(tag: OutputTag<X>, record: StreamRecord<X>): void {
    if (this.tag !== undefined && this.tag.id === tag.id) this.writer.emit(record as StreamRecord<unknown>);
  }
  emitWatermark(timestamp: number): void {
    this.writer.broadcastEvent(new WatermarkEvent(timestamp));
  }
  emitWatermarkStatus(idle: boolean): void {
    this.writer.broadcastEvent(idle ? WatermarkStatusEvent.IDLE : WatermarkStatusEvent.ACTIVE);
  }
}

/** Fans out to several outputs (Flink's BroadcastingOutputCollector). */
export class BroadcastingOutput implements Output<unknown> {
  constructor(private readonly outputs: readonly Output<unknown>[]) {}
  collect(record: StreamRecord<unknown>): void {
    for (const o of this.outputs) o.collect(record);
  }
  collectSide<X>(tag: OutputTag<X>, record: StreamRecord<X>): void {
    for (const o of this.outputs) o.collectSide(tag, record);
  }
  emitWatermark(timestamp: number): void {
    for (const o of this.outputs) o.emitWatermark(timestamp);
  }
  emitWatermarkStatus(idle: boolean): void {
    for (const o of this.outputs) o.emitWatermarkStatus(idle);
  }
}

/** The output of an operator nothing consumes (sinks, unused side outputs). */
export const DISCARDING_OUTPUT: Output<unknown> = {
  collect(): void {},
  collectSide(): void {},
  emitWatermark(): void {},
  emitWatermarkStatus(): void {},
};

/** One output when there is one, a broadcasting output for several, a discarding one for none. */
export function combineOutputs(outputs: readonly Output<unknown>[]): Output<unknown> {
  if (outputs.length === 0) return DISCARDING_OUTPUT;
  if (outputs.length === 1) return outputs[0]!;
  return new BroadcastingOutput(outputs);
}
