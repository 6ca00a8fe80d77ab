// CheckpointConfig: Flink's defaults, configuration keys, validation, and the restart strategy checkpointing
// implies.
import { describe, expect, it } from "vitest";
import { CheckpointingMode, ExternalizedCheckpointCleanup, parseDuration, StreamExecutionEnvironment } from "../../host/index.js";

describe("CheckpointConfig", () => {
  it("has Flink's defaults and implies fixed-delay restarts when checkpointing is on", () => {
    const env = new StreamExecutionEnvironment();
    const c = env.getCheckpointConfig();
    expect(c.isCheckpointingEnabled()).toBe(false);
    expect(env.getRestartStrategy()).toEqual({ kind: "none" });
    expect([c.getCheckpointingMode(), c.getCheckpointTimeout(), c.getMinPauseBetweenCheckpoints(), c.getMaxConcurrentCheckpoints()]).toEqual([
      CheckpointingMode.EXACTLY_ONCE,
      600_000,
      0,
      1,
    ]);
    expect([c.getTolerableCheckpointFailureNumber(), c.isUnalignedCheckpointsEnabled(), c.getNumRetainedCheckpoints()]).toEqual([0, false, 1]);
    expect(c.getExternalizedCheckpointCleanup()).toBe(ExternalizedCheckpointCleanup.NO_EXTERNALIZED_CHECKPOINTS);
    env.enableCheckpointing(500, CheckpointingMode.AT_LEAST_ONCE);
    expect(env.getRestartStrategy()).toEqual({ kind: "fixed-delay", attempts: Number.POSITIVE_INFINITY, delayMs: 1000 });
    expect(c.getCheckpointingMode()).toBe(CheckpointingMode.AT_LEAST_ONCE);
    expect(() => c.setCheckpointInterval(5)).toThrow(/at least|larger than or equal to 10 ms/);
    expect(() => c.setMaxConcurrentCheckpoints(0)).toThrow(/at least one/);
  });

  it("reads Flink's configuration keys (what `rivulet run -D` passes)", () => {
    const env = new StreamExecutionEnvironment({
      "execution.checkpointing.interval": "10 s",
      "execution.checkpointing.mode": "AT_LEAST_ONCE",
      "execution.checkpointing.timeout": "2 min",
      "execution.checkpointing.min-pause": "500ms",
      "execution.checkpointing.max-concurrent-checkpoints": 2,
      "execution.checkpointing.tolerable-failed-checkpoints": 3,
      "execution.checkpointing.unaligned": true,
      "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
      "state.checkpoints.dir": "file:///tmp/cp",
      "state.checkpoints.num-retained": 3,
      "state.savepoints.dir": "/tmp/sp",
    });
    const c = env.getCheckpointConfig();
    expect(c.getCheckpointInterval()).toBe(10_000);
    expect(c.getCheckpointingMode()).toBe("AT_LEAST_ONCE");
    expect([c.getCheckpointTimeout(), c.getMinPauseBetweenCheckpoints(), c.getMaxConcurrentCheckpoints()]).toEqual([120_000, 500, 2]);
    expect([c.getTolerableCheckpointFailureNumber(), c.isUnalignedCheckpointsEnabled(), c.getNumRetainedCheckpoints()]).toEqual([3, true, 3]);
    expect(c.getExternalizedCheckpointCleanup()).toBe("RETAIN_ON_CANCELLATION");
    expect(c.getCheckpointStorage()).toBe("file:///tmp/cp");
    expect(c.getDefaultSavepointDirectory()).toBe("/tmp/sp");
    expect(parseDuration("1 h")).toBe(3_600_000);
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
  });
});
