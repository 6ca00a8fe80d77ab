// Checkpoints with finished tasks (Flink's FLIP-147): a task that closes counts as finished in every checkpoint
// still waiting for it, so a barrier queued just before it closed cannot leave a checkpoint pending forever.
import { describe, expect, it } from "vitest";
import {
  type CheckpointListener,
  type InputStatus,
  type JobRunner,
  type ReaderOutput,
  RichSinkFunction,
  type Source,
  StreamExecutionEnvironment,
} from "../../host/node.js";
import { waitFor } from "./harness.js";

describe("checkpoints and finished tasks", () => {
  it("a checkpoint triggered while a task handles its final checkpoint's completion still completes", async () => {
    let released = false;
    let triggered: Promise<unknown> | null = null;
    let emitted = 0;
    let client!: JobRunner;
    // Subtask 0 has no input and finishes at once; subtask 1 emits until released.
    const source: Source<number, { readonly i: number }> = {
      boundedness: "BOUNDED",
      createSplits: (p) => Array.from({ length: p }, (_, i) => ({ i })),
      createReader() {
        const mine: number[] = [];
        return {
          addSplits(splits) {
            for (const s of splits) mine.push(s.i);
          },
          pollNext(out: ReaderOutput<number>): InputStatus {
            if (!mine.includes(1) || released) return "END_OF_INPUT";
            out.collect(emitted++);
            return "NOTHING_AVAILABLE";
          },
          isAvailable: () => new Promise((resolve) => setTimeout(resolve, 1)),
          snapshotState: () => mine.map((i) => ({ i })),
        };
      },
    };
    class TriggerOnFinalCompletion extends RichSinkFunction<number> implements CheckpointListener {
      invoke(): void {}
      notifyCheckpointComplete(): void {
        // Subtask 0 finished before the first checkpoint, which is its final one: it closes right after this call,
        // with the barrier of the checkpoint triggered here already queued in its mailbox.
        if (this.getRuntimeContext().getIndexOfThisSubtask() === 0 && triggered === null) {
          triggered = client.triggerCheckpoint();
          released = true;
        }
      }
    }
    const env = new StreamExecutionEnvironment().setParallelism(2);
    env.enableCheckpointing(3_600_000); // checkpoints are triggered by hand, and the final one on end of input
    env.fromSource(source, null, "uneven").addSink(new TriggerOnFinalCompletion());
    client = (await env.executeAsync("finished tasks")) as JobRunner;
    await waitFor(() => emitted > 5, 10_000, "records of subtask 1");
    await client.triggerCheckpoint();
    await client.getJobExecutionResult();
    expect(triggered).not.toBeNull();
    await expect(triggered).resolves.toMatchObject({ kind: "checkpoint" });
    expect(client.getMetrics().checkpointsFailed).toBe(0);
  }, 20_000);
});
