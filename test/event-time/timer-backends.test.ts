// Timers on the heap and the Wasm state backend: the backend creates the timer queues (Flink's
// PriorityQueueSetFactory), and the firing is Flink's InternalTimerServiceImpl on either: the same jobs give the
// same output, in the same order; and the Wasm backend's operators really keep their timers in the Wasm heap.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  assignToKeyGroup,
  HashMapStateBackend,
  KeyedProcessOperator,
  ManualClock,
  StreamExecutionEnvironment,
  TimerHeap,
  WasmKeyedStateBackend,
  WasmStateBackend,
  WasmTimerHeap,
  WasmTimerQueue,
} from "../../host/node.js";
import { sorted } from "./e2e-helpers.js";
import { type Emitted, OperatorHarness, rec, wm } from "./harness.js";
import { BACKENDS, type Ev, makeEvents, ScriptedTimers, type TimerCommand, timerHeavyJob } from "./timer-jobs.js";

afterEach(() => {
  vi.restoreAllMocks();
});

type Step = { kind: "el"; cmd: TimerCommand } | { kind: "wm"; step: number } | { kind: "pt"; step: number };

/** Runs `steps` through a ScriptedTimers operator on `backend`; everything it emitted, and the timers left. */
function runScript(backend: (typeof BACKENDS)[number][1], steps: readonly Step[]): { out: Emitted[]; left: string[] } {
  const h = new OperatorHarness(new KeyedProcessOperator(new ScriptedTimers()), {
    keySelector1: (c: TimerCommand) => c.key,
    stateBackend: backend(),
  });
  let watermark = 0;
  let time = 0;
  for (const s of steps) {
    if (s.kind === "el") h.element(s.cmd, watermark);
    else if (s.kind === "wm") h.watermark((watermark += s.step));
    else h.processingTime((time += s.step));
  }
  const timers = h.snapshot().timers ?? [];
  const left = timers.flatMap((t) =>
    [...t.eventTime.map((e) => ["E", ...e]), ...t.processingTime.map((e) => ["P", ...e])].map((e) => JSON.stringify(e)),
  );
  h.close();
  return { out: h.take(), left: left.sort() };
}

const keyArb = fc.constantFrom<unknown>("a", "b", "c", 1, 2, [1, "x"]);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ key: keyArb, op: fc.constantFrom("regE", "delE", "regP", "delP"), at: fc.integer({ min: 0, max: 30 }) }).map((cmd) => ({ kind: "el" as const, cmd: cmd as TimerCommand })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }).map((step) => ({ kind: "wm" as const, step })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }).map((step) => ({ kind: "pt" as const, step })) },
);

describe("timer service on either state backend (Flink's InternalTimerServiceImpl)", () => {
  for (const [name, backend] of BACKENDS) {
    it(`${name}: timers fire in order, one at a time, with what a firing timer registers or deletes`, () => {
      // Key a: timers at 100, 105, 110; at 100 (100 % 4 = 0) nothing else. Key b: 101 deletes 102 (due, not fired
      // yet: never fires); 102 would register 100. Key c: 106 (106 % 4 = 2) registers 104, already due, which fires
      // in the same advance, right after 106 (it is the earliest left). All before the watermark goes out.
      const { out, left } = runScript(backend, [
        ...[100, 105, 110].map((at) => ({ kind: "el" as const, cmd: { key: "a", op: "regE" as const, at } })),
        ...[101, 102].map((at) => ({ kind: "el" as const, cmd: { key: "b", op: "regE" as const, at } })),
        { kind: "el", cmd: { key: "c", op: "regE", at: 106 } },
        { kind: "el", cmd: { key: "c", op: "regP", at: 30 } },
        { kind: "wm", step: 107 },
        { kind: "pt", step: 29 },
        { kind: "pt", step: 1 },
      ]);
      const e = (key: string, ts: number): Emitted => rec(`"${key}" EVENT_TIME ${ts} wm=107 pt=0`, ts);
      expect(out).toEqual([
        e("a", 100),
        e("b", 101),
        e("a", 105),
        e("c", 106),
        e("c", 104),
        wm(107),
        rec(`"c" PROCESSING_TIME 30 wm=107 pt=30`, null),
        rec(`"c" PROCESSING_TIME 28 wm=107 pt=30`, null), // registered by 30 (30 % 4 = 2), due: fires at once
      ]);
      expect(left).toEqual([JSON.stringify(["E", 110, "a", "", assignToKeyGroup("a", 128)])]);
    });
  }

  it("the heap and the Wasm backend fire the same timers in the same order, whatever the script", () => {
    const [heap, wasm] = BACKENDS.map(([, b]) => b);
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 120 }), (steps) => {
        const all = [...steps, { kind: "wm" as const, step: 200 }, { kind: "pt" as const, step: 200 }];
        const a = runScript(heap!, all);
        const b = runScript(wasm!, all);
        expect(b.out).toEqual(a.out);
        expect(b.left).toEqual(a.left);
      }),
      { numRuns: 150 },
    );
  });
});

describe("timer-heavy jobs give the same output on both backends", () => {
  const events = makeEvents(3000, 60);

  async function run(backend: (typeof BACKENDS)[number][1], parallelism: number, input: readonly Ev[] = events): Promise<string[]> {
    const env = StreamExecutionEnvironment.getExecutionEnvironment({ clock: new ManualClock(0) }).setParallelism(1);
    env.setStateBackend(backend());
    const out: string[] = [];
    timerHeavyJob(env.fromCollection(input), parallelism).addSink((v: string) => void out.push(v));
    await env.execute("timers");
    return out;
  }

  it("parallelism 1: exactly the same records, in the same order per operator", async () => {
    const [heapOut, wasmOut] = [await run(BACKENDS[0]![1], 1), await run(BACKENDS[1]![1], 1)];
    expect(heapOut.length).toBeGreaterThan(3000);
    // The timer a millisecond after a multiple of 100 is always deleted by the one before it.
    expect(heapOut.filter((l) => / \d*01 wm=/.test(l))).toEqual([]);
    // The sink's inputs (one per operator) interleave as the scheduler runs them; each operator's own order is
    // its timers' firing order.
    for (const kind of ["tumbling", "sliding", "session", "timer"]) {
      const ofKind = (out: string[]): string[] => out.filter((l) => l.startsWith(`${kind} `));
      expect(ofKind(heapOut).length).toBeGreaterThan(100);
      expect(ofKind(wasmOut)).toEqual(ofKind(heapOut));
    }
    expect(wasmOut.length).toBe(heapOut.length);
  });

  it("parallelism 3: the same records", async () => {
    const heapOut = await run(BACKENDS[0]![1], 3);
    expect(sorted(await run(BACKENDS[1]![1], 3))).toEqual(sorted(heapOut));
    expect(sorted(heapOut)).toEqual(sorted(await run(BACKENDS[0]![1], 1)));
  });

  it("the Wasm backend's operators keep their timers in the Wasm timer heap, the heap backend's in the JS heap", async () => {
    const input = events.slice(0, 300);
    const wasmRegister = vi.spyOn(WasmTimerHeap.prototype, "register");
    const wasmPoll = vi.spyOn(WasmTimerHeap.prototype, "pollOneInto");
    const jsAdd = vi.spyOn(TimerHeap.prototype, "add");
    await run(() => new WasmStateBackend({ managedMemoryBytes: 64 * 1024 * 1024 }), 1, input);
    expect(wasmRegister).toHaveBeenCalled();
    expect(wasmPoll).toHaveBeenCalled();
    expect(jsAdd).not.toHaveBeenCalled();
    wasmRegister.mockClear();
    await run(() => new HashMapStateBackend(), 1, input);
    expect(jsAdd).toHaveBeenCalled();
    expect(wasmRegister).not.toHaveBeenCalled();
  });

  it("timers are charged to the Wasm backend's managed memory, and freed when the operator closes", () => {
    const harness = (stateBackend: HashMapStateBackend | WasmStateBackend): OperatorHarness =>
      new OperatorHarness(new KeyedProcessOperator(new ScriptedTimers()), { keySelector1: (c: TimerCommand) => c.key, stateBackend });
    const h = harness(new WasmStateBackend({ managedMemoryBytes: 64 * 1024 * 1024 }));
    const backend = h.backend as WasmKeyedStateBackend;
    expect(backend).toBeInstanceOf(WasmKeyedStateBackend);
    const probe = backend.createTimerQueue("probe");
    expect(probe).toBeInstanceOf(WasmTimerQueue);
    probe.dispose();
    const before = backend.managedMemoryUsed; // no typed state: only timers use managed memory
    const reference = harness(new HashMapStateBackend());
    for (const x of [h, reference]) {
      for (let i = 0; i < 20_000; i++) x.element({ key: `k${i % 500}`, op: "regE", at: i } satisfies TimerCommand);
    }
    expect(backend.managedMemoryUsed).toBeGreaterThan(before);
    h.watermark(Infinity);
    reference.watermark(Infinity);
    const fired = h.records();
    expect(fired.length).toBeGreaterThan(20_000);
    expect(fired).toEqual(reference.records());
    h.close(); // the budget is freed only when every timer heap charged to it was dropped: this would throw
    reference.close();
  });
});
