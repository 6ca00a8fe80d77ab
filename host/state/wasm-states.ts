// Keyed state handles over Wasm state tables (core-wasm/table.ts): ValueState, ListState, MapState with typed
// keys, ReducingState and AggregatingState (built-in aggregates folded in place). One table per state name,
// keyed by (key group, key bytes, namespace bytes) as Flink's StateTable is keyed by (key, namespace).

import type {
  AggregateFunction,
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueState,
} from "../api/state.js";
import { Types, type TypeInformation } from "../api/types.js";
import type { WasmCore } from "../core/wasm-core.js";
import { WasmStateTable } from "../core/state-table.js";
import { RecordCodec } from "../core/codec.js";
import type { KeyGroupRange } from "./key-groups.js";
import { keyIdentity } from "./key-identity.js";
import type { InternalMergingState, Namespace } from "./keyed-state-backend.js";
import type { BuiltinAggregateKind, BuiltinAccumulator } from "./wasm-aggregates.js";
import {
  decodeKey,
  decodeNamespace,
  encodeNamespace,
  sameBytes,
  userKeySerializer,
  valueSerializer,
  type ValueSerializer,
} from "./wasm-serializers.js";

/** What a Wasm state needs from its backend: the core and the current key as bytes with its key group. */
export interface WasmKeyContext {
  readonly core: WasmCore;
  readonly keyGroupRange: KeyGroupRange;
  currentKeyGroup: number;
  currentKeyBytes: Uint8Array;
}

/** One entry of a keyed state snapshot in the shared (heap-compatible) format: [namespace, key, value]. */
export type StateEntry = readonly [Namespace, unknown, unknown];

const EMPTY = new Uint8Array(0);

function latin1(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Shared table access for every Wasm state kind. */
export abstract class AbstractWasmState<V> implements InternalMergingState {
  private namespace: Namespace = "";
  protected nsBytes: Uint8Array = EMPTY;
  protected readonly core: WasmCore;

  constructor(
    protected readonly ctx: WasmKeyContext,
    readonly descriptor: StateDescriptor<never, unknown>,
    readonly table: WasmStateTable,
  ) {
    this.core = ctx.core;
  }

  setCurrentNamespace(namespace: Namespace): void {
    if (namespace === this.namespace) return;
    this.namespace = namespace;
    this.nsBytes = encodeNamespace(namespace);
  }

  /** Writes [current key][namespace bytes] to the key scratch; returns the key length. */
  protected stage(nsBytes: Uint8Array = this.nsBytes): number {
    const key = this.ctx.currentKeyBytes;
    const core = this.core;
    const at = core.keyBuf.ensure(key.length + nsBytes.length + 8);
    const u8 = core.u8;
    u8.set(key, at);
    if (nsBytes.length > 0) u8.set(nsBytes, at + key.length);
    return key.length;
  }

  clear(): void {
    this.table.remove(this.ctx.currentKeyGroup, this.stage(), this.nsBytes.length);
  }

  /** The stored value of the current key in namespace bytes `ns`, or undefined. */
  protected abstract readIn(ns: Uint8Array): V | undefined;
  /** Stores `value` for the current key in namespace bytes `ns`. */
  protected abstract writeIn(ns: Uint8Array, value: V): void;
  /** Decodes a stored value from scan bytes. */
  protected abstract decodeStored(bytes: Uint8Array): V;
  /** Combines two stored values when namespaces merge; kinds that cannot merge throw. */
  protected mergeValues(_a: V, _b: V): V {
    throw new Error(`state '${this.descriptor.name}' of kind ${this.descriptor.kind} cannot be merged`);
  }

  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void {
    const t = encodeNamespace(target);
    let merged = this.readIn(t);
    for (const source of sources) {
      const s = encodeNamespace(source);
      const v = this.readIn(s);
      if (v === undefined) continue;
      this.table.remove(this.ctx.currentKeyGroup, this.stage(s), s.length);
      merged = merged === undefined ? v : this.mergeValues(merged, v);
    }
    if (merged !== undefined) this.writeIn(t, merged);
  }

  /** Keys with state in `namespace` (owned key groups). */
  keysIn(namespace: Namespace): unknown[] {
    const want = encodeNamespace(namespace);
    const out: unknown[] = [];
    const r = this.ctx.keyGroupRange;
    if (r.numberOfKeyGroups === 0) return out;
    this.table.scan(r.startKeyGroup, r.endKeyGroup, (_kg, key, ns) => {
      if (sameBytes(ns, want)) out.push(decodeKey(key));
    });
    return out;
  }

  /**
   * The raw entries of key group `keyGroup` (the synchronous part of a snapshot: a copy of table bytes);
   * `decodeEntries` turns them into snapshot entries later, in the asynchronous part.
   */
  captureEntries(keyGroup: number): Uint8Array[] {
    return this.table.scanChunks(keyGroup, keyGroup);
  }

  /** Snapshot entries of captured chunks. */
  decodeEntries(chunks: readonly Uint8Array[], into: (entry: StateEntry) => void): void {
    WasmStateTable.visitChunks(chunks, (_kg, key, ns, value) => {
      into([decodeNamespace(ns), decodeKey(key), this.decodeStored(value)]);
    });
  }

  /** Stores a snapshot value (heap format) for the current key and namespace. */
  restoreValue(value: unknown): void {
    this.writeIn(this.nsBytes, value as V);
  }
}

/** Value storage shared by value, reducing and aggregating states: fixed slot or codec bytes. */
abstract class SerializedWasmState<V> extends AbstractWasmState<V> {
  constructor(ctx: WasmKeyContext, descriptor: StateDescriptor<never, unknown>, table: WasmStateTable,
    protected readonly serializer: ValueSerializer<V>) {
    super(ctx, descriptor, table);
  }

  protected readIn(ns: Uint8Array): V | undefined {
    const t = this.table;
    const kl = this.stage(ns);
    if (this.serializer.fixed) {
      const a = t.find(this.ctx.currentKeyGroup, kl, ns.length);
      return a === 0 ? undefined : this.serializer.read(this.core, a);
    }
    const view = t.getVarView(this.ctx.currentKeyGroup, kl, ns.length);
    return view === undefined ? undefined : this.serializer.decode(view);
  }

  protected writeIn(ns: Uint8Array, value: V): void {
    const t = this.table;
    if (this.serializer.fixed) {
      this.serializer.check(value);
      const kl = this.stage(ns);
      this.serializer.write(this.core, t.upsert(this.ctx.currentKeyGroup, kl, ns.length), value);
      return;
    }
    const bytes = this.serializer.encode(value);
    t.putVar(this.ctx.currentKeyGroup, this.stage(ns), ns.length, bytes);
  }

  protected decodeStored(bytes: Uint8Array): V {
    if (!this.serializer.fixed) return this.serializer.decode(bytes);
    // scan bytes are a copy: read them through a temporary slot view
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return fixedFromView(this.descriptorType(), dv) as V;
  }

  protected abstract descriptorType(): TypeInformation<unknown>;
}

function fixedFromView(type: TypeInformation<unknown>, dv: DataView): unknown {
  switch (type.kind) {
    case "INT":
      return dv.getInt32(0, true);
    case "LONG": {
      const v = dv.getInt32(4, true) * 4294967296 + dv.getUint32(0, true);
      return Number.isSafeInteger(v) ? v : dv.getBigInt64(0, true);
    }
    case "DOUBLE":
    case "FLOAT":
      return dv.getFloat64(0, true);
    case "BOOLEAN":
      return dv.getUint8(0) === 1;
  }
  throw new Error(`not a fixed-width type: ${String(type)}`);
}

/** Flink's ValueState over a Wasm table. `value()` is the descriptor's default while unset. */
export class WasmValueState<T> extends SerializedWasmState<T> implements ValueState<T> {
  constructor(ctx: WasmKeyContext, descriptor: StateDescriptor<never, unknown>, table: WasmStateTable,
    private readonly type: TypeInformation<T>) {
    super(ctx, descriptor, table, valueSerializer(type, ctx.core));
  }
  protected descriptorType(): TypeInformation<unknown> {
    return this.type as TypeInformation<unknown>;
  }
  value(): T | null {
    const v = this.readIn(this.nsBytes);
    return v === undefined ? (this.descriptor.defaultValue as T | null) : v;
  }
  update(value: T | null): void {
    // Flink: updating to null clears the state.
    if (value === null || value === undefined) this.clear();
    else this.writeIn(this.nsBytes, value);
  }
}

/** Flink's ReducingState over a Wasm table: the value sits in its slot; the user's reduce runs in JS. */
export class WasmReducingState<T> extends SerializedWasmState<T> implements ReducingState<T> {
  private readonly reduce: (a: T, b: T) => T;
  constructor(ctx: WasmKeyContext, descriptor: ReducingStateDescriptor<T>, table: WasmStateTable,
    private readonly type: TypeInformation<T>) {
    super(ctx, descriptor as unknown as StateDescriptor<never, unknown>, table, valueSerializer(type, ctx.core));
    this.reduce = descriptor.reduce;
  }
  protected descriptorType(): TypeInformation<unknown> {
    return this.type as TypeInformation<unknown>;
  }
  get(): T | null {
    return this.readIn(this.nsBytes) ?? null;
  }
  add(value: T): void {
    const ns = this.nsBytes;
    if (this.serializer.fixed) {
      this.serializer.check(value);
      // one upsert: a fresh slot is zeroed, so tell it apart with lastInserted
      const a = this.table.upsert(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
      const inserted = this.table.lastInserted;
      let next: T;
      try {
        next = inserted ? value : this.reduce(this.serializer.read(this.core, a), value);
        this.serializer.check(next);
      } catch (e) {
        if (inserted) this.table.remove(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
        throw e;
      }
      this.serializer.write(this.core, a, next);
      return;
    }
    const cur = this.readIn(ns);
    this.writeIn(ns, cur === undefined ? value : this.reduce(cur, value));
  }
  protected override mergeValues(a: T, b: T): T {
    return this.reduce(a, b);
  }
}

/** Flink's AggregatingState over a Wasm table with a user AggregateFunction and a typed accumulator. */
export class WasmAggregatingState<IN, ACC, OUT> extends SerializedWasmState<ACC> implements AggregatingState<IN, OUT> {
  private readonly fn: AggregateFunction<IN, ACC, OUT>;
  constructor(ctx: WasmKeyContext, descriptor: AggregatingStateDescriptor<IN, ACC, OUT>, table: WasmStateTable,
    private readonly type: TypeInformation<ACC>) {
    super(ctx, descriptor as unknown as StateDescriptor<never, unknown>, table, valueSerializer(type, ctx.core));
    this.fn = descriptor.aggregateFunction;
  }
  protected descriptorType(): TypeInformation<unknown> {
    return this.type as TypeInformation<unknown>;
  }
  get(): OUT | null {
    const acc = this.readIn(this.nsBytes);
    return acc === undefined ? null : this.fn.getResult(acc);
  }
  add(value: IN): void {
    const acc = this.readIn(this.nsBytes);
    this.writeIn(this.nsBytes, this.fn.add(value, acc === undefined ? this.fn.createAccumulator() : acc));
  }
  protected override mergeValues(a: ACC, b: ACC): ACC {
    return this.fn.merge(a, b);
  }
}

/** Value width of built-in aggregate slots: two f64 (see BuiltinAccumulator). */
export const BUILTIN_ACC_WIDTH = 16;

/**
 * AggregatingState with a built-in aggregate (WasmAggregates): the accumulator is two f64 in the table slot,
 * updated in place, no JS object per add.
 */
export class WasmBuiltinAggregatingState extends AbstractWasmState<BuiltinAccumulator>
  implements AggregatingState<number, number | null> {
  private readonly fn: AggregateFunction<number, BuiltinAccumulator, number | null>;
  constructor(ctx: WasmKeyContext, descriptor: AggregatingStateDescriptor<number, BuiltinAccumulator, number | null>,
    table: WasmStateTable, private readonly kind: BuiltinAggregateKind) {
    super(ctx, descriptor as unknown as StateDescriptor<never, unknown>, table);
    this.fn = descriptor.aggregateFunction;
  }
  protected readIn(ns: Uint8Array): BuiltinAccumulator | undefined {
    const a = this.table.find(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
    if (a === 0) return undefined;
    const dv = this.core.dv;
    return { a: dv.getFloat64(a, true), b: dv.getFloat64(a + 8, true) };
  }
  protected writeIn(ns: Uint8Array, acc: BuiltinAccumulator): void {
    const a = this.table.upsert(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
    const dv = this.core.dv;
    dv.setFloat64(a, acc.a, true);
    dv.setFloat64(a + 8, acc.b, true);
  }
  protected decodeStored(bytes: Uint8Array): BuiltinAccumulator {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { a: dv.getFloat64(0, true), b: dv.getFloat64(8, true) };
  }
  get(): number | null {
    const acc = this.readIn(this.nsBytes);
    return acc === undefined ? null : this.fn.getResult(acc);
  }
  add(value: number): void {
    if (typeof value !== "number") throw new TypeError(`built-in ${this.kind} aggregates numbers, got ${typeof value}`);
    const ns = this.nsBytes;
    const a = this.table.upsert(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
    const dv = this.core.dv; // after the upsert: it may have grown memory (slots are not 8-aligned: DataView)
    const acc = dv.getFloat64(a, true);
    switch (this.kind) {
      case "count":
        dv.setFloat64(a, acc + 1, true);
        break;
      case "sum":
        dv.setFloat64(a, acc + value, true);
        break;
      case "min":
      case "max": {
        const seen = dv.getFloat64(a + 8, true) !== 0;
        if (!seen || (this.kind === "min" ? value < acc : value > acc)) dv.setFloat64(a, value, true);
        dv.setFloat64(a + 8, 1, true);
        break;
      }
      case "avg":
        dv.setFloat64(a, acc + value, true);
        dv.setFloat64(a + 8, dv.getFloat64(a + 8, true) + 1, true);
        break;
    }
  }
  protected override mergeValues(a: BuiltinAccumulator, b: BuiltinAccumulator): BuiltinAccumulator {
    return this.fn.merge(a, b);
  }
}

/** Flink's ListState over a Wasm table: the list is one variable-length value (LIST codec bytes). */
export class WasmListState<T> extends AbstractWasmState<T[]> implements ListState<T> {
  private readonly codec: RecordCodec<T[]>;
  constructor(ctx: WasmKeyContext, descriptor: StateDescriptor<never, unknown>, table: WasmStateTable, type: TypeInformation<T>) {
    super(ctx, descriptor, table);
    this.codec = new RecordCodec(Types.LIST(type), ctx.core);
  }
  protected readIn(ns: Uint8Array): T[] | undefined {
    const view = this.table.getVarView(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
    return view === undefined ? undefined : this.decodeStored(view);
  }
  protected writeIn(ns: Uint8Array, list: T[]): void {
    const bytes = this.codec.encodeValue(list);
    this.table.putVar(this.ctx.currentKeyGroup, this.stage(ns), ns.length, bytes);
  }
  protected decodeStored(bytes: Uint8Array): T[] {
    return this.codec.decodeValue(bytes);
  }
  get(): Iterable<T> {
    return this.readIn(this.nsBytes) ?? [];
  }
  /** Appends (the list is re-encoded: O(list length), as Flink's heap list state copies on snapshot). */
  add(value: T): void {
    if (value === null || value === undefined) throw new TypeError(`ListState '${this.descriptor.name}': cannot add null`);
    const cur = this.readIn(this.nsBytes) ?? [];
    cur.push(value);
    this.writeIn(this.nsBytes, cur);
  }
  addAll(values: Iterable<T>): void {
    const cur = this.readIn(this.nsBytes) ?? [];
    for (const v of values) {
      if (v === null || v === undefined) throw new TypeError(`ListState '${this.descriptor.name}': cannot add null`);
      cur.push(v);
    }
    if (cur.length > 0) this.writeIn(this.nsBytes, cur);
  }
  update(values: Iterable<T>): void {
    const list = Array.from(values);
    if (list.length === 0) this.clear();
    else this.writeIn(this.nsBytes, list);
  }
  protected override mergeValues(a: T[], b: T[]): T[] {
    for (const v of b) a.push(v);
    return a;
  }
}

/**
 * Flink's MapState over a Wasm table: one table entry per user key, its namespace part being
 * [u16 namespace length][namespace bytes][user key bytes], so a (key, namespace) map is found by a filtered
 * scan of the key's key-group band.
 */
export class WasmMapState<K, V> extends AbstractWasmState<Map<unknown, [K, V]>> implements MapState<K, V> {
  private readonly userKeys: { encode(k: K): Uint8Array; decode(b: Uint8Array): K };
  private readonly valueSer: ValueSerializer<V>;
  private readonly valueType: TypeInformation<V>;
  constructor(ctx: WasmKeyContext, descriptor: MapStateDescriptor<K, V>, table: WasmStateTable, valueType: TypeInformation<V>) {
    super(ctx, descriptor as unknown as StateDescriptor<never, unknown>, table);
    this.userKeys = userKeySerializer(descriptor.keyType, ctx.core);
    this.valueSer = valueSerializer(valueType, ctx.core);
    this.valueType = valueType;
  }

  private prefix(ns: Uint8Array): Uint8Array {
    const p = new Uint8Array(2 + ns.length);
    p[0] = ns.length & 0xff;
    p[1] = ns.length >>> 8;
    p.set(ns, 2);
    return p;
  }

  private entryNs(userKey: K): Uint8Array {
    const uk = this.userKeys.encode(userKey);
    const ns = this.nsBytes;
    const out = new Uint8Array(2 + ns.length + uk.length);
    out[0] = ns.length & 0xff;
    out[1] = ns.length >>> 8;
    out.set(ns, 2);
    out.set(uk, 2 + ns.length);
    return out;
  }

  private readValue(bytes: Uint8Array): V {
    if (!this.valueSer.fixed) return this.valueSer.decode(bytes);
    return fixedFromView(this.valueType as TypeInformation<unknown>, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as V;
  }

  get(key: K): V | null {
    const ns = this.entryNs(key);
    const kl = this.stage(ns);
    if (this.valueSer.fixed) {
      const a = this.table.find(this.ctx.currentKeyGroup, kl, ns.length);
      return a === 0 ? null : this.valueSer.read(this.core, a);
    }
    const view = this.table.getVarView(this.ctx.currentKeyGroup, kl, ns.length);
    return view === undefined ? null : this.valueSer.decode(view);
  }
  put(key: K, value: V): void {
    const ns = this.entryNs(key);
    if (this.valueSer.fixed) {
      this.valueSer.check(value);
      const a = this.table.upsert(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
      this.valueSer.write(this.core, a, value);
    } else {
      const bytes = this.valueSer.encode(value);
      this.table.putVar(this.ctx.currentKeyGroup, this.stage(ns), ns.length, bytes);
    }
  }
  putAll(entries: Iterable<[K, V]> | Map<K, V>): void {
    for (const [k, v] of entries) this.put(k, v);
  }
  remove(key: K): void {
    const ns = this.entryNs(key);
    this.table.remove(this.ctx.currentKeyGroup, this.stage(ns), ns.length);
  }
  contains(key: K): boolean {
    const ns = this.entryNs(key);
    const kl = this.stage(ns);
    if (this.valueSer.fixed) return this.table.find(this.ctx.currentKeyGroup, kl, ns.length) !== 0;
    return this.table.getVarView(this.ctx.currentKeyGroup, kl, ns.length) !== undefined;
  }
  private collect(nsBytes: Uint8Array): Array<[K, V]> {
    const out: Array<[K, V]> = [];
    const kg = this.ctx.currentKeyGroup;
    const prefix = this.prefix(nsBytes);
    this.table.scan(kg, kg, (_kg, _key, ns, value) => {
      out.push([this.userKeys.decode(ns.subarray(prefix.length)), this.readValue(value)]);
    }, this.ctx.currentKeyBytes, prefix);
    return out;
  }
  *entries(): Iterable<[K, V]> {
    yield* this.collect(this.nsBytes);
  }
  *keys(): Iterable<K> {
    for (const [k] of this.collect(this.nsBytes)) yield k;
  }
  *values(): Iterable<V> {
    for (const [, v] of this.collect(this.nsBytes)) yield v;
  }
  isEmpty(): boolean {
    return this.collect(this.nsBytes).length === 0;
  }
  override clear(): void {
    for (const [k] of this.collect(this.nsBytes)) this.remove(k);
  }

  protected readIn(ns: Uint8Array): Map<unknown, [K, V]> | undefined {
    const list = this.collect(ns);
    if (list.length === 0) return undefined;
    return new Map(list.map(([k, v]) => [keyIdentity(k), [k, v]]));
  }
  protected writeIn(ns: Uint8Array, value: Map<unknown, [K, V]>): void {
    const saved = this.nsBytes;
    this.nsBytes = ns;
    try {
      for (const [k, v] of value.values()) this.put(k, v);
    } finally {
      this.nsBytes = saved;
    }
  }
  protected decodeStored(): Map<unknown, [K, V]> {
    throw new Error("map state entries are decoded per user key");
  }
  override mergeNamespaces(): void {
    throw new Error(`state '${this.descriptor.name}' of kind map cannot be merged`);
  }

  override keysIn(namespace: Namespace): unknown[] {
    const want = this.prefix(encodeNamespace(namespace));
    const seen = new Map<unknown, unknown>();
    const r = this.ctx.keyGroupRange;
    if (r.numberOfKeyGroups === 0) return [];
    this.table.scan(r.startKeyGroup, r.endKeyGroup, (_kg, key, ns) => {
      if (ns.length >= want.length && sameBytes(ns.subarray(0, want.length), want)) {
        const k = decodeKey(key);
        seen.set(keyIdentity(k), k);
      }
    });
    return Array.from(seen.values());
  }

  /** Entries grouped per (key, namespace) into the heap backend's value form: Map<identity, [userKey, value]>. */
  override decodeEntries(chunks: readonly Uint8Array[], into: (entry: StateEntry) => void): void {
    // One table entry per user key: group them back into one map per (key, namespace).
    const groups = new Map<string, { ns: Namespace; key: unknown; map: Map<unknown, [K, V]> }>();
    WasmStateTable.visitChunks(chunks, (_kg, key, ns, value) => {
      const nsLen = ns[0]! | (ns[1]! << 8);
      const nsBytes = ns.subarray(2, 2 + nsLen);
      const id = `${latin1(key)}|${latin1(nsBytes)}`;
      let g = groups.get(id);
      if (g === undefined) groups.set(id, (g = { ns: decodeNamespace(nsBytes), key: decodeKey(key), map: new Map() }));
      const uk = this.userKeys.decode(ns.subarray(2 + nsLen));
      g.map.set(keyIdentity(uk), [uk, this.readValue(value)]);
    });
    for (const g of groups.values()) into([g.ns, g.key, g.map]);
  }

  override restoreValue(value: unknown): void {
    const entries = value instanceof Map ? value.values() : (value as Iterable<[K, V]>);
    for (const [k, v] of entries as Iterable<[K, V]>) this.put(k, v);
  }
}
