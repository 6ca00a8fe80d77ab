// The execution plan as JSON, in the layout of Flink's JSONGenerator (env.getExecutionPlan()).
import type { StreamGraph } from "./stream-graph.js";

export interface ExecutionPlanNode {
  id: number;
  type: string;
  pact: "Data Source" | "Operator" | "Data Sink";
  contents: string;
  parallelism: number;
  predecessors?: Array<{ id: number; ship_strategy: string; side: "second" }>;
}

/** `{"nodes":[...]}` with each operator, its parallelism and its inputs' ship strategies. */
export function executionPlanJson(graph: StreamGraph): string {
  const nodes: ExecutionPlanNode[] = graph.nodes.map((n) => {
    const entry: ExecutionPlanNode = {
      id: n.id,
      type: n.name,
      pact: n.kind === "source" ? "Data Source" : n.kind === "sink" ? "Data Sink" : "Operator",
      contents: n.name,
      parallelism: n.parallelism,
    };
    if (n.inEdges.length > 0) {
      entry.predecessors = n.inEdges.map((e) => ({ id: e.source.id, ship_strategy: e.partitioner.name, side: "second" as const }));
    }
    return entry;
  });
  return JSON.stringify({ nodes }, null, 2);
}
