// Entry point of the Rivulet Wasm core: re-exports every module's exported functions.
export { coreVersion } from "./version";
