// Checkpoint layer: coordinator, storage and metadata, state assignment, restart strategies, two-phase commit.
export * from "./restart-strategies.js";
export * from "./crc32.js";
export * from "./state-codec.js";
export * from "./metadata.js";
export * from "./snapshot-format.js";
export * from "./checkpoint-storage.js";
export * from "./state-assignment.js";
export * from "./checkpoint-coordinator.js";
export * from "./two-phase-commit-sink.js";
