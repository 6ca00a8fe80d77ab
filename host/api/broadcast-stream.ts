// Broadcast streams with broadcast state (Flink's BroadcastStream and BroadcastConnectedStream).
import { CoBroadcastWithKeyedOperator } from "../runtime/operators/co-broadcast-with-keyed-operator.js";
import { CoBroadcastWithNonKeyedOperator } from "../runtime/operators/co-broadcast-with-non-keyed-operator.js";
import {
  BroadcastProcessFunction,
  type BroadcastProcessFunctionLike,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastProcessFunctionLike,
} from "./broadcast-process-functions.js";
import { DataStream, KeyedStream } from "./datastream.js";
import type { StreamExecutionEnvironment } from "./environment.js";
import type { MapStateDescriptor } from "./state.js";
import { TwoInputTransformation } from "./transformation.js";

/**
 * A stream sent to every parallel instance of the operator it connects to, with the broadcast state
 * descriptors that operator may write (Flink's `BroadcastStream`). Made by `stream.broadcast(...descriptors)`.
 *
 * @example
 * const rules = new MapStateDescriptor<string, Rule>("rules");
 * const ruleStream = rulesSource.broadcast(rules);
 * events.keyBy((e) => e.user).connect(ruleStream).process(new RuleEvaluator());
 */
export class BroadcastStream<T> {
  declare readonly __type?: T;
  constructor(
    readonly environment: StreamExecutionEnvironment,
    /** The input, broadcast-partitioned. */
    readonly stream: DataStream<T>,
    readonly broadcastStateDescriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {
    if (broadcastStateDescriptors.length === 0) throw new Error("broadcast(...) needs at least one MapStateDescriptor for broadcast state");
  }
}

/**
 * A (keyed or non-keyed) stream connected with a broadcast stream (Flink's `BroadcastConnectedStream`):
 * `process(BroadcastProcessFunction)` on a non-keyed stream, `process(KeyedBroadcastProcessFunction)` on a
 * keyed one.
 */
export class BroadcastConnectedStream<IN1, IN2> {
  constructor(
    readonly nonBroadcastStream: DataStream<IN1>,
    readonly broadcastStream: BroadcastStream<IN2>,
  ) {
    if (nonBroadcastStream.environment !== broadcastStream.environment) throw new Error("connect: both streams must belong to the same environment");
  }

  process<K, OUT>(fn: KeyedBroadcastProcessFunctionLike<K, IN1, IN2, OUT> | BroadcastProcessFunctionLike<IN1, IN2, OUT>): DataStream<OUT> {
    const input = this.nonBroadcastStream;
    const descriptors = this.broadcastStream.broadcastStateDescriptors;
    const keyed = input instanceof KeyedStream;
    if (keyed && fn instanceof BroadcastProcessFunction) throw new Error("A BroadcastProcessFunction can only be used on a non-keyed stream.");
    if (!keyed && fn instanceof KeyedBroadcastProcessFunction) throw new Error("A KeyedBroadcastProcessFunction can only be used on a keyed stream.");
    const factory = keyed
      ? () => new CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT>(fn as KeyedBroadcastProcessFunctionLike<K, IN1, IN2, OUT>, descriptors)
      : () => new CoBroadcastWithNonKeyedOperator<IN1, IN2, OUT>(fn as BroadcastProcessFunctionLike<IN1, IN2, OUT>, descriptors);
    const t = new TwoInputTransformation(
      keyed ? "Co-Process-Broadcast-Keyed" : "Co-Process-Broadcast",
      input.transformation,
      this.broadcastStream.stream.transformation,
      factory,
      keyed ? ((input as KeyedStream<IN1, unknown>).keySelector as (v: unknown) => unknown) : undefined,
      undefined,
    );
    input.environment.addOperator(t);
    return new DataStream<OUT>(input.environment, t);
  }
}
