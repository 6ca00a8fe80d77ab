// Timers in checkpoints and savepoints move between state backends: the timer service snapshots its queues in
// one backend-independent format (JS keys and namespaces per key group), so timers written by the Wasm backend's
// queues restore into the heap backend's and back, at the same or another parallelism (Flink's canonical
// savepoint format can switch backends).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  assignToKeyGroup,
  computeKeyGroupRangeForOperatorIndex,
  type JobRunner,
  KeyedProcessOperator,
  ManualClock,
  type OperatorSnapshot,
  type StateBackend,
  StreamExecutionEnvironment,
} from "../../host/node.js";
import { sorted } from "../event-time/e2e-helpers.js";
import { OperatorHarness } from "../event-time/harness.js";
import { BACKENDS, type Ev, ScriptedTimers, type TimerCommand, timerHeavyJob } from "../event-time/timer-jobs.js";
import { committedOutput, PacedSequenceSource, resetInjected, TransactionalCollectSink, waitFor } from "./harness.js";

beforeEach(() => resetInjected());

const MAXP = 128;
const KEYS: readonly unknown[] = ["a", "b", "c", "d", 1, 2, 3, [4, "x"]];

type Step = { el: TimerCommand } | { wm: number } | { pt: number };

/** A deterministic script: commands over KEYS, with watermark and processing-time steps every few commands. */
function script(n: number, seed: number, from = 0): Step[] {
  let s = seed;
  const rnd = (m: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m);
  const ops = ["regE", "regE", "delE", "regP", "delP"] as const;
  const steps: Step[] = [];
  let wm = from;
  let pt = from;
  for (let i = 0; i < n; i++) {
    const op = ops[rnd(ops.length)]!;
    steps.push({ el: { key: KEYS[rnd(KEYS.length)], op, at: op.endsWith("E") ? wm + rnd(300) : rnd(300) } });
    if (i % 7 === 6) steps.push({ wm: (wm += rnd(20)) });
    if (i % 11 === 10) steps.push({ pt: (pt += rnd(20)) });
  }
  return steps;
}

function harness(backend: () => StateBackend, restored: readonly OperatorSnapshot[] = [], clock = new ManualClock(0), parallelism = 1, index = 0): OperatorHarness {
  return new OperatorHarness(
    new KeyedProcessOperator(new ScriptedTimers()),
    {
      keySelector1: (c: TimerCommand) => c.key,
      stateBackend: backend(),
      maxParallelism: MAXP,
      clock,
      keyGroupRange: computeKeyGroupRangeForOperatorIndex(MAXP, parallelism, index),
    },
    restored,
  );
}

/** Runs the steps; elements go to the harness owning their key's group (all get watermarks and time). */
function drive(hs: readonly OperatorHarness[], steps: readonly Step[], parallelism: number): void {
  for (const s of steps) {
    if ("el" in s) {
      const i = hs.findIndex((_, j) => computeKeyGroupRangeForOperatorIndex(MAXP, parallelism, j).contains(assignToKeyGroup(s.el.key, MAXP)));
      hs[i]!.element(s.el);
    } else if ("wm" in s) for (const h of hs) h.watermark(s.wm);
    else for (const h of hs) h.processingTime(s.pt);
  }
}

describe("timer snapshots restore across state backends", () => {
  const [heapBackend, wasmBackend] = [BACKENDS[0]!, BACKENDS[1]!];
  for (const [from, to] of [[wasmBackend, heapBackend], [heapBackend, wasmBackend]] as const) {
    for (const parallelism of [1, 3]) {
      it(`${from[0]} -> ${to[0]} at parallelism ${parallelism}: the restored timers fire as the original's would`, () => {
        const before = script(200, 11);
        const after = [...script(200, 12, 1000), { wm: 5000 }, { pt: 5000 }];
        const original = harness(from[1]);
        drive([original], before, 1);
        const snapshot = original.snapshot();
        const pending = snapshot.timers!.flatMap((t) => [...t.eventTime, ...t.processingTime]);
        expect(pending.length).toBeGreaterThan(20);
        original.take();
        const clockAt = original.clock.now();
        drive([original], after, 1);
        const expected = original.records().map(String);
        original.close();

        const restored = Array.from({ length: parallelism }, (_, i) => harness(to[1], [snapshot], new ManualClock(clockAt), parallelism, i));
        // Each subtask restored only the timers of its own key groups.
        for (const [i, h] of restored.entries()) {
          const range = computeKeyGroupRangeForOperatorIndex(MAXP, parallelism, i);
          const mine = h.snapshot().timers!.flatMap((t) => [...t.eventTime, ...t.processingTime]);
          expect(mine.every(([, , , kg]) => range.contains(kg))).toBe(true);
          if (parallelism === 1) expect(sorted(mine)).toEqual(sorted(pending));
        }
        drive(restored, after, parallelism);
        const got = restored.flatMap((h) => h.records().map(String));
        for (const h of restored) h.close();
        expect(got.length).toBeGreaterThan(50);
        // Equal timestamps fire in the order the snapshot lists them after a restore: compare as sets.
        expect(sorted(got)).toEqual(sorted(expected));
      });
    }
  }
});

describe("savepoints with timers switch state backends", () => {
  const N = 6000;
  const KEY_COUNT = 23;
  const toEvent = (v: number): Ev => [v % 2 === 0 ? `k${v % KEY_COUNT}` : v % KEY_COUNT, v * 5, (v * 7919) % 1000];

  /** The timer-heavy job over 1..N (in event-time order: nothing is late, before or after a restore). */
  function job(env: StreamExecutionEnvironment, backend: StateBackend, parallelism: number): ReturnType<typeof timerHeavyJob> {
    env.setStateBackend(backend);
    const events = env
      .fromSource(new PacedSequenceSource(N, 10, 1), null, "paced")
      .uid("source")
      .map(toEvent)
      .uid("to-event");
    return timerHeavyJob(events, parallelism);
  }

  async function uninterrupted(backend: StateBackend): Promise<string[]> {
    const env = new StreamExecutionEnvironment({ clock: new ManualClock(0) });
    const out: string[] = [];
    job(env, backend, 2).addSink((v: string) => void out.push(v));
    await env.execute("uninterrupted");
    return out;
  }

  const dir = (): string => mkdtempSync(join(tmpdir(), "rivulet-timers-sp-"));

  for (const [from, to] of [[BACKENDS[1]!, BACKENDS[0]!], [BACKENDS[0]!, BACKENDS[1]!]] as const) {
    it(`stop-with-savepoint on ${from[0]}, restore on ${to[0]} at another parallelism: every window and timer fires once`, async () => {
      const sink = `timers-sp-${from[0]}`;
      const env1 = new StreamExecutionEnvironment({ clock: new ManualClock(0) });
      job(env1, from[1](), 2).addSink(new TransactionalCollectSink<string>(sink)).uid("sink");
      const client = (await env1.executeAsync("before")) as JobRunner;
      await waitFor(() => client.getMetrics().recordsIn > 2000, 10_000, "events before the savepoint");
      const path = await client.stopWithSavepoint(dir());
      const before = committedOutput<string>(sink);
      expect(before.length).toBeGreaterThan(0);

      const env2 = new StreamExecutionEnvironment({ clock: new ManualClock(0), "execution.savepoint.path": path });
      const after: string[] = [];
      job(env2, to[1](), 3).addSink((v: string) => void after.push(v)).uid("sink");
      await env2.execute("after");

      const expected = await uninterrupted(from[1]());
      expect(after.length).toBeGreaterThan(0);
      expect(sorted([...before, ...after])).toEqual(sorted(expected));
    });
  }
});
