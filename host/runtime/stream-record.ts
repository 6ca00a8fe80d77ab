// Elements that flow through a job: records (reused, mutable wrappers) and in-band control events.

/**
 * A record and its event timestamp (Flink's StreamRecord). Operators reuse one instance per output: a record
 * object is only valid during the call it is passed to, so store `value`, never the wrapper.
 */
export class StreamRecord<T> {
  constructor(
    public value: T,
    public timestamp = 0,
    public hasTimestamp = false,
  ) {}
  /** Sets a new value, keeping the timestamp (Flink's `replace`); returns this wrapper retyped. */
  replace<R>(value: R): StreamRecord<R> {
    const self = this as unknown as StreamRecord<R>;
    self.value = value;
    return self;
  }
  /** Sets value and timestamp. */
  replaceWithTimestamp<R>(value: R, timestamp: number): StreamRecord<R> {
    const self = this as unknown as StreamRecord<R>;
    self.value = value;
    self.timestamp = timestamp;
    self.hasTimestamp = true;
    return self;
  }
  /** The timestamp, or `null` when the record has none. */
  getTimestamp(): number | null {
    return this.hasTimestamp ? this.timestamp : null;
  }
}

/** Base of control events carried in order with the records of a channel. */
export abstract class StreamEvent {
  abstract readonly type: "watermark" | "watermark-status" | "end-of-partition" | "barrier";
}

/** A watermark: no record with a timestamp at or below it should follow on this channel. */
export class WatermarkEvent extends StreamEvent {
  readonly type = "watermark" as const;
  constructor(readonly timestamp: number) {
    super();
  }
}

/** Marks a channel idle (excluded from the watermark minimum) or active again (Flink's WatermarkStatus). */
export class WatermarkStatusEvent extends StreamEvent {
  readonly type = "watermark-status" as const;
  static readonly IDLE = new WatermarkStatusEvent(true);
  static readonly ACTIVE = new WatermarkStatusEvent(false);
  private constructor(readonly idle: boolean) {
    super();
  }
}

/** The producer subtask of a channel has finished: nothing more will arrive on it. */
export class EndOfPartitionEvent extends StreamEvent {
  readonly type = "end-of-partition" as const;
  static readonly INSTANCE = new EndOfPartitionEvent();
  private constructor() {
    super();
  }
}
