// A bounded FIFO channel between two tasks on the same thread, with backpressure accounting.
import { StreamEvent } from "./stream-record.js";

/** Element kinds stored per slot. */
const KIND_RECORD = 0;
const KIND_RECORD_WITH_TS = 1;
const KIND_EVENT = 2;

/** What a channel tells its endpoints: the consumer that data arrived, the producer that it may continue. */
export interface ChannelEndpoint {
  /** Producer side: number of this producer's output channels currently at or above capacity. */
  fullOutputs: number;
  /** Called when the endpoint has something new to do (data to read, capacity to write). */
  wake(): void;
}

const UNCONNECTED: ChannelEndpoint = {
  fullOutputs: 0,
  wake(): void {
    throw new Error("channel used before both of its tasks were connected");
  },
};

/**
 * Single-producer single-consumer ring buffer of records and control events (values, timestamps and kinds in
 * parallel arrays, so a record costs no allocation). `capacity` is a soft bound: a push always succeeds, and the
 * producer counts the channel as full once it holds `capacity` elements — the scheduler then stops running the
 * producer until the consumer drains below the bound, which is how backpressure reaches the source.
 */
export class Channel {
  private values: unknown[];
  private timestamps: Float64Array;
  private kinds: Uint8Array;
  private mask: number;
  private head = 0;
  private tail = 0;
  size = 0;
  /** The record (or event) read last: its value/timestamp are in these fields after `poll()`. */
  polledValue: unknown = undefined;
  polledTimestamp = 0;
  polledHasTimestamp = false;

  /** The producing and consuming tasks; connected once both exist. */
  producer: ChannelEndpoint = UNCONNECTED;
  consumer: ChannelEndpoint = UNCONNECTED;

  constructor(readonly capacity: number) {
    let physical = 16;
    while (physical < capacity + 1) physical *= 2;
    this.values = new Array(physical);
    this.timestamps = new Float64Array(physical);
    this.kinds = new Uint8Array(physical);
    this.mask = physical - 1;
  }

  pushRecord(value: unknown, timestamp: number, hasTimestamp: boolean): void {
    if (this.size === this.mask + 1) this.grow();
    const t = this.tail;
    this.values[t] = value;
    this.timestamps[t] = timestamp;
    this.kinds[t] = hasTimestamp ? KIND_RECORD_WITH_TS : KIND_RECORD;
    this.tail = (t + 1) & this.mask;
    if (++this.size === this.capacity) this.producer.fullOutputs++;
    if (this.size === 1) this.consumer.wake();
  }

  pushEvent(event: StreamEvent): void {
    if (this.size === this.mask + 1) this.grow();
    const t = this.tail;
    this.values[t] = event;
    this.kinds[t] = KIND_EVENT;
    this.tail = (t + 1) & this.mask;
    if (++this.size === this.capacity) this.producer.fullOutputs++;
    if (this.size === 1) this.consumer.wake();
  }

  /**
   * Takes the oldest element into `polledValue`/`polledTimestamp`/`polledHasTimestamp`; returns the
   * event if it was a control event, or `null` for a record. Must only be called when `size > 0`.
   */
  poll(): StreamEvent | null {
    const h = this.head;
    const kind = this.kinds[h]!;
    const value = this.values[h];
    this.values[h] = undefined;
    this.head = (h + 1) & this.mask;
    if (this.size-- === this.capacity) {
      this.producer.fullOutputs--;
      this.producer.wake();
    }
    if (kind === KIND_EVENT) return value as StreamEvent;
    this.polledValue = value;
    this.polledTimestamp = this.timestamps[h]!;
    this.polledHasTimestamp = kind === KIND_RECORD_WITH_TS;
    return null;
  }

  /** Doubles the ring when a soft-bounded push overshoots the physical size. */
  private grow(): void {
    const n = this.mask + 1;
    const values = new Array(n * 2);
    const timestamps = new Float64Array(n * 2);
    const kinds = new Uint8Array(n * 2);
    for (let i = 0; i < n; i++) {
      const j = (this.head + i) & this.mask;
      values[i] = this.values[j];
      timestamps[i] = this.timestamps[j]!;
      kinds[i] = this.kinds[j]!;
    }
    this.values = values;
    this.timestamps = timestamps;
    this.kinds = kinds;
    this.head = 0;
    this.tail = n;
    this.mask = n * 2 - 1;
  }

  /** Drops everything buffered (cancellation / failover), releasing backpressure. */
  clear(): void {
    if (this.size >= this.capacity) this.producer.fullOutputs--;
    this.values.fill(undefined);
    this.head = this.tail = this.size = 0;
  }
}
