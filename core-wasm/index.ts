// Entry point of the Rivulet Wasm core: re-exports every module's exported functions (the host's ABI).
export { coreVersion } from "./version";
export { errorCode, errorDetail0, errorDetail1, errorClear } from "./errors";
export {
  budgetCreate, budgetSetLimit, budgetFree, budgetUsed, budgetLimit, segAlloc, segFree, poolTop,
  poolFreeSegments, poolFreeRuns, poolLeakedSegments, poolBase,
} from "./memory";
export { hashBytes, flinkMurmur, keyGroupForHash, javaLongHash, javaStringHashUtf8 } from "./hash";
export {
  tableCreate, tableDrop, tableClear, tableSize, tableCapacity, tableMigrating, tableSegments,
  tableLayoutVersion, tableFind, tableUpsert, tableLastInserted, tableRemove, tableGetVar, tableVarLength,
  tablePutVar, tableCountBatch, tableScan, tableRestore,
} from "./table";
export {
  timersCreate, timersDrop, timersSize, timersRegister, timersDelete, timersPeek, timersPoll, timersPollOne,
  timersSnapshot, timersRestore,
} from "./timers";
export {
  windowCreate, windowDrop, windowDropped, windowPaneCount, windowPaneIndex, windowPaneTable, windowAdd,
  windowAdvance, windowRestorePane, windowWatermark, windowRestoreWatermark,
} from "./window";
export { codecCheckSchema, codecValidate, codecAsciiStrings } from "./codec";
