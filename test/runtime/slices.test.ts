import { describe, expect, it } from "vitest";
import { StreamExecutionEnvironment } from "../../host/index.js";

const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("task slices are bounded in time", () => {
  it("a slow operator does not hold up periodic checkpoints", async () => {
    const env = new StreamExecutionEnvironment();
    env.enableCheckpointing(50);
    env
      .fromSequence(1, 400)
      .map((v: number) => {
        busy(2); // 2 ms per record: a slice of 2048 records would take 4 s
        return v;
      })
      .keyBy((v) => v % 3)
      .map((v) => v)
      .addSink(() => {});
    const client = await env.executeAsync("slow");
    await client.getJobExecutionResult();
    const { checkpointsCompleted, elapsedMs } = client.getMetrics();
    // ~0.8 s of work with a 50 ms interval: checkpoints keep completing while the slow map runs.
    expect(elapsedMs).toBeGreaterThan(700);
    expect(checkpointsCompleted).toBeGreaterThanOrEqual(5);
  });
});
