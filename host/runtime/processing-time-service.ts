// Processing time: the wall clock in production, a hand-driven clock in tests (Flink's ProcessingTimeService).

/** A source of processing time that can call back at a given time. */
export interface Clock {
  now(): number;
  /** Calls `callback` once the clock reaches `time`; returns a function that cancels it. */
  schedule(time: number, callback: () => void): () => void;
}

/** The wall clock: `Date.now()` and `setTimeout`. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  schedule(time: number, callback: () => void): () => void {
    const handle = setTimeout(callback, Math.max(0, time - Date.now()));
    return () => clearTimeout(handle);
  }
}

/**
 * A clock that moves only when told to (Flink's TestProcessingTimeService): `advanceTo(t)` runs every callback
 * due at or before `t`, in time order. Pass it as `clock` in the environment configuration to drive
 * processing-time timers and windows from a test.
 *
 * @example
 * const clock = new ManualClock(0);
 * const env = StreamExecutionEnvironment.getExecutionEnvironment({ clock });
 * // ... later, while the job runs:
 * clock.advanceTo(10_000);
 */
export class ManualClock implements Clock {
  private pending: Array<{ time: number; seq: number; callback: () => void; cancelled: boolean }> = [];
  private seq = 0;
  private advancing = false;
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  schedule(time: number, callback: () => void): () => void {
    if (time <= this.current && !this.advancing) {
      // Already due: fire now, as Flink's TestProcessingTimeService does. (Inside advanceTo the entry is queued
      // instead and the running loop picks it up, so a callback that re-registers cannot recurse.)
      callback();
      return () => {};
    }
    const entry = { time, seq: this.seq++, callback, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }
  /** Moves time forward by `ms` and runs what became due. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }
  /** Moves time to `time` (never backwards) and runs every callback due by then. */
  advanceTo(time: number): void {
    if (time < this.current) throw new RangeError(`ManualClock cannot go back from ${this.current} to ${time}`);
    this.current = time;
    this.advancing = true;
    try {
      for (;;) {
        const due = this.pending.filter((e) => !e.cancelled && e.time <= time).sort((a, b) => a.time - b.time || a.seq - b.seq);
        if (due.length === 0) break;
        this.pending = this.pending.filter((e) => !due.includes(e) && !e.cancelled);
        for (const e of due) e.callback();
      }
    } finally {
      this.advancing = false;
    }
  }
}

/**
 * The processing-time service of one task: timers fire through the task's mailbox, never in the middle of
 * processing a record.
 */
export interface ProcessingTimeService {
  getCurrentProcessingTime(): number;
  /** Runs `callback(time)` in the task's mailbox once processing time reaches `time`. */
  registerTimer(time: number, callback: (time: number) => void): () => void;
}
