// The `rivulet` package root for browsers and other runtimes without Node APIs: the whole library, with files
// read through `fetch`. Node and Deno load `node.ts`, which adds file and socket access.
export * from "./api/index.js";
export * from "./graph/index.js";
export * from "./runtime/index.js";
export * from "./state/index.js";
export * from "./checkpoint/index.js";
export * from "./connectors/index.js";
export * from "./core/index.js";

// Built-in numeric window aggregations run on the Wasm pane kernel by default (Flink's WindowOperator semantics
// for the cases it accepts; everything else runs in the JS window operator). `installWindowAggregationKernel(null)`
// turns it off.
import { installWasmWindowKernel } from "./runtime/operators/wasm-window-aggregate-operator.js";
installWasmWindowKernel();
