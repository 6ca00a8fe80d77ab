// A Collector that emits values with the timestamp of the record being processed (Flink's TimestampedCollector).
import type { Collector } from "../api/functions.js";
import type { Output } from "./output.js";
import { StreamRecord } from "./stream-record.js";

export class TimestampedCollector<T> implements Collector<T> {
  private readonly reuse = new StreamRecord<T>(undefined as T);
  constructor(private readonly output: Output<T>) {}
  collect(value: T): void {
    this.output.collect(this.reuse.replace(value));
  }
  setTimestamp(record: StreamRecord<unknown>): void {
    this.reuse.timestamp = record.timestamp;
    this.reuse.hasTimestamp = record.hasTimestamp;
  }
  setAbsoluteTimestamp(timestamp: number): void {
    this.reuse.timestamp = timestamp;
    this.reuse.hasTimestamp = true;
  }
  eraseTimestamp(): void {
    this.reuse.hasTimestamp = false;
  }
  /** Emits every item of an iterable a flat-map style function returned. */
  collectAll(items: void | Iterable<T>): void {
    if (items === undefined || items === null) return;
    for (const item of items) this.collect(item);
  }
}
