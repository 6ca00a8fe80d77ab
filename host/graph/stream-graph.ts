// StreamGraph: operators and the edges between them, with partitioners resolved (Flink's StreamGraph and
// StreamGraphGenerator). Built from the transformations of an environment; pure data.
import type { OutputTag } from "../api/output-tag.js";
import type { Source } from "../api/source.js";
import {
  type ChainingStrategy,
  OneInputTransformation,
  type OperatorFactory,
  PartitionTransformation,
  SideOutputTransformation,
  SourceTransformation,
  type Transformation,
  TwoInputTransformation,
  UnionTransformation,
} from "../api/transformation.js";
import {
  ForwardPartitioner,
  KeyGroupStreamPartitioner,
  RebalancePartitioner,
  type StreamPartitioner,
} from "../runtime/partitioners.js";
import { checkParallelism, computeDefaultMaxParallelism } from "../state/key-groups.js";

export interface StreamNode {
  readonly id: number;
  readonly name: string;
  readonly uid: string | undefined;
  /** Stable id used to match state across restores: the uid when set, else derived from the graph. */
  operatorId: string;
  readonly kind: "source" | "operator" | "sink";
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly chainingStrategy: ChainingStrategy;
  readonly operatorFactory: OperatorFactory | undefined;
  readonly source: Source<unknown, unknown> | undefined;
  readonly keySelector1: ((value: unknown) => unknown) | undefined;
  readonly keySelector2: ((value: unknown) => unknown) | undefined;
  readonly numberOfInputs: 0 | 1 | 2;
  readonly inEdges: StreamEdge[];
  readonly outEdges: StreamEdge[];
}

export interface StreamEdge {
  readonly source: StreamNode;
  readonly target: StreamNode;
  readonly partitioner: StreamPartitioner;
  /** Set when the edge carries a side output instead of the main output. */
  readonly outputTag: OutputTag<unknown> | undefined;
  /** Which input of the target: 1, or 2 for the second input of a two-input operator. */
  readonly typeNumber: 1 | 2;
}

export interface StreamGraphOptions {
  readonly jobName: string;
  readonly defaultParallelism: number;
  /** Job-wide max parallelism, or -1 for Flink's per-operator default. */
  readonly maxParallelism: number;
  readonly chainingEnabled: boolean;
}

export interface StreamGraph {
  readonly jobName: string;
  readonly nodes: readonly StreamNode[];
  readonly chainingEnabled: boolean;
}

type VirtualNode =
  | { kind: "partition"; input: number; partitioner: StreamPartitioner }
  | { kind: "side"; input: number; tag: OutputTag<unknown> };

/** Translates transformations into a StreamGraph (Flink's StreamGraphGenerator). */
export function generateStreamGraph(transformations: readonly Transformation[], options: StreamGraphOptions): StreamGraph {
  const nodes: StreamNode[] = [];
  const virtual = new Map<number, VirtualNode>();
  const done = new Map<Transformation, number[]>();
  let nextVirtualId = -1;
  const uids = new Set<string>();

  const parallelismOf = (t: Transformation): number => (t.parallelism > 0 ? t.parallelism : options.defaultParallelism);
  const maxParallelismOf = (t: Transformation, p: number): number =>
    t.maxParallelism > 0 ? t.maxParallelism : options.maxParallelism > 0 ? options.maxParallelism : computeDefaultMaxParallelism(p);

  const addNode = (
    t: Transformation,
    kind: StreamNode["kind"],
    extra: Pick<StreamNode, "operatorFactory" | "source" | "keySelector1" | "keySelector2" | "numberOfInputs">,
  ): StreamNode => {
    const parallelism = parallelismOf(t);
    const maxParallelism = maxParallelismOf(t, parallelism);
    try {
      checkParallelism(parallelism, maxParallelism);
    } catch (e) {
      throw new Error(`operator '${t.name}': ${(e as Error).message}`);
    }
    if (t.uid !== undefined) {
      if (uids.has(t.uid)) throw new Error(`duplicate uid '${t.uid}': each operator's uid must be unique in a job`);
      uids.add(t.uid);
    }
    const node: StreamNode = {
      id: nodes.length + 1,
      // Flink prefixes source and sink names in the graph.
      name: kind === "source" ? `Source: ${t.name}` : kind === "sink" ? `Sink: ${t.name}` : t.name,
      uid: t.uid,
      operatorId: t.uid ?? "",
      kind,
      parallelism,
      maxParallelism,
      chainingStrategy: t.chainingStrategy,
      inEdges: [],
      outEdges: [],
      ...extra,
    };
    nodes.push(node);
    return node;
  };

  const addEdge = (upId: number, down: StreamNode, typeNumber: 1 | 2, partitioner?: StreamPartitioner, tag?: OutputTag<unknown>): void => {
    const v = virtual.get(upId);
    if (v !== undefined) {
      if (v.kind === "partition") addEdge(v.input, down, typeNumber, v.partitioner, tag);
      else addEdge(v.input, down, typeNumber, partitioner, v.tag);
      return;
    }
    const up = nodes[upId - 1]!;
    let p = partitioner;
    if (p === undefined) {
      // Flink's default: forward when the parallelism stays the same, rebalance when it changes.
      p = up.parallelism === down.parallelism ? new ForwardPartitioner() : new RebalancePartitioner();
    } else if (p instanceof ForwardPartitioner && up.parallelism !== down.parallelism) {
      throw new Error(
        `Forward partitioning does not allow change of parallelism. Upstream operation: '${up.name}' parallelism: ` +
          `${up.parallelism}, downstream operation: '${down.name}' parallelism: ${down.parallelism}. ` +
          "You must use another partitioning strategy, such as broadcast, rebalance, shuffle or global.",
      );
    }
    if (p instanceof KeyGroupStreamPartitioner) p = p.configure(down.maxParallelism);
    const edge: StreamEdge = { source: up, target: down, partitioner: p, outputTag: tag, typeNumber };
    up.outEdges.push(edge);
    down.inEdges.push(edge);
  };

  const transform = (t: Transformation): number[] => {
    const seen = done.get(t);
    if (seen !== undefined) return seen;
    let ids: number[];
    if (t instanceof SourceTransformation) {
      if (t.source.maxParallelism === 1 && parallelismOf(t) !== 1) {
        throw new Error(`The parallelism of non parallel operator must be 1. Source '${t.name}' has parallelism ${parallelismOf(t)}`);
      }
      ids = [addNode(t, "source", { operatorFactory: undefined, source: t.source, keySelector1: undefined, keySelector2: undefined, numberOfInputs: 0 }).id];
    } else if (t instanceof OneInputTransformation) {
      const inputs = transform(t.input);
      const node = addNode(t, t.isSink ? "sink" : "operator", {
        operatorFactory: t.operatorFactory,
        source: undefined,
        keySelector1: t.keySelector,
        keySelector2: undefined,
        numberOfInputs: 1,
      });
      for (const i of inputs) addEdge(i, node, 1);
      ids = [node.id];
    } else if (t instanceof TwoInputTransformation) {
      const in1 = transform(t.input1);
      const in2 = transform(t.input2);
      const node = addNode(t, "operator", {
        operatorFactory: t.operatorFactory,
        source: undefined,
        keySelector1: t.keySelector1,
        keySelector2: t.keySelector2,
        numberOfInputs: 2,
      });
      for (const i of in1) addEdge(i, node, 1);
      for (const i of in2) addEdge(i, node, 2);
      ids = [node.id];
    } else if (t instanceof UnionTransformation) {
      ids = t.unionInputs.flatMap((i) => transform(i));
    } else if (t instanceof PartitionTransformation) {
      ids = transform(t.input).map((input) => {
        const id = nextVirtualId--;
        virtual.set(id, { kind: "partition", input, partitioner: t.partitioner });
        return id;
      });
    } else if (t instanceof SideOutputTransformation) {
      ids = transform(t.input).map((input) => {
        const id = nextVirtualId--;
        virtual.set(id, { kind: "side", input, tag: t.tag });
        return id;
      });
    } else {
      throw new Error(`unknown transformation ${t.constructor.name}`);
    }
    done.set(t, ids);
    return ids;
  };

  for (const t of transformations) transform(t);
  for (const node of nodes) if (node.operatorId === "") node.operatorId = deriveOperatorId(node);
  return { jobName: options.jobName, nodes, chainingEnabled: options.chainingEnabled };
}

/**
 * An operator id derived from the node's position in the topology (its name, inputs and input ids), stable as
 * long as the program builds the same graph. Set `uid` on stateful operators to keep state across program
 * changes, as in Flink.
 */
function deriveOperatorId(node: StreamNode): string {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  mix(String(node.id));
  mix(node.name);
  for (const e of node.inEdges) mix(`${e.source.operatorId || e.source.id}:${e.typeNumber}`);
  return `auto-${node.id}-${(h >>> 0).toString(16)}`;
}
