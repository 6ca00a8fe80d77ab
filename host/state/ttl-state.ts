// Time-to-live for keyed state (Flink's TtlStateFactory and the TtlValueState/TtlListState/TtlMapState/
// TtlReducingState/TtlAggregatingState decorators): values are stored with the time they were last written (or
// read), expire `ttl` ms later, are removed when read after that, and can be left out of full snapshots.
// Backend-agnostic: it stores `{ v, ts }` objects through the ordinary state handles of any backend.
import {
  type AggregatingState,
  type AggregatingStateDescriptor,
  type ListState,
  ListStateDescriptor,
  type MapState,
  MapStateDescriptor,
  type ReducingState,
  type ReducingStateDescriptor,
  type State,
  type StateDescriptor,
  type StateTtlConfig,
  StateVisibility,
  UpdateType,
  type ValueState,
  ValueStateDescriptor,
} from "../api/state.js";
import type { InternalKvState, KeyedStateBackend, KeyedStateSnapshot, Namespace } from "./keyed-state-backend.js";

/** A value with the processing time of its last update (Flink's TtlValue). */
export interface TtlValue<T> {
  readonly v: T;
  readonly ts: number;
}

function isTtlValue(x: unknown): x is TtlValue<unknown> {
  return x !== null && typeof x === "object" && "ts" in x && "v" in x && Object.keys(x).length === 2;
}

/** TTL-enabled states of each backend, for the snapshot cleanup. */
const ttlStates = new WeakMap<KeyedStateBackend, Map<string, StateTtlConfig>>();

class TtlContext {
  constructor(
    readonly config: StateTtlConfig,
    readonly now: () => number,
  ) {}
  expired(t: TtlValue<unknown>): boolean {
    return t.ts + this.config.ttl <= this.now();
  }
  wrap<T>(v: T): TtlValue<T> {
    return { v, ts: this.now() };
  }
  get returnExpired(): boolean {
    return this.config.stateVisibility === StateVisibility.ReturnExpiredIfNotCleanedUp;
  }
  get refreshOnRead(): boolean {
    return this.config.updateType === UpdateType.OnReadAndWrite;
  }
}

class TtlValueState<T> implements ValueState<T>, InternalKvState {
  constructor(
    private readonly inner: ValueState<TtlValue<T>> & InternalKvState,
    private readonly ttl: TtlContext,
    private readonly defaultValue: T | null,
  ) {}
  setCurrentNamespace(ns: Namespace): void {
    this.inner.setCurrentNamespace(ns);
  }
  value(): T | null {
    const t = this.inner.value();
    if (t === null) return this.defaultValue;
    if (this.ttl.expired(t)) {
      this.inner.clear(); // cleanup on access
      return this.ttl.returnExpired ? t.v : this.defaultValue;
    }
    if (this.ttl.refreshOnRead) this.inner.update(this.ttl.wrap(t.v));
    return t.v;
  }
  update(value: T | null): void {
    if (value === null || value === undefined) this.inner.clear();
    else this.inner.update(this.ttl.wrap(value));
  }
  clear(): void {
    this.inner.clear();
  }
}

class TtlListState<T> implements ListState<T>, InternalKvState {
  constructor(
    private readonly inner: ListState<TtlValue<T>> & InternalKvState,
    private readonly ttl: TtlContext,
  ) {}
  setCurrentNamespace(ns: Namespace): void {
    this.inner.setCurrentNamespace(ns);
  }
  get(): Iterable<T> {
    const all = Array.from(this.inner.get());
    const live = all.filter((t) => !this.ttl.expired(t));
    const visible = this.ttl.returnExpired ? all : live;
    if (live.length !== all.length || (this.ttl.refreshOnRead && live.length > 0)) {
      this.inner.update(this.ttl.refreshOnRead ? live.map((t) => this.ttl.wrap(t.v)) : live);
    }
    return visible.map((t) => t.v);
  }
  add(value: T): void {
    this.inner.add(this.ttl.wrap(value));
  }
  addAll(values: Iterable<T>): void {
    for (const v of values) this.add(v);
  }
  update(values: Iterable<T>): void {
    this.inner.update(Array.from(values, (v) => this.ttl.wrap(v)));
  }
  clear(): void {
    this.inner.clear();
  }
}

class TtlMapState<K, V> implements MapState<K, V>, InternalKvState {
  constructor(
    private readonly inner: MapState<K, TtlValue<V>> & InternalKvState,
    private readonly ttl: TtlContext,
  ) {}
  setCurrentNamespace(ns: Namespace): void {
    this.inner.setCurrentNamespace(ns);
  }
  private read(key: K, t: TtlValue<V> | null): V | null {
    if (t === null) return null;
    if (this.ttl.expired(t)) {
      this.inner.remove(key);
      return this.ttl.returnExpired ? t.v : null;
    }
    if (this.ttl.refreshOnRead) this.inner.put(key, this.ttl.wrap(t.v));
    return t.v;
  }
  get(key: K): V | null {
    return this.read(key, this.inner.get(key));
  }
  put(key: K, value: V): void {
    this.inner.put(key, this.ttl.wrap(value));
  }
  putAll(entries: Iterable<[K, V]> | Map<K, V>): void {
    for (const [k, v] of entries) this.put(k, v);
  }
  remove(key: K): void {
    this.inner.remove(key);
  }
  contains(key: K): boolean {
    const t = this.inner.get(key);
    if (t === null) return false;
    if (this.ttl.expired(t)) {
      this.inner.remove(key);
      return this.ttl.returnExpired;
    }
    return true;
  }
  *entries(): Iterable<[K, V]> {
    for (const [k, t] of Array.from(this.inner.entries())) {
      const v = this.read(k, t);
      if (v !== null || (this.ttl.returnExpired && t !== null)) yield [k, v as V];
    }
  }
  *keys(): Iterable<K> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): Iterable<V> {
    for (const [, v] of this.entries()) yield v;
  }
  isEmpty(): boolean {
    for (const _ of this.entries()) return false;
    return true;
  }
  clear(): void {
    this.inner.clear();
  }
}

/** Reducing and aggregating state with TTL keep their accumulator in a TTL value (Flink's TtlReducingState). */
class TtlFoldingState<IN, ACC, OUT> implements AggregatingState<IN, OUT>, InternalKvState {
  private readonly value: TtlValueState<ACC>;
  constructor(
    inner: ValueState<TtlValue<ACC>> & InternalKvState,
    ttl: TtlContext,
    private readonly add_: (acc: ACC | null, value: IN) => ACC,
    private readonly result: (acc: ACC) => OUT,
  ) {
    this.value = new TtlValueState(inner, ttl, null);
  }
  setCurrentNamespace(ns: Namespace): void {
    this.value.setCurrentNamespace(ns);
  }
  get(): OUT | null {
    const acc = this.value.value();
    return acc === null ? null : this.result(acc);
  }
  add(v: IN): void {
    this.value.update(this.add_(this.value.value(), v));
  }
  clear(): void {
    this.value.clear();
  }
}

/**
 * The handle for `descriptor` with TTL (its `ttlConfig` is enabled), over `backend`'s ordinary state of the
 * same name. `now` is processing time.
 */
export function createTtlState<S extends State>(backend: KeyedStateBackend, descriptor: StateDescriptor<S, unknown>, now: () => number): S & InternalKvState {
  const config = descriptor.ttlConfig;
  let registry = ttlStates.get(backend);
  if (registry === undefined) ttlStates.set(backend, (registry = new Map()));
  registry.set(descriptor.name, config);
  const ttl = new TtlContext(config, now);
  const valueInner = <T>(): ValueState<TtlValue<T>> & InternalKvState =>
    backend.getOrCreateKeyedState(new ValueStateDescriptor<TtlValue<T>>(descriptor.name)) as ValueState<TtlValue<T>> & InternalKvState;
  let state: unknown;
  switch (descriptor.kind) {
    case "value":
      state = new TtlValueState(valueInner(), ttl, descriptor.defaultValue);
      break;
    case "list":
      state = new TtlListState(backend.getOrCreateKeyedState(new ListStateDescriptor<TtlValue<unknown>>(descriptor.name)), ttl);
      break;
    case "map":
      state = new TtlMapState(backend.getOrCreateKeyedState(new MapStateDescriptor<unknown, TtlValue<unknown>>(descriptor.name)), ttl);
      break;
    case "reducing": {
      const d = descriptor as unknown as ReducingStateDescriptor<unknown>;
      state = new TtlFoldingState<unknown, unknown, unknown>(valueInner(), ttl, (acc, v) => (acc === null ? v : d.reduce(acc, v)), (acc) => acc);
      break;
    }
    case "aggregating": {
      const fn = (descriptor as unknown as AggregatingStateDescriptor<unknown, unknown, unknown>).aggregateFunction;
      state = new TtlFoldingState<unknown, unknown, unknown>(
        valueInner(),
        ttl,
        (acc, v) => fn.add(v, acc === null ? fn.createAccumulator() : acc),
        (acc) => fn.getResult(acc),
      );
      break;
    }
  }
  return state as S & InternalKvState;
}

/**
 * Drops expired values of TTL states with `cleanupFullSnapshot` from a snapshot (Flink's TTL
 * StateSnapshotTransformer). The snapshot is a copy, so this does not touch live state.
 */
export function applyTtlSnapshotCleanup(backend: KeyedStateBackend, snapshot: KeyedStateSnapshot, now: number): KeyedStateSnapshot {
  const registry = ttlStates.get(backend);
  if (registry === undefined) return snapshot;
  const cleaned = new Map<string, number>();
  for (const [name, config] of registry) if (config.cleanupInFullSnapshot) cleaned.set(name, config.ttl);
  if (cleaned.size === 0) return snapshot;
  const live = (x: unknown, ttl: number): boolean => !isTtlValue(x) || x.ts + ttl > now;
  const keyGroups = snapshot.keyGroups.map((kg) => ({
    keyGroup: kg.keyGroup,
    entries: kg.entries.flatMap((e) => {
      const ttl = cleaned.get(e[0]);
      if (ttl === undefined) return [e];
      const value = e[3];
      if (Array.isArray(value)) {
        const kept = value.filter((x) => live(x, ttl));
        return kept.length > 0 ? [[e[0], e[1], e[2], kept] as const] : [];
      }
      if (value instanceof Map) {
        const kept = new Map([...value].filter(([, entry]) => live(Array.isArray(entry) ? entry[1] : entry, ttl)));
        return kept.size > 0 ? [[e[0], e[1], e[2], kept] as const] : [];
      }
      return live(value, ttl) ? [e] : [];
    }),
  }));
  return { ...snapshot, keyGroups: keyGroups.filter((kg) => kg.entries.length > 0) };
}
