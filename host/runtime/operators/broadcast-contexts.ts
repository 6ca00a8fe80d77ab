// Context objects of broadcast process functions (Flink's ReadOnlyContextImpl / ReadWriteContextImpl /
// OnTimerContextImpl of CoBroadcastWith*Operator). One instance per operator and role, re-pointed per element.
import type {
  BroadcastContext,
  BroadcastReadOnlyContext,
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedStateFunction,
} from "../../api/broadcast-process-functions.js";
import type { OutputTag } from "../../api/output-tag.js";
import type { TimeDomain, TimerService } from "../../api/process-functions.js";
import type { MapStateDescriptor, State, StateDescriptor } from "../../api/state.js";
import { type KeyedStateBackend, VOID_NAMESPACE } from "../../state/keyed-state-backend.js";
import type { BroadcastState, ReadOnlyBroadcastState } from "../operator-state.js";
import type { Output } from "../output.js";
import { StreamRecord } from "../stream-record.js";
import type { BroadcastStates } from "./broadcast-state-access.js";

/** Timestamp, clocks and side outputs shared by every broadcast context. */
abstract class BaseContext {
  /** Timestamp of the current element or timer; `null` when it has none. */
  ts: number | null = null;
  constructor(
    protected readonly states: BroadcastStates,
    private readonly out: Output<unknown>,
    private readonly clock: () => number,
    private readonly watermark: () => number,
  ) {}
  setElement(record: StreamRecord<unknown>): void {
    this.ts = record.hasTimestamp ? record.timestamp : null;
  }
  timestamp(): number | null {
    return this.ts;
  }
  currentProcessingTime(): number {
    return this.clock();
  }
  currentWatermark(): number {
    return this.watermark();
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    if (tag === null || tag === undefined) throw new TypeError("OutputTag must not be null");
    this.out.collectSide(tag, new StreamRecord(value, this.ts ?? 0, this.ts !== null));
  }
}

/** Non-broadcast side: read-only broadcast state, and on keyed streams timers and the current key. */
export class ReadOnlyBroadcastContextImpl<K> extends BaseContext implements BroadcastReadOnlyContext, KeyedBroadcastOnTimerContext<K> {
  domain: TimeDomain | null = null;
  constructor(
    states: BroadcastStates,
    out: Output<unknown>,
    clock: () => number,
    watermark: () => number,
    private readonly timers: TimerService,
    private readonly currentKey: () => unknown,
  ) {
    super(states, out, clock, watermark);
  }
  getBroadcastState<KK, V>(descriptor: MapStateDescriptor<KK, V>): ReadOnlyBroadcastState<KK, V> {
    return this.states.getReadOnly(descriptor);
  }
  timerService(): TimerService {
    return this.timers;
  }
  getCurrentKey(): K {
    return this.currentKey() as K;
  }
  timeDomain(): TimeDomain {
    if (this.domain === null) throw new Error("timeDomain() is only available in onTimer");
    return this.domain;
  }
}

/** Broadcast side: writable broadcast state, and on keyed streams `applyToKeyedState`. */
export class BroadcastContextImpl<K> extends BaseContext implements BroadcastContext, KeyedBroadcastContext<K> {
  constructor(
    states: BroadcastStates,
    out: Output<unknown>,
    clock: () => number,
    watermark: () => number,
    private readonly backend: KeyedStateBackend | undefined,
  ) {
    super(states, out, clock, watermark);
  }
  getBroadcastState<KK, V>(descriptor: MapStateDescriptor<KK, V>): BroadcastState<KK, V> {
    return this.states.get(descriptor);
  }
  applyToKeyedState<S extends State>(descriptor: StateDescriptor<S, unknown>, fn: KeyedStateFunction<K, S>): void {
    if (this.backend === undefined) throw new Error("applyToKeyedState is only available on keyed streams");
    const call =
      typeof fn === "function" ? fn : fn !== null && typeof fn === "object" && typeof fn.process === "function" ? fn.process.bind(fn) : null;
    if (call === null) throw new TypeError("applyToKeyedState needs a function or an object with process(key, state)");
    this.backend.applyToAllKeys(VOID_NAMESPACE, descriptor, (key, state) => call(key as K, state));
  }
}
