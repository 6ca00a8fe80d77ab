// Type descriptors for typed state and binary records (Flink's TypeInformation / Types).

/** Describes the type of a state value or record field, so it can be stored in Wasm tables or encoded. */
export interface TypeInformation<T = unknown> {
  readonly kind: "INT" | "LONG" | "DOUBLE" | "FLOAT" | "BOOLEAN" | "STRING" | "BYTES" | "ROW" | "LIST" | "GENERIC";
  /** Phantom field carrying `T`; never set. */
  readonly __type?: T;
}

const basic = <T>(kind: TypeInformation["kind"]): TypeInformation<T> => Object.freeze({ kind });

/** Flink's `Types`: the descriptors typed state and codecs understand. */
export const Types = {
  INT: basic<number>("INT"),
  LONG: basic<number>("LONG"),
  DOUBLE: basic<number>("DOUBLE"),
  FLOAT: basic<number>("FLOAT"),
  BOOLEAN: basic<boolean>("BOOLEAN"),
  STRING: basic<string>("STRING"),
  BYTES: basic<Uint8Array>("BYTES"),
  GENERIC: basic<unknown>("GENERIC"),
} as const;
