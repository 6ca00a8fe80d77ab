// The logical plan a DataStream program builds (Flink's Transformation family). Runs nothing.
import type { StreamOperator } from "../runtime/stream-operator.js";
import type { StreamPartitioner } from "../runtime/partitioners.js";
import type { OutputTag } from "./output-tag.js";
import type { Source } from "./source.js";

/** Whether an operator may be chained to its predecessor and successors (Flink's ChainingStrategy). */
export type ChainingStrategy = "ALWAYS" | "HEAD" | "NEVER";

/** Creates a fresh operator instance for one parallel subtask. */
export type OperatorFactory = () => StreamOperator<unknown>;

let nextTransformationId = 1;

/** A node of the logical plan. Parallelism -1 means "the environment's default". */
export abstract class Transformation {
  readonly id = nextTransformationId++;
  uid: string | undefined;
  parallelism = -1;
  maxParallelism = -1;
  chainingStrategy: ChainingStrategy = "ALWAYS";
  /** Whether the user set the parallelism explicitly (sources then keep it even when the default changes). */
  parallelismSet = false;
  constructor(public name: string) {}
  abstract get inputs(): readonly Transformation[];
}

/** A source (Flink's SourceTransformation). */
export class SourceTransformation extends Transformation {
  override chainingStrategy: ChainingStrategy = "HEAD";
  constructor(
    name: string,
    readonly source: Source<unknown, unknown>,
  ) {
    super(name);
    if (source.maxParallelism === 1) {
      this.parallelism = 1;
    }
  }
  get inputs(): readonly Transformation[] {
    return [];
  }
}

/** An operator with one input; `keySelector` makes it keyed (Flink's OneInputTransformation). */
export class OneInputTransformation extends Transformation {
  constructor(
    name: string,
    readonly input: Transformation,
    readonly operatorFactory: OperatorFactory,
    readonly keySelector?: (value: unknown) => unknown,
    readonly isSink = false,
  ) {
    super(name);
  }
  get inputs(): readonly Transformation[] {
    return [this.input];
  }
}

/** An operator with two inputs (Flink's TwoInputTransformation). */
export class TwoInputTransformation extends Transformation {
  constructor(
    name: string,
    readonly input1: Transformation,
    readonly input2: Transformation,
    readonly operatorFactory: OperatorFactory,
    readonly keySelector1?: (value: unknown) => unknown,
    readonly keySelector2?: (value: unknown) => unknown,
  ) {
    super(name);
  }
  get inputs(): readonly Transformation[] {
    return [this.input1, this.input2];
  }
}

/** Merges streams of the same type; virtual, no operator (Flink's UnionTransformation). */
export class UnionTransformation extends Transformation {
  constructor(readonly unionInputs: readonly Transformation[]) {
    super("Union");
  }
  get inputs(): readonly Transformation[] {
    return this.unionInputs;
  }
}

/** Changes how records are routed to the next operator; virtual (Flink's PartitionTransformation). */
export class PartitionTransformation extends Transformation {
  constructor(
    readonly input: Transformation,
    readonly partitioner: StreamPartitioner,
  ) {
    super("Partition");
  }
  get inputs(): readonly Transformation[] {
    return [this.input];
  }
}

/** Selects a side output of its input; virtual (Flink's SideOutputTransformation). */
export class SideOutputTransformation extends Transformation {
  constructor(
    readonly input: Transformation,
    readonly tag: OutputTag<unknown>,
  ) {
    super(`SideOutput(${tag.id})`);
  }
  get inputs(): readonly Transformation[] {
    return [this.input];
  }
}
