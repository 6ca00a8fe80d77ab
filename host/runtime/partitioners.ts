// Stream partitioners: which downstream channel a record goes to (Flink's StreamPartitioner family).
import { bindUserFunction } from "../api/function-utils.js";
import type { Partitioner } from "../api/functions.js";
import { assignToKeyGroup, computeOperatorIndexForKeyGroup } from "../state/key-groups.js";
import { checkKeyNotNull } from "../state/key-identity.js";

/** Picks the output channel of each record; `setup` gives it the number of channels and the sender's index. */
export abstract class StreamPartitioner {
  /** The ship strategy name Flink prints in execution plans. */
  abstract readonly name: string;
  /** Broadcasting partitioners send every record to every channel. */
  readonly isBroadcast: boolean = false;
  /** Pointwise partitioners connect a sender to a subset of receivers (forward, rescale). */
  readonly isPointwise: boolean = false;
  protected numberOfChannels = 1;
  setup(numberOfChannels: number, _senderIndex: number): void {
    this.numberOfChannels = numberOfChannels;
  }
  abstract selectChannel(value: unknown): number;
  /** A fresh instance for another sender subtask (partitioners keep per-sender state such as a cursor). */
  abstract copy(): StreamPartitioner;
  toString(): string {
    return this.name;
  }
}

/** Sends to the receiver with the same index; requires equal parallelism (Flink's ForwardPartitioner). */
export class ForwardPartitioner extends StreamPartitioner {
  readonly name = "FORWARD";
  override readonly isPointwise = true;
  selectChannel(): number {
    return 0;
  }
  copy(): StreamPartitioner {
    return new ForwardPartitioner();
  }
}

/**
 * Round robin over all receivers (Flink's RebalancePartitioner). Flink starts each sender at a random channel to
 * spread load; Rivulet starts sender i at channel `i % n` instead, which spreads the same way and is reproducible.
 */
export class RebalancePartitioner extends StreamPartitioner {
  readonly name = "REBALANCE";
  private next = 0;
  override setup(numberOfChannels: number, senderIndex: number): void {
    super.setup(numberOfChannels, senderIndex);
    this.next = senderIndex % numberOfChannels;
  }
  selectChannel(): number {
    const c = this.next;
    this.next = c + 1 === this.numberOfChannels ? 0 : c + 1;
    return c;
  }
  copy(): StreamPartitioner {
    return new RebalancePartitioner();
  }
}

/**
 * Round robin over the local subset of receivers a sender is connected to pointwise (Flink's RescalePartitioner):
 * with 2 senders and 4 receivers, sender 0 feeds receivers 0-1 and sender 1 feeds 2-3.
 */
export class RescalePartitioner extends StreamPartitioner {
  readonly name = "RESCALE";
  override readonly isPointwise = true;
  private next = -1;
  selectChannel(): number {
    this.next = this.next + 1 >= this.numberOfChannels ? 0 : this.next + 1;
    return this.next;
  }
  copy(): StreamPartitioner {
    return new RescalePartitioner();
  }
}

/** Uniformly random receiver (Flink's ShufflePartitioner). */
export class ShufflePartitioner extends StreamPartitioner {
  readonly name = "SHUFFLE";
  selectChannel(): number {
    return Math.floor(Math.random() * this.numberOfChannels);
  }
  copy(): StreamPartitioner {
    return new ShufflePartitioner();
  }
}

/** Every record to every receiver (Flink's BroadcastPartitioner). */
export class BroadcastPartitioner extends StreamPartitioner {
  readonly name = "BROADCAST";
  override readonly isBroadcast = true;
  selectChannel(): number {
    throw new Error("BroadcastPartitioner sends to all channels; selectChannel must not be called");
  }
  copy(): StreamPartitioner {
    return new BroadcastPartitioner();
  }
}

/** Everything to the first receiver (Flink's GlobalPartitioner). */
export class GlobalPartitioner extends StreamPartitioner {
  readonly name = "GLOBAL";
  selectChannel(): number {
    return 0;
  }
  copy(): StreamPartitioner {
    return new GlobalPartitioner();
  }
}

/**
 * Routes by key group (Flink's KeyGroupStreamPartitioner):
 * `keyGroup = murmurHash(hashCode(key)) % maxParallelism`, channel `= keyGroup * parallelism / maxParallelism`.
 */
export class KeyGroupStreamPartitioner<T, K> extends StreamPartitioner {
  readonly name = "HASH";
  /**
   * @param maxParallelism of the receiving operator; -1 until the graph configures it (Flink's
   *   ConfigurableStreamPartitioner), since it is only known once the receiver's parallelism is.
   */
  constructor(
    readonly keySelector: (value: T) => K,
    readonly maxParallelism = -1,
  ) {
    super();
  }
  /** A copy routing for a receiver with `maxParallelism` key groups. */
  configure(maxParallelism: number): KeyGroupStreamPartitioner<T, K> {
    return new KeyGroupStreamPartitioner(this.keySelector, maxParallelism);
  }
  selectChannel(value: unknown): number {
    const key = checkKeyNotNull(this.keySelector(value as T), value);
    return computeOperatorIndexForKeyGroup(this.maxParallelism, this.numberOfChannels, assignToKeyGroup(key, this.maxParallelism));
  }
  copy(): StreamPartitioner {
    return new KeyGroupStreamPartitioner(this.keySelector, this.maxParallelism);
  }
}

/** A user partitioner applied to a key (Flink's CustomPartitionerWrapper). */
export class CustomPartitionerWrapper<T, K> extends StreamPartitioner {
  readonly name = "CUSTOM";
  private readonly partition: (key: K, numPartitions: number) => number;
  constructor(
    readonly partitioner: Partitioner<K>,
    readonly keySelector: (value: T) => K,
  ) {
    super();
    this.partition = bindUserFunction(partitioner, "partition", "partitionCustom's partitioner");
  }
  selectChannel(value: unknown): number {
    const c = this.partition(this.keySelector(value as T), this.numberOfChannels);
    if (!Number.isInteger(c) || c < 0 || c >= this.numberOfChannels) {
      throw new RangeError(`custom partitioner returned channel ${c}; it must be an integer in [0, ${this.numberOfChannels})`);
    }
    return c;
  }
  copy(): StreamPartitioner {
    return new CustomPartitionerWrapper(this.partitioner, this.keySelector);
  }
}
