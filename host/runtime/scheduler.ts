// Runs the tasks of a job on one thread: each ready task gets a bounded slice in turn, and the loop yields to
// the event loop regularly so I/O, timers and control messages get through. Never awaits per record.
import type { StreamTask } from "./stream-task.js";

/** Elements (or source records) one task processes per turn. */
const SLICE_BUDGET = 2048;
/** Longest stretch of processing before the loop lets the event loop run, in milliseconds. */
const YIELD_INTERVAL_MS = 8;
/** Longest slice of one task, in milliseconds (a slow operator yields its turn after this). */
const SLICE_TIME_MS = 4;

const now = (): number => performance.now();

/** A macrotask turn: setImmediate where it exists (Node, Deno), else a MessageChannel message (browsers). */
export const yieldToEventLoop: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === "function") {
    const si = g.setImmediate;
    return () => new Promise<void>((resolve) => void si(resolve));
  }
  if (typeof MessageChannel === "function") {
    const ch = new MessageChannel();
    const queue: Array<() => void> = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        queue.push(resolve);
        ch.port2.postMessage(0);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
})();

export class CooperativeScheduler {
  private waiter: (() => void) | null = null;
  private woken = false;

  /** Tells the loop something changed (data, capacity, mailbox, cancellation). */
  readonly wake = (): void => {
    this.woken = true;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w();
    }
  };

  /** Runs until every task is done or `shouldStop()` says so; a task's error rejects. */
  async run(tasks: readonly StreamTask[], shouldStop: () => boolean): Promise<void> {
    let lastYield = now();
    for (;;) {
      if (shouldStop()) return;
      this.woken = false;
      let running = false;
      let worked = false;
      for (const task of tasks) {
        if (!task.isAlive()) continue;
        running = true;
        if (task.hasWork() && task.runSlice(SLICE_BUDGET, now() + SLICE_TIME_MS)) worked = true;
      }
      if (!running) return;
      if (!worked) {
        if (!this.woken) await new Promise<void>((resolve) => (this.waiter = resolve));
        lastYield = now();
      } else if (now() - lastYield > YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = now();
      }
    }
  }
}
