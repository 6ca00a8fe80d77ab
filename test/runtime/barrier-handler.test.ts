// The barrier alignment state machine (Flink's BarrierHandlerState): each event returns the next state.
import { describe, expect, it } from "vitest";
import { type AlignmentState, CheckpointBarrier, INITIAL_ALIGNMENT, onAbort, onBarrier, onEndOfPartition } from "../../host/index.js";

const aligned = (id: number): CheckpointBarrier => new CheckpointBarrier(id, 0, { kind: "checkpoint", mode: "exactly-once", unaligned: false });
const unaligned = (id: number): CheckpointBarrier => new CheckpointBarrier(id, 0, { kind: "checkpoint", mode: "exactly-once", unaligned: true });
const atLeastOnce = (id: number): CheckpointBarrier => new CheckpointBarrier(id, 0, { kind: "checkpoint", mode: "at-least-once", unaligned: false });
const open3 = [false, false, false];
const kinds = (effects: readonly { kind: string }[]): string[] => effects.map((e) => e.kind);

describe("aligned (exactly-once)", () => {
  it("blocks each channel that delivered barrier n, snapshots and unblocks when the last one arrives", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 0, aligned(1), open3);
    expect(t.effects).toEqual([{ kind: "block", channel: 0 }]);
    expect(t.state.kind).toBe("aligning");
    t = onBarrier(t.state, 2, aligned(1), open3);
    expect(t.effects).toEqual([{ kind: "block", channel: 2 }]);
    t = onBarrier(t.state, 1, aligned(1), open3);
    expect(kinds(t.effects)).toEqual(["snapshot", "unblock-all"]);
    expect(t.state).toEqual({ kind: "waiting", latest: 1 });
  });

  it("a single channel snapshots at once; late or repeated barriers are ignored", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 0, aligned(1), [false]);
    expect(kinds(t.effects)).toEqual(["snapshot"]);
    t = onBarrier(t.state, 0, aligned(1), [false]);
    expect(t.effects).toEqual([]);
  });

  it("ended channels count as aligned; an end-of-partition can complete the alignment", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 0, aligned(4), [false, true, false]);
    expect(kinds(t.effects)).toEqual(["block"]);
    t = onEndOfPartition(t.state, 2, [false, true, true]);
    expect(kinds(t.effects)).toEqual(["snapshot", "unblock-all"]);
  });

  it("a newer barrier subsumes the checkpoint being aligned", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 0, aligned(1), open3);
    t = onBarrier(t.state, 1, aligned(2), open3);
    expect(kinds(t.effects)).toEqual(["abort", "unblock-all", "block"]);
    expect((t.state as Extract<AlignmentState, { barrier: CheckpointBarrier }>).barrier.checkpointId).toBe(2);
    // A barrier of the subsumed checkpoint arriving later changes nothing.
    expect(onBarrier(t.state, 2, aligned(1), open3).effects).toEqual([]);
  });

  it("the coordinator's abort releases blocked channels and ignores later barriers of that checkpoint", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 0, aligned(3), open3);
    t = onAbort(t.state, 3, "expired");
    expect(kinds(t.effects)).toEqual(["abort", "unblock-all"]);
    expect(onBarrier(t.state, 1, aligned(3), open3).effects).toEqual([]);
    expect(onAbort({ kind: "waiting", latest: 0 }, 5, "x").state).toEqual({ kind: "waiting", latest: 5 });
  });
});

describe("unaligned (exactly-once)", () => {
  it("snapshots at the first barrier and records the other channels until their barriers arrive", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 1, unaligned(1), open3);
    expect(kinds(t.effects)).toEqual(["snapshot", "record"]);
    expect(t.effects[1]).toEqual({ kind: "record", channels: [0, 2] });
    t = onBarrier(t.state, 0, unaligned(1), open3);
    expect(t.effects).toEqual([{ kind: "stop-recording", channel: 0 }]);
    t = onEndOfPartition(t.state, 2, [false, false, true]);
    expect(kinds(t.effects)).toEqual(["stop-recording", "channel-state-complete"]);
    expect(t.state.kind).toBe("waiting");
  });
});

describe("at-least-once (barrier tracker)", () => {
  it("never blocks; snapshots once every channel delivered the barrier", () => {
    let t = onBarrier(INITIAL_ALIGNMENT, 0, atLeastOnce(1), open3);
    expect(t.effects).toEqual([]);
    t = onBarrier(t.state, 1, atLeastOnce(1), open3);
    expect(t.effects).toEqual([]);
    t = onBarrier(t.state, 2, atLeastOnce(1), open3);
    expect(kinds(t.effects)).toEqual(["snapshot"]);
  });
});
