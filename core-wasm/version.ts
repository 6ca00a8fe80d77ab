// Version of the Wasm core's exported ABI; the host checks it when it instantiates the module.
export const CORE_ABI_VERSION: i32 = 2; // 2: timersPollOne

export function coreVersion(): i32 {
  return CORE_ABI_VERSION;
}
