// Graph layer: StreamGraph -> JobGraph (chaining); pure data, no execution.
export * from "./stream-graph.js";
export * from "./job-graph.js";
export * from "./execution-plan.js";
