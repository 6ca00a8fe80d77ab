import { describe, expect, it } from "vitest";
import { createJobGraph, StreamExecutionEnvironment } from "../../host/index.js";

describe("StreamGraph -> JobGraph", () => {
  it("chains forward edges with equal parallelism, breaks chains at shuffles and parallelism changes", () => {
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env
      .fromSequence(1, 10)
      .map((x: number) => x)
      .filter(() => true)
      .keyBy((x) => x % 2)
      .reduce((a, b) => a + b)
      .map((x) => x)
      .setParallelism(1)
      .print();
    const job = createJobGraph(env.getStreamGraph("plan"));
    expect(job.vertices.map((v) => [v.name, v.parallelism])).toEqual([
      ["Source: Sequence Source -> Map -> Filter", 2],
      ["Keyed Reduce", 2],
      // The sink takes the environment's parallelism (2), as in Flink, so it cannot chain to the Map at 1.
      ["Map", 1],
      ["Sink: Print to Std. Out", 2],
    ]);
  });

  it("disableChaining, startNewChain and disabled chaining split chains", () => {
    const build = (configure: (env: StreamExecutionEnvironment) => void): string[] => {
      const env = new StreamExecutionEnvironment();
      configure(env);
      return createJobGraph(env.getStreamGraph()).vertices.map((v) => v.name);
    };
    expect(
      build((env) => {
        env.fromElements(1).map((x: number) => x).name("A").map((x) => x).name("B").disableChaining().map((x) => x).name("C").print();
      }),
    ).toEqual(["Source: Collection Source -> A", "B", "C -> Sink: Print to Std. Out"]);
    expect(
      build((env) => {
        env.fromElements(1).map((x: number) => x).name("A").map((x) => x).name("B").startNewChain().map((x) => x).name("C").print();
      }),
    ).toEqual(["Source: Collection Source -> A", "B -> C -> Sink: Print to Std. Out"]);
    expect(
      build((env) => {
        env.disableOperatorChaining();
        env.fromElements(1).map((x: number) => x).name("A").print();
      }),
    ).toEqual(["Source: Collection Source", "A", "Sink: Print to Std. Out"]);
  });

  it("fan-out inside a chain feeds both branches", async () => {
    const env = new StreamExecutionEnvironment();
    const src = env.fromElements(1, 2).map((x: number) => x * 10);
    const seen: number[] = [];
    src.map((x) => x + 1).addSink((x) => void seen.push(x));
    src.map((x) => x + 2).addSink((x) => void seen.push(x));
    const job = createJobGraph(env.getStreamGraph("fan", false));
    expect(job.vertices).toHaveLength(1);
    await env.execute();
    expect(seen.sort((a, b) => a - b)).toEqual([11, 12, 21, 22]);
  });

  it("getExecutionPlan prints Flink's JSON layout", () => {
    const env = new StreamExecutionEnvironment();
    env.fromElements("a").map((x: string) => x).setParallelism(2).keyBy((x) => x).sum(0).print();
    const plan = JSON.parse(env.getExecutionPlan()) as { nodes: Array<Record<string, unknown>> };
    expect(plan.nodes).toEqual([
      { id: 1, type: "Source: Collection Source", pact: "Data Source", contents: "Source: Collection Source", parallelism: 1 },
      { id: 2, type: "Map", pact: "Operator", contents: "Map", parallelism: 2, predecessors: [{ id: 1, ship_strategy: "REBALANCE", side: "second" }] },
      { id: 3, type: "Keyed Aggregation", pact: "Operator", contents: "Keyed Aggregation", parallelism: 1, predecessors: [{ id: 2, ship_strategy: "HASH", side: "second" }] },
      { id: 4, type: "Sink: Print to Std. Out", pact: "Data Sink", contents: "Sink: Print to Std. Out", parallelism: 1, predecessors: [{ id: 3, ship_strategy: "FORWARD", side: "second" }] },
    ]);
    // The plan does not consume the program.
    expect(env.transformations.length).toBeGreaterThan(0);
  });

  it("rejects an empty program and duplicate uids", async () => {
    await expect(new StreamExecutionEnvironment().execute()).rejects.toThrow(/No operators defined in streaming topology/);
    const env = new StreamExecutionEnvironment();
    env.fromElements(1).map((x: number) => x).uid("same").map((x) => x).uid("same").print();
    expect(() => env.getExecutionPlan()).toThrow(/duplicate uid 'same'/);
  });

  it("setParallelism is refused on virtual streams", () => {
    const env = new StreamExecutionEnvironment();
    expect(() => env.fromElements(1).rebalance().setParallelism(2)).toThrow(/can only be set on an operator, not on a Partition/);
  });
});
