// State layer: key groups, keyed state backends, snapshots.
export * from "./java-hash.js";
export * from "./key-groups.js";
export * from "./key-identity.js";
export * from "./keyed-state-backend.js";
export * from "./timer-queue.js";
export * from "./heap-timer-queue.js";
export * from "./heap-states.js";
export * from "./heap-keyed-state-backend.js";
export * from "./ttl-state.js";
export * from "./hash-map-state-backend.js";
export * from "./wasm-aggregates.js";
export * from "./wasm-keyed-state-backend.js";
export * from "./wasm-state-backend.js";
export * from "./wasm-timer-queue.js";
