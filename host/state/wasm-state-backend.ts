// Flink-style state backend whose keyed state lives in Wasm managed memory (core-wasm state tables).
import { WasmCore } from "../core/wasm-core.js";
import type { KeyedStateBackend, KeyedStateBackendOptions, StateBackend } from "./keyed-state-backend.js";
import { WasmKeyedStateBackend } from "./wasm-keyed-state-backend.js";

/** Options of `WasmStateBackend`. */
export interface WasmStateBackendOptions {
  /**
   * Managed memory per operator subtask for keyed state, in bytes (Flink's managed memory per slot).
   * Exceeding it throws `MemoryBudgetExhaustedError` from the state access that needed more. Default 1 GiB.
   */
  managedMemoryBytes?: number;
  /** The Wasm core to allocate from. Default: the process-wide core. */
  core?: WasmCore;
}

/**
 * Keyed state in managed memory segments of the Wasm core (the role RocksDB plays in Flink: compact, off the
 * JS heap, bounded by a per-task budget). Typed state (descriptors with a `Types` descriptor, built-in
 * aggregates, MapState with a typed key) lives in Wasm hash tables; untyped state stays on the JS heap. Keyed
 * operators' timers live in the Wasm timer heap, as Flink's RocksDB backend keeps timers in RocksDB.
 *
 * @example
 * ```ts
 * import { StreamExecutionEnvironment, WasmStateBackend } from "rivulet";
 * const env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.setStateBackend(new WasmStateBackend({ managedMemoryBytes: 256 * 1024 * 1024 }));
 * ```
 */
export class WasmStateBackend implements StateBackend {
  readonly name = "wasm";
  private readonly managedMemoryBytes: number;
  private readonly core: WasmCore | undefined;

  constructor(options: WasmStateBackendOptions = {}) {
    const bytes = options.managedMemoryBytes ?? 2 ** 30;
    if (!(bytes > 0) || !Number.isFinite(bytes)) {
      throw new RangeError(`WasmStateBackend: managedMemoryBytes must be a positive number, got ${bytes}`);
    }
    this.managedMemoryBytes = bytes;
    this.core = options.core;
  }

  createKeyedStateBackend(options: KeyedStateBackendOptions): KeyedStateBackend {
    return new WasmKeyedStateBackend({
      ...options,
      core: this.core ?? WasmCore.get(),
      memoryBytes: this.managedMemoryBytes,
    });
  }
}
