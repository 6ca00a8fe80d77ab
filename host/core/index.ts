// The Wasm core's host bindings: instantiation, managed memory, codec, state tables, timers, window kernels.
export { WasmCore, CoreBuffer, SEGMENT_SIZE, EXPECTED_CORE_ABI, isErrorCode, type CoreExports } from "./wasm-core.js";
export { CoreError, MemoryBudgetExhaustedError, DecodeError, CoreErrorCode, coreError } from "./errors.js";
export { MemoryBudget, poolStats, type Segment } from "./memory-budget.js";
export {
  RecordCodec, EncodeError, ByteWriter, ByteReader, encodeGeneric, decodeGeneric, writeUtf8, readUtf8,
  type RecordBatch,
} from "./codec.js";
export { WasmStateTable, checkTableSnapshot, CountKeyMode, type WasmStateTableOptions, type TableEntry } from "./state-table.js";
export { WasmTimerHeap, type HeapTimer, type PolledTimerView } from "./timer-heap.js";
export {
  WindowKernel, type WindowKernelOptions, type WindowResultVisitor, type WindowKernelSnapshot,
} from "./window-kernel.js";
