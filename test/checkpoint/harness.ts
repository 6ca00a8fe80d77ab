// Fault-injection harness: a transactional collecting sink whose committed output a test compares with the
// failure-free result, and user functions that fail once at a chosen record.
import {
  type KeyedProcessContext,
  KeyedProcessFunction,
  type Collector,
  RichMapFunction,
  TwoPhaseCommitSinkFunction,
  Types,
  ValueStateDescriptor,
  type ValueState,
} from "../../host/index.js";

/** Committed output per sink name; a transaction id is committed at most once (commit is idempotent). */
const committed = new Map<string, unknown[]>();
const committedIds = new Set<string>();
let txnCounter = 0;

export function committedOutput<T>(name: string): T[] {
  return (committed.get(name) ?? []) as T[];
}
export function resetCommitted(name: string): void {
  committed.delete(name);
}

interface Txn {
  readonly id: string;
  readonly items: unknown[];
}

/** Exactly-once collecting sink: records become visible in `committedOutput(name)` only when a checkpoint completes. */
export class TransactionalCollectSink<T> extends TwoPhaseCommitSinkFunction<T, Txn> {
  constructor(private readonly sinkName: string) {
    super();
  }
  protected beginTransaction(): Txn {
    return { id: `${this.sinkName}-${txnCounter++}-${Math.random().toString(36).slice(2)}`, items: [] };
  }
  protected invoke(txn: Txn, value: T): void {
    txn.items.push(value);
  }
  protected commit(txn: Txn): void {
    if (committedIds.has(txn.id)) return;
    committedIds.add(txn.id);
    let list = committed.get(this.sinkName);
    if (list === undefined) committed.set(this.sinkName, (list = []));
    list.push(...txn.items);
  }
  protected abort(): void {}
}

/** Failures injected so far, per key (survives restarts: module state, not function state). */
const injected = new Set<string>();
export function resetInjected(): void {
  injected.clear();
}

/** An identity map that throws once when it sees `at` (the first time only, across restarts). */
export class FailOnceMap<T> extends RichMapFunction<T, T> {
  constructor(
    private readonly key: string,
    private readonly at: (value: T) => boolean,
  ) {
    super();
  }
  map(value: T): T {
    if (this.at(value) && !injected.has(this.key)) {
      injected.add(this.key);
      throw new Error(`injected failure '${this.key}'`);
    }
    return value;
  }
}

/**
 * Per key: running count and sum in ValueState; emits `key:count:sum` for every record. With `typed`, the state
 * is declared as Types.LONG, so the Wasm backend keeps it in its tables (untyped state stays on the JS heap).
 */
export class RunningCount extends KeyedProcessFunction<number, number, string> {
  private count!: ValueState<number>;
  private sum!: ValueState<number>;
  constructor(private readonly typed = false) {
    super();
  }
  override open(): void {
    const type = this.typed ? Types.LONG : undefined;
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>("count", type, 0));
    this.sum = this.getRuntimeContext().getState(new ValueStateDescriptor<number>("sum", type, 0));
  }
  processElement(value: number, ctx: KeyedProcessContext<number>, out: Collector<string>): void {
    const c = this.count.value()! + 1;
    const s = this.sum.value()! + value;
    this.count.update(c);
    this.sum.update(s);
    out.collect(`${ctx.getCurrentKey()}:${c}:${s}`);
  }
}

/** The output RunningCount produces for `values` keyed by `keyOf`, worked out without the engine. */
export function expectedRunningCounts(values: Iterable<number>, keyOf: (v: number) => number): string[] {
  const count = new Map<number, number>();
  const sum = new Map<number, number>();
  const out: string[] = [];
  for (const v of values) {
    const k = keyOf(v);
    const c = (count.get(k) ?? 0) + 1;
    const s = (sum.get(k) ?? 0) + v;
    count.set(k, c);
    sum.set(k, s);
    out.push(`${k}:${c}:${s}`);
  }
  return out;
}

export const sorted = <T>(xs: readonly T[]): T[] => [...xs].sort();

import type { InputStatus, ReaderOutput, Source, SourceReader } from "../../host/index.js";

interface PacedSplit {
  readonly next: number;
  readonly to: number;
}

/**
 * A replayable source of the numbers 1..to (or endless with `to = Infinity`), split over the subtasks, emitting
 * `perTick` numbers every `tickMs`, so checkpoints, savepoints and failures land mid-stream.
 */
export class PacedSequenceSource implements Source<number, PacedSplit> {
  constructor(
    private readonly to: number,
    private readonly perTick = 50,
    private readonly tickMs = 1,
  ) {}
  get boundedness(): "BOUNDED" | "CONTINUOUS_UNBOUNDED" {
    return Number.isFinite(this.to) ? "BOUNDED" : "CONTINUOUS_UNBOUNDED";
  }
  createSplits(parallelism: number): PacedSplit[] {
    // Split i emits i+1, i+1+p, ... : interleaved so every subtask makes progress.
    return Array.from({ length: parallelism }, (_, i) => ({ next: i + 1, to: this.to, step: parallelism }) as PacedSplit);
  }
  createReader(): SourceReader<number, PacedSplit> {
    const perTick = this.perTick;
    const tickMs = this.tickMs;
    const splits: Array<{ next: number; to: number; step: number }> = [];
    let ready = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    return {
      addSplits(s: PacedSplit[]): void {
        for (const x of s) splits.push({ next: x.next, to: x.to, step: (x as unknown as { step: number }).step });
      },
      pollNext(out: ReaderOutput<number>): InputStatus {
        if (!ready) return "NOTHING_AVAILABLE";
        for (const s of splits) {
          for (let i = 0; i < perTick && s.next <= s.to; i++) {
            out.collect(s.next);
            s.next += s.step;
          }
        }
        if (splits.every((s) => s.next > s.to)) return "END_OF_INPUT";
        ready = false;
        timer = setTimeout(() => {
          timer = null;
          ready = true;
        }, tickMs);
        return "NOTHING_AVAILABLE";
      },
      isAvailable(): Promise<void> {
        if (ready) return Promise.resolve();
        return new Promise((resolve) => setTimeout(resolve, tickMs));
      },
      snapshotState(): PacedSplit[] {
        return splits.map((s) => ({ ...s }));
      },
      close(): void {
        if (timer !== null) clearTimeout(timer);
      },
    };
  }
}

/** Waits until `cond()` holds, polling every few ms; fails after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
