// The `rivulet` package root for browsers and other runtimes without Node APIs: the whole library, with files
// read through `fetch`. Node and Deno load `node.ts`, which adds file and socket access.
export * from "./api/index.js";
export * from "./graph/index.js";
export * from "./runtime/index.js";
export * from "./state/index.js";
export * from "./checkpoint/index.js";
export * from "./connectors/index.js";
export * from "./core/index.js";
