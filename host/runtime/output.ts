// Where an operator sends records, side outputs and watermarks (Flink's Output).
import type { OutputTag } from "../api/output-tag.js";
import type { StreamRecord } from "./stream-record.js";

/**
 * An operator's output. `collect` passes the main output on; `collectSide` a side output record; the record
 * wrapper may be reused by the caller after the call returns.
 */
export interface Output<T> {
  collect(record: StreamRecord<T>): void;
  collectSide<X>(tag: OutputTag<X>, record: StreamRecord<X>): void;
  emitWatermark(timestamp: number): void;
  /** Marks this output idle (true) or active (false) for downstream watermark combination. */
  emitWatermarkStatus(idle: boolean): void;
}
