// Keyed state handles over JS heap tables (Flink's HeapValueState, HeapListState, ...).
import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  MapState,
  ReducingState,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueState,
} from "../api/state.js";
import { keyIdentity } from "./key-identity.js";
import type { InternalMergingState, Namespace } from "./keyed-state-backend.js";

/** What a heap state needs from its backend: the current key's identity. */
export interface HeapKeyContext {
  currentKeyId: unknown;
}

/**
 * Namespace -> key identity -> value. Key groups are not materialised: a snapshot computes each key's group
 * (hashing is paid per snapshot, not per access), so an access is a single Map lookup in the current namespace.
 */
export type StateTable<V> = Map<Namespace, Map<unknown, V>>;

/** Shared table access for every heap state kind. */
export abstract class AbstractHeapState<V> implements InternalMergingState {
  readonly table: StateTable<V> = new Map();
  private namespace: Namespace = "";
  /** The map of the current namespace, created on first write. */
  private current: Map<unknown, V> | undefined = undefined;
  constructor(
    protected readonly ctx: HeapKeyContext,
    readonly descriptor: StateDescriptor<never, unknown>,
  ) {}
  setCurrentNamespace(namespace: Namespace): void {
    if (namespace === this.namespace && this.current !== undefined) return;
    this.namespace = namespace;
    this.current = this.table.get(namespace);
  }
  protected getRaw(): V | undefined {
    const m = this.current;
    return m === undefined ? undefined : m.get(this.ctx.currentKeyId);
  }
  protected getRawIn(namespace: Namespace): V | undefined {
    return this.table.get(namespace)?.get(this.ctx.currentKeyId);
  }
  protected putRaw(value: V): void {
    let m = this.current;
    if (m === undefined) {
      m = this.table.get(this.namespace);
      if (m === undefined) this.table.set(this.namespace, (m = new Map()));
      this.current = m;
    }
    m.set(this.ctx.currentKeyId, value);
  }
  protected putRawIn(namespace: Namespace, value: V): void {
    let m = this.table.get(namespace);
    if (m === undefined) this.table.set(namespace, (m = new Map()));
    m.set(this.ctx.currentKeyId, value);
    if (namespace === this.namespace) this.current = m;
  }
  protected removeIn(namespace: Namespace): void {
    const m = this.table.get(namespace);
    if (m === undefined) return;
    m.delete(this.ctx.currentKeyId);
    if (m.size === 0) {
      this.table.delete(namespace);
      if (namespace === this.namespace) this.current = undefined;
    }
  }
  clear(): void {
    this.removeIn(this.namespace);
  }
  /** Forgets the cached namespace map (after a restore replaced table contents). */
  resetCache(): void {
    this.current = this.table.get(this.namespace);
  }
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void {
    let merged = this.getRawIn(target);
    for (const source of sources) {
      const v = this.getRawIn(source);
      if (v === undefined) continue;
      this.removeIn(source);
      merged = merged === undefined ? v : this.mergeValues(merged, v);
    }
    if (merged !== undefined) this.putRawIn(target, merged);
  }
  /** Combines two stored values when namespaces merge; kinds that cannot merge throw. */
  protected mergeValues(_a: V, _b: V): V {
    throw new Error(`state '${this.descriptor.name}' of kind ${this.descriptor.kind} cannot be merged`);
  }
}

export class HeapValueState<T> extends AbstractHeapState<T> implements ValueState<T> {
  value(): T | null {
    const v = this.getRaw();
    return v === undefined ? (this.descriptor.defaultValue as T | null) : v;
  }
  update(value: T | null): void {
    // Flink: updating to null clears the state.
    if (value === null || value === undefined) this.clear();
    else this.putRaw(value);
  }
}

export class HeapListState<T> extends AbstractHeapState<T[]> implements ListState<T> {
  get(): Iterable<T> {
    return this.getRaw() ?? [];
  }
  add(value: T): void {
    if (value === null || value === undefined) throw new TypeError(`ListState '${this.descriptor.name}': cannot add null`);
    const list = this.getRaw();
    if (list === undefined) this.putRaw([value]);
    else list.push(value);
  }
  addAll(values: Iterable<T>): void {
    for (const v of values) this.add(v);
  }
  update(values: Iterable<T>): void {
    const list = Array.from(values);
    if (list.length === 0) this.clear();
    else this.putRaw(list);
  }
  protected override mergeValues(a: T[], b: T[]): T[] {
    for (const v of b) a.push(v);
    return a;
  }
}

export class HeapMapState<K, V> extends AbstractHeapState<Map<unknown, [K, V]>> implements MapState<K, V> {
  get(key: K): V | null {
    const e = this.getRaw()?.get(keyIdentity(key));
    return e === undefined ? null : e[1];
  }
  put(key: K, value: V): void {
    let m = this.getRaw();
    if (m === undefined) this.putRaw((m = new Map()));
    m.set(keyIdentity(key), [key, value]);
  }
  putAll(entries: Iterable<[K, V]> | Map<K, V>): void {
    for (const [k, v] of entries) this.put(k, v);
  }
  remove(key: K): void {
    const m = this.getRaw();
    if (m === undefined) return;
    m.delete(keyIdentity(key));
    if (m.size === 0) this.clear();
  }
  contains(key: K): boolean {
    return this.getRaw()?.has(keyIdentity(key)) ?? false;
  }
  *entries(): Iterable<[K, V]> {
    const m = this.getRaw();
    if (m === undefined) return;
    for (const e of Array.from(m.values())) yield [e[0], e[1]];
  }
  *keys(): Iterable<K> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): Iterable<V> {
    for (const [, v] of this.entries()) yield v;
  }
  isEmpty(): boolean {
    const m = this.getRaw();
    return m === undefined || m.size === 0;
  }
}

export class HeapReducingState<T> extends AbstractHeapState<T> implements ReducingState<T> {
  private readonly reduce: (a: T, b: T) => T;
  constructor(ctx: HeapKeyContext, descriptor: ReducingStateDescriptor<T>) {
    super(ctx, descriptor as unknown as StateDescriptor<never, unknown>);
    this.reduce = descriptor.reduce;
  }
  get(): T | null {
    return this.getRaw() ?? null;
  }
  add(value: T): void {
    const cur = this.getRaw();
    this.putRaw(cur === undefined ? value : this.reduce(cur, value));
  }
  protected override mergeValues(a: T, b: T): T {
    return this.reduce(a, b);
  }
}

export class HeapAggregatingState<IN, ACC, OUT> extends AbstractHeapState<ACC> implements AggregatingState<IN, OUT> {
  private readonly fn: AggregatingStateDescriptor<IN, ACC, OUT>["aggregateFunction"];
  constructor(ctx: HeapKeyContext, descriptor: AggregatingStateDescriptor<IN, ACC, OUT>) {
    super(ctx, descriptor as unknown as StateDescriptor<never, unknown>);
    this.fn = descriptor.aggregateFunction;
  }
  get(): OUT | null {
    const acc = this.getRaw();
    return acc === undefined ? null : this.fn.getResult(acc);
  }
  add(value: IN): void {
    const acc = this.getRaw();
    this.putRaw(this.fn.add(value, acc === undefined ? this.fn.createAccumulator() : acc));
  }
  protected override mergeValues(a: ACC, b: ACC): ACC {
    return this.fn.merge(a, b);
  }
}
