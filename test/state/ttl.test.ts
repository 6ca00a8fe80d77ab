// State TTL (Flink's StateTtlConfig): expiry on processing time, update types, visibility, cleanup on access
// and in full snapshots.
import { describe, expect, it } from "vitest";
import {
  type Collector,
  type KeyedProcessContext,
  KeyedProcessFunction,
  ListStateDescriptor,
  ManualClock,
  MapStateDescriptor,
  ReducingStateDescriptor,
  StateTtlConfig,
  StateVisibility,
  StreamExecutionEnvironment,
  UpdateType,
  ValueStateDescriptor,
} from "../../host/index.js";

/** Commands: [key, op, clock time]; each record moves the manual clock first, then touches state. */
type Cmd = [string, "write" | "read", number];

async function run(ttl: StateTtlConfig, cmds: Cmd[]): Promise<string[]> {
  const clock = new ManualClock(0);
  class Touch extends KeyedProcessFunction<string, Cmd, string> {
    processElement(cmd: Cmd, ctx: KeyedProcessContext<string>, out: Collector<string>): void {
      clock.advanceTo(cmd[2]);
      const rc = this.getRuntimeContext();
      const v = rc.getState(new ValueStateDescriptor<number>("v").enableTimeToLive(ttl));
      const l = rc.getListState(new ListStateDescriptor<number>("l").enableTimeToLive(ttl));
      const m = rc.getMapState(new MapStateDescriptor<string, number>("m").enableTimeToLive(ttl));
      const r = rc.getReducingState(new ReducingStateDescriptor<number>("r", (a, b) => a + b).enableTimeToLive(ttl));
      if (cmd[1] === "write") {
        v.update(cmd[2]);
        l.add(cmd[2]);
        m.put("k", cmd[2]);
        r.add(1);
      }
      out.collect(`${ctx.getCurrentKey()}@${cmd[2]} v=${v.value()} l=${[...l.get()].join(",")} m=${m.get("k")} r=${r.get()}`);
    }
  }
  const env = new StreamExecutionEnvironment({ clock });
  return env.fromCollection(cmds).keyBy((c) => c[0]).process(new Touch()).executeAndCollect();
}

describe("state TTL", () => {
  it("OnCreateAndWrite + NeverReturnExpired: values vanish ttl after their last write", async () => {
    const ttl = StateTtlConfig.newBuilder(100).build();
    expect(ttl.updateType).toBe(UpdateType.OnCreateAndWrite);
    expect(ttl.stateVisibility).toBe(StateVisibility.NeverReturnExpired);
    const out = await run(ttl, [
      ["a", "write", 0],
      ["a", "read", 99],
      ["a", "read", 100],
      ["a", "write", 150],
      ["a", "write", 200],
      ["a", "read", 260],
    ]);
    expect(out).toEqual([
      "a@0 v=0 l=0 m=0 r=1",
      "a@99 v=0 l=0 m=0 r=1",
      "a@100 v=null l= m=null r=null",
      "a@150 v=150 l=150 m=150 r=1",
      "a@200 v=200 l=150,200 m=200 r=2",
      "a@260 v=200 l=200 m=200 r=2",
    ]);
  });

  it("OnReadAndWrite refreshes on reads; ReturnExpiredIfNotCleanedUp returns the expired value once", async () => {
    const refresh = StateTtlConfig.newBuilder(100).setUpdateType(UpdateType.OnReadAndWrite).build();
    const out = await run(refresh, [
      ["a", "write", 0],
      ["a", "read", 90],
      ["a", "read", 180],
      ["a", "read", 300],
    ]);
    expect(out.map((l) => l.split(" ")[1])).toEqual(["v=0", "v=0", "v=0", "v=null"]);
    const lenient = StateTtlConfig.newBuilder(100).returnExpiredIfNotCleanedUp().build();
    const out2 = await run(lenient, [
      ["a", "write", 0],
      ["a", "read", 150],
      ["a", "read", 160],
    ]);
    expect(out2.map((l) => l.split(" ")[1])).toEqual(["v=0", "v=0", "v=null"]);
  });
});

describe("state TTL in snapshots", () => {
  it("cleanupFullSnapshot leaves expired values out of checkpoints; restored state keeps its timestamps", async () => {
    const { HashMapStateBackend, KeyGroupRange, applyTtlSnapshotCleanup, createTtlState } = await import("../../host/index.js");
    let now = 0;
    const backend = new HashMapStateBackend().createKeyedStateBackend({ operatorName: "op", maxParallelism: 128, keyGroupRange: new KeyGroupRange(0, 127) });
    const ttl = StateTtlConfig.newBuilder(100).cleanupFullSnapshot().build();
    const state = createTtlState(backend, new ValueStateDescriptor<number>("v").enableTimeToLive(ttl), () => now);
    for (const [key, at] of [["old", 0], ["new", 80]] as const) {
      now = at;
      backend.setCurrentKey(key);
      state.update(1);
    }
    now = 120;
    const cleaned = applyTtlSnapshotCleanup(backend, backend.snapshot(), now);
    const keys = cleaned.keyGroups.flatMap((kg) => kg.entries.map((e) => e[2]));
    expect(keys).toEqual(["new"]);
    const kept = StateTtlConfig.newBuilder(100).build();
    const other = new HashMapStateBackend().createKeyedStateBackend({ operatorName: "op2", maxParallelism: 128, keyGroupRange: new KeyGroupRange(0, 127) });
    const s2 = createTtlState(other, new ValueStateDescriptor<number>("v").enableTimeToLive(kept), () => now);
    other.setCurrentKey("old");
    now = 0;
    s2.update(1);
    now = 120;
    // Without cleanupFullSnapshot the expired value is still written (and expires on first read after restore).
    expect(applyTtlSnapshotCleanup(other, other.snapshot(), now).keyGroups.length).toBe(1);
    expect(s2.value()).toBe(null);
  });
});
