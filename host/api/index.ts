// API layer: what users touch. Builds graphs; runs nothing itself.
export * from "./time.js";
export * from "./configuration.js";
export * from "./environment.js";
export * from "./datastream.js";
export * from "./functions.js";
export * from "./function-utils.js";
export * from "./process-functions.js";
export * from "./output-tag.js";
export * from "./runtime-context.js";
export * from "./state.js";
export * from "./types.js";
export * from "./source.js";
export * from "./source-function.js";
export * from "./watermark-strategy.js";
export * from "./job-client.js";
export * from "./aggregations.js";
export * from "./transformation.js";
