// Public type descriptors (`Types`): what a record, key or state value looks like, mirroring Flink's
// TypeInformation. They drive the binary codec (channels, snapshots) and let typed state live in Wasm tables.

/** Kinds of type descriptors. */
export type TypeKind =
  | "INT"
  | "LONG"
  | "DOUBLE"
  | "FLOAT"
  | "BOOLEAN"
  | "STRING"
  | "BYTES"
  | "ROW"
  | "LIST"
  | "GENERIC";

/**
 * Describes the values of one type, like Flink's `TypeInformation<T>`. Instances come only from `Types`;
 * `T` is the JavaScript type of the values.
 *
 * @example
 * ```ts
 * import { Types, type TypeInformation } from "rivulet";
 * const bid: TypeInformation<{ auction: number; price: number }> =
 *   Types.ROW({ auction: Types.LONG, price: Types.LONG });
 * ```
 */
export interface TypeInformation<T = unknown> {
  /** What kind of values these are. */
  readonly kind: TypeKind;
  /** Whether `null` is a legal value (see `Types.NULLABLE`). */
  readonly nullable: boolean;
  /** Field names and types, in order, for `ROW`. */
  readonly fields?: ReadonlyArray<readonly [string, TypeInformation<unknown>]>;
  /** Element type, for `LIST`. */
  readonly element?: TypeInformation<unknown>;
  /** Flink-style rendering, e.g. `ROW<auction LONG, price LONG>`. */
  toString(): string;
  /** Phantom member carrying `T`; never set at run time. */
  readonly __type?: T;
}

/** The JavaScript type of the values a descriptor describes. */
export type TypeOf<D> = D extends TypeInformation<infer T> ? T : never;

/** Maps a record of field descriptors to the record type they describe. */
export type RowOf<F extends Record<string, TypeInformation<any>>> = { [K in keyof F]: TypeOf<F[K]> };

class TypeDescriptor<T> implements TypeInformation<T> {
  declare readonly __type?: T;
  constructor(
    readonly kind: TypeKind,
    readonly nullable: boolean,
    readonly fields?: ReadonlyArray<readonly [string, TypeInformation<unknown>]>,
    readonly element?: TypeInformation<unknown>,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    let s: string;
    if (this.kind === "ROW") s = `ROW<${(this.fields ?? []).map(([n, t]) => `${n} ${t.toString()}`).join(", ")}>`;
    else if (this.kind === "LIST") s = `LIST<${String(this.element)}>`;
    else s = this.kind;
    return this.nullable ? `${s} NULL` : s;
  }
}

/** True when `x` is a descriptor made by `Types`. */
export function isTypeInformation(x: unknown): x is TypeInformation<unknown> {
  return x instanceof TypeDescriptor;
}

function row<F extends Record<string, TypeInformation<any>>>(fields: F): TypeInformation<RowOf<F>> {
  const entries = Object.entries(fields);
  for (const [name, t] of entries) {
    if (!isTypeInformation(t)) throw new TypeError(`Types.ROW: field "${name}" is not a Types descriptor`);
  }
  return new TypeDescriptor<RowOf<F>>("ROW", false, entries.map(([n, t]) => [n, t] as const));
}

function list<E>(element: TypeInformation<E>): TypeInformation<E[]> {
  if (!isTypeInformation(element)) throw new TypeError("Types.LIST: element is not a Types descriptor");
  return new TypeDescriptor<E[]>("LIST", false, undefined, element);
}

function nullable<T>(t: TypeInformation<T>): TypeInformation<T | null> {
  if (!isTypeInformation(t)) throw new TypeError("Types.NULLABLE: argument is not a Types descriptor");
  if (t.nullable) return t as TypeInformation<T | null>;
  return new TypeDescriptor<T | null>(t.kind, true, t.fields, t.element);
}

/**
 * Type descriptors, as Flink's `org.apache.flink.api.common.typeinfo.Types`. Fields and values are not
 * nullable unless wrapped in `Types.NULLABLE` (Flink's row fields are always nullable; here it is explicit
 * so the codec can skip null markers).
 *
 * @example
 * ```ts
 * import { Types } from "rivulet";
 * const bid = Types.ROW({
 *   auction: Types.LONG, bidder: Types.LONG, price: Types.LONG, channel: Types.STRING,
 *   url: Types.STRING, dateTime: Types.LONG, extra: Types.NULLABLE(Types.STRING),
 * });
 * const words = Types.LIST(Types.STRING);
 * ```
 */
export const Types = {
  /** 32-bit signed integer (Java `int`); JS `number`, integral, in [-2^31, 2^31). */
  INT: new TypeDescriptor<number>("INT", false) as TypeInformation<number>,
  /**
   * 64-bit signed integer (Java `long`); JS `number` (safe integers) or `bigint`. Decodes to `number` when
   * the value is a safe integer, else to `bigint`.
   */
  LONG: new TypeDescriptor<number>("LONG", false) as TypeInformation<number>,
  /** 64-bit float (Java `double`); JS `number`. */
  DOUBLE: new TypeDescriptor<number>("DOUBLE", false) as TypeInformation<number>,
  /** 32-bit float (Java `float`); JS `number`, rounded to single precision. */
  FLOAT: new TypeDescriptor<number>("FLOAT", false) as TypeInformation<number>,
  /** Boolean; JS `boolean`. */
  BOOLEAN: new TypeDescriptor<boolean>("BOOLEAN", false) as TypeInformation<boolean>,
  /** String, stored as UTF-8; JS `string` (lone surrogates are replaced by U+FFFD, as `TextEncoder` does). */
  STRING: new TypeDescriptor<string>("STRING", false) as TypeInformation<string>,
  /** Byte array (Flink's `PRIMITIVE_ARRAY(BYTE)`); JS `Uint8Array` (decoded as a copy). */
  BYTES: new TypeDescriptor<Uint8Array>("BYTES", false) as TypeInformation<Uint8Array>,
  /**
   * Any structured value (Flink's `GENERIC`, serialised with Kryo there): null, undefined, booleans, numbers,
   * bigints, strings, Uint8Array, Date, arrays and plain objects, encoded self-describingly. Untyped state
   * uses it.
   */
  GENERIC: new TypeDescriptor<unknown>("GENERIC", false) as TypeInformation<unknown>,
  /** A row with named fields in the given order (Flink's `ROW_NAMED`); JS plain object. */
  ROW: row,
  /** A list (Flink's `LIST`); JS array. */
  LIST: list,
  /** The same type with `null` allowed (`undefined` is written as null too, except inside GENERIC). */
  NULLABLE: nullable,
} as const;
