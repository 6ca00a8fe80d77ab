// Binary min-heap of (priority, value) pairs in parallel arrays, for event-time timers.

/**
 * A binary min-heap ordered by numeric priority; pushing allocates nothing beyond array growth.
 *
 * @example
 * ```ts
 * import { MinHeap } from "./min-heap.js";
 * const h = new MinHeap<string>();
 * h.push(5, "b"); h.push(1, "a");
 * h.peekPriority(); // 1
 * h.pop(); // "a"
 * ```
 */
export class MinHeap<T> {
  private readonly priorities: number[] = [];
  private readonly values: T[] = [];

  get size(): number {
    return this.priorities.length;
  }

  /** Smallest priority, `Infinity` when empty. */
  peekPriority(): number {
    return this.priorities.length === 0 ? Infinity : this.priorities[0]!;
  }

  push(priority: number, value: T): void {
    const p = this.priorities;
    const v = this.values;
    let i = p.length;
    p.push(priority);
    v.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (p[parent]! <= priority) break;
      p[i] = p[parent]!;
      v[i] = v[parent]!;
      i = parent;
    }
    p[i] = priority;
    v[i] = value;
  }

  /** Removes and returns the value of smallest priority; the heap must not be empty. */
  pop(): T {
    const p = this.priorities;
    const v = this.values;
    const top = v[0]!;
    const lastPriority = p.pop()!;
    const lastValue = v.pop()!;
    const n = p.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && p[child + 1]! < p[child]!) child++;
        if (p[child]! >= lastPriority) break;
        p[i] = p[child]!;
        v[i] = v[child]!;
        i = child;
      }
      p[i] = lastPriority;
      v[i] = lastValue;
    }
    return top;
  }
}
