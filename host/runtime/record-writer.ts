// Writes one operator's output to the channels of a downstream task type (Flink's RecordWriter).
import type { Channel } from "./channel.js";
import type { StreamPartitioner } from "./partitioners.js";
import type { StreamEvent, StreamRecord } from "./stream-record.js";

export class RecordWriter {
  recordsOut = 0;
  constructor(
    readonly channels: readonly Channel[],
    readonly partitioner: StreamPartitioner,
  ) {}
  emit(record: StreamRecord<unknown>): void {
    this.recordsOut++;
    const { value, timestamp, hasTimestamp } = record;
    if (this.partitioner.isBroadcast) {
      for (const c of this.channels) c.pushRecord(value, timestamp, hasTimestamp);
      return;
    }
    this.channels[this.partitioner.selectChannel(value)]!.pushRecord(value, timestamp, hasTimestamp);
  }
  broadcastEvent(event: StreamEvent): void {
    for (const c of this.channels) c.pushEvent(event);
  }
}
