import { describe, expect, it } from "vitest";
import {
  JobExecutionException,
  type JobRunner,
  OperatorError,
  RestartStrategies,
  RichMapFunction,
  StreamExecutionEnvironment,
} from "../../host/index.js";

describe("job failure", () => {
  it("a throwing user function fails the job with its error and operator name", async () => {
    const env = new StreamExecutionEnvironment().setParallelism(2);
    const userError = new RangeError("price must be positive");
    const job = env
      .fromSequence(1, 100)
      .map((v: number) => {
        if (v === 42) throw userError;
        return v;
      })
      .name("Validate price")
      .executeAndCollect();
    const err = await job.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JobExecutionException);
    expect((err as Error).message).toMatch(/Operator 'Validate price' \(\d\/2\) failed: RangeError: price must be positive/);
    const cause = (err as JobExecutionException).cause as OperatorError;
    expect(cause).toBeInstanceOf(OperatorError);
    expect(cause.operatorName).toBe("Validate price");
    expect(cause.cause).toBe(userError);
  });

  it("errors in a chained operator name that operator, not the chain head", async () => {
    const env = new StreamExecutionEnvironment();
    const job = env
      .fromElements(1, 2)
      .map((v: number) => v)
      .name("First")
      .filter(() => {
        throw new Error("bad filter");
      })
      .name("Second")
      .executeAndCollect();
    await expect(job).rejects.toThrow(/Operator 'Second' \(1\/1\) failed: bad filter/);
  });

  it("a bad key selector fails with the record that broke it", async () => {
    const env = new StreamExecutionEnvironment();
    const job = env.fromElements({ id: 1 }, { other: 2 } as { id?: number }).keyBy((r) => r.id).map((r) => r).executeAndCollect();
    await expect(job).rejects.toThrow(/key selector returned undefined for record \{"other":2\}/);
  });

  it("the restart strategy restarts the job from scratch without checkpoints", async () => {
    const attempts: number[] = [];
    class FailOnce extends RichMapFunction<number, number> {
      map(v: number): number {
        const attempt = this.getRuntimeContext().getAttemptNumber();
        if (v === 3) attempts.push(attempt);
        if (v === 3 && attempt === 0) throw new Error("transient");
        return v;
      }
    }
    const env = new StreamExecutionEnvironment().setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
    env.fromSequence(1, 5).map(new FailOnce()).addSink(() => {});
    const client = (await env.executeAsync("restarting")) as JobRunner;
    const transitions: string[] = [];
    client.onStatusChange((status, previous) => transitions.push(`${previous}->${status}`));
    await client.getJobExecutionResult();
    expect(transitions).toEqual(["CREATED->RUNNING", "RUNNING->FAILING", "FAILING->RESTARTING", "RESTARTING->RUNNING", "RUNNING->FINISHED"]);
    expect(attempts).toEqual([0, 1]);
    expect(client.getMetrics().restarts).toBe(1);
    expect(await client.getJobStatus()).toBe("FINISHED");
  });

  it("gives up once the restart attempts are used up", async () => {
    const env = new StreamExecutionEnvironment().setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 0));
    let calls = 0;
    const job = env
      .fromElements(1)
      .map(() => {
        calls++;
        throw new Error("always");
      })
      .executeAndCollect();
    await expect(job).rejects.toThrow(/always/);
    expect(calls).toBe(3);
  });

  it("failure-rate restarts stop when too many failures happen within the interval", async () => {
    const env = new StreamExecutionEnvironment().setRestartStrategy(RestartStrategies.failureRateRestart(2, 60_000, 0));
    let calls = 0;
    await expect(
      env
        .fromElements(1)
        .map(() => {
          calls++;
          throw new Error("again");
        })
        .executeAndCollect(),
    ).rejects.toThrow(/again/);
    expect(calls).toBe(3);
  });
});

describe("cancellation", () => {
  it("executeAsync returns a client that cancels a running unbounded job", async () => {
    const env = new StreamExecutionEnvironment();
    let emitted = 0;
    env
      .addSource<number>({
        running: true,
        async run(ctx) {
          while (this.running) {
            ctx.collect(emitted++);
            await ctx.waitForCapacity();
            if (emitted % 100 === 0) await new Promise((r) => setTimeout(r, 1));
          }
        },
        cancel() {
          this.running = false;
        },
      } as { running: boolean; run(ctx: import("../../host/index.js").SourceContext<number>): Promise<void>; cancel(): void })
      .addSink(() => {});
    const client = await env.executeAsync("endless");
    while (client.getMetrics().recordsOut < 500) await new Promise((r) => setTimeout(r, 5));
    expect(await client.getJobStatus()).toBe("RUNNING");
    await client.cancel();
    expect(await client.getJobStatus()).toBe("CANCELED");
    await expect(client.getJobExecutionResult()).rejects.toThrow(/was cancelled/);
    const after = emitted;
    await new Promise((r) => setTimeout(r, 20));
    expect(emitted).toBe(after);
  });
});
