// Checkpoint layer: restart strategies (coordinator, storage and savepoints follow).
export * from "./restart-strategies.js";
