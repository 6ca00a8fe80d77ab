// JobGraph: the StreamGraph with chainable operators fused into job vertices (Flink's StreamingJobGraphGenerator).
import { ForwardPartitioner } from "../runtime/partitioners.js";
import type { StreamEdge, StreamGraph, StreamNode } from "./stream-graph.js";

/** A task type: a chain of operators run by one task per parallel subtask. */
export interface JobVertex {
  readonly id: number;
  /** The chain's operator names joined with " -> ", as Flink names tasks. */
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** Chained operators, head first, in an order where every operator comes after its chained predecessor. */
  readonly nodes: readonly StreamNode[];
  /** Edges inside the chain (direct calls). */
  readonly chainedEdges: readonly StreamEdge[];
  /** Edges leaving the chain (channels to other vertices). */
  readonly outputEdges: readonly StreamEdge[];
  /** Edges entering the chain's head. */
  readonly inputEdges: readonly StreamEdge[];
}

export interface JobGraph {
  readonly jobName: string;
  readonly vertices: readonly JobVertex[];
  /** The vertex holding each stream node. */
  readonly vertexOf: ReadonlyMap<StreamNode, JobVertex>;
}

/**
 * Flink's chaining rule (StreamingJobGraphGenerator.isChainable): the downstream operator has this edge as its
 * only input, may be chained to its predecessor (strategy ALWAYS), the upstream allows successors (not NEVER),
 * the edge is forward with equal parallelism, and chaining is enabled.
 */
export function isChainable(edge: StreamEdge, chainingEnabled: boolean): boolean {
  const up = edge.source;
  const down = edge.target;
  return (
    chainingEnabled &&
    down.inEdges.length === 1 &&
    down.chainingStrategy === "ALWAYS" &&
    up.chainingStrategy !== "NEVER" &&
    edge.partitioner instanceof ForwardPartitioner &&
    up.parallelism === down.parallelism
  );
}

export function createJobGraph(graph: StreamGraph): JobGraph {
  const vertices: JobVertex[] = [];
  const vertexOf = new Map<StreamNode, JobVertex>();
  const heads: StreamNode[] = graph.nodes.filter((n) => n.inEdges.length === 0 || !n.inEdges.some((e) => isChainable(e, graph.chainingEnabled)));
  for (const head of heads) {
    const nodes: StreamNode[] = [];
    const chainedEdges: StreamEdge[] = [];
    const outputEdges: StreamEdge[] = [];
    const visit = (node: StreamNode): void => {
      nodes.push(node);
      for (const e of node.outEdges) {
        if (isChainable(e, graph.chainingEnabled)) {
          chainedEdges.push(e);
          visit(e.target);
        } else {
          outputEdges.push(e);
        }
      }
    };
    visit(head);
    const vertex: JobVertex = {
      id: head.id,
      name: nodes.map((n) => n.name).join(" -> "),
      parallelism: head.parallelism,
      maxParallelism: head.maxParallelism,
      nodes,
      chainedEdges,
      outputEdges,
      inputEdges: head.inEdges,
    };
    vertices.push(vertex);
    for (const n of nodes) vertexOf.set(n, vertex);
  }
  vertices.sort((a, b) => a.id - b.id);
  return { jobName: graph.jobName, vertices, vertexOf };
}
