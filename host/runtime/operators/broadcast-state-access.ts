// Broadcast state of a broadcast operator: the states declared in `broadcast(...descriptors)`, writable on the
// broadcast side and read-only on the other (Flink's BroadcastState access in CoBroadcastWith*Operator).
import type { MapStateDescriptor } from "../../api/state.js";
import type { BroadcastState, OperatorStateStore, ReadOnlyBroadcastState } from "../operator-state.js";

const UNKNOWN_STATE =
  "The requested state does not exist. Check for typos in your state descriptor, or specify the state descriptor " +
  "in the datastream.broadcast(...) call if you forgot to register it.";

/** A read-only view of a broadcast state. */
class ReadOnlyView<K, V> implements ReadOnlyBroadcastState<K, V> {
  constructor(private readonly state: BroadcastState<K, V>) {}
  get(key: K): V | null {
    return this.state.get(key);
  }
  contains(key: K): boolean {
    return this.state.contains(key);
  }
  entries(): Iterable<[K, V]> {
    return this.state.entries();
  }
  keys(): Iterable<K> {
    return this.state.keys();
  }
  values(): Iterable<V> {
    return this.state.values();
  }
  isEmpty(): boolean {
    return this.state.isEmpty();
  }
}

/** The broadcast states of one operator instance, by descriptor name. */
export class BroadcastStates {
  private readonly writable = new Map<string, BroadcastState<unknown, unknown>>();
  private readonly readOnly = new Map<string, ReadOnlyBroadcastState<unknown, unknown>>();
  constructor(store: OperatorStateStore, descriptors: readonly MapStateDescriptor<unknown, unknown>[]) {
    for (const d of descriptors) {
      const s = store.getBroadcastState(d);
      this.writable.set(d.name, s);
      this.readOnly.set(d.name, new ReadOnlyView(s));
    }
  }
  get<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    const s = this.writable.get(descriptor?.name);
    if (s === undefined) throw new Error(UNKNOWN_STATE);
    return s as BroadcastState<K, V>;
  }
  getReadOnly<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V> {
    const s = this.readOnly.get(descriptor?.name);
    if (s === undefined) throw new Error(UNKNOWN_STATE);
    return s as ReadOnlyBroadcastState<K, V>;
  }
}
