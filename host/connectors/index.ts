// Connectors that run everywhere (no runtime-specific imports). Node/Deno-only ones live in connectors/node/.
export * from "./collection-source.js";
export * from "./sequence-source.js";
export * from "./async-iterable-source.js";
export * from "./source-function-source.js";
export * from "./print-sink.js";
export * from "./text-file-sink.js";
