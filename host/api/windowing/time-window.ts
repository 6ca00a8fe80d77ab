// A window of time [start, end) (Flink's TimeWindow), with merging of overlapping windows for sessions.
import { Window, type WindowSerializer } from "./window.js";
import { getWindowStartWithOffset } from "./window-start.js";

/** Receives merge results from a merging assigner (Flink's `MergingWindowAssigner.MergeCallback`). */
export interface MergeCallback<W> {
  /** `toBeMerged` (two or more windows) become `mergeResult`. */
  merge(toBeMerged: W[], mergeResult: W): void;
}

/**
 * The time interval `[start, end)` (Flink's `TimeWindow`): `start` inclusive, `end` exclusive, so
 * `maxTimestamp()` is `end - 1`.
 *
 * @example
 * const w = new TimeWindow(0, 10);
 * w.maxTimestamp();                      // 9
 * w.intersects(new TimeWindow(10, 20));  // true: touching windows merge, as in Flink
 */
export class TimeWindow extends Window {
  /** Names time windows as `"start:end"` for keyed state and timers. */
  static readonly SERIALIZER: WindowSerializer<TimeWindow> = {
    toNamespace: (w) => w.namespace(),
    fromNamespace: (ns) => {
      const colon = ns.indexOf(":", 1);
      if (colon < 0) throw new Error(`'${ns}' is not a time window namespace`);
      return new TimeWindow(Number(ns.slice(0, colon)), Number(ns.slice(colon + 1)));
    },
  };

  private ns: string | null = null;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }
  /** Flink's getter names, kept for ported code. */
  getStart(): number {
    return this.start;
  }
  getEnd(): number {
    return this.end;
  }
  maxTimestamp(): number {
    return this.end - 1;
  }
  /** Whether the two windows overlap or touch: `start <= other.end && end >= other.start` (as Flink). */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }
  /** The smallest window containing both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }
  equals(other: unknown): boolean {
    return other instanceof TimeWindow && other.start === this.start && other.end === this.end;
  }
  /**
   * The keyed-state namespace of this window. Equal windows mostly get the same string object (a small
   * direct-mapped cache), so state and timer maps find it by its already computed hash.
   */
  namespace(): string {
    let ns = this.ns;
    if (ns !== null) return ns;
    // Multiplicative hashing, top bits: aligned window starts (multiples of the slide) spread over all slots.
    const slot = (Math.imul(this.start | 0, 0x9e3779b1) ^ Math.imul(this.end | 0, 0x85ebca77)) >>> NS_CACHE_SHIFT;
    if (NS_CACHE_START[slot] === this.start && NS_CACHE_END[slot] === this.end) ns = NS_CACHE[slot]!;
    else {
      ns = `${this.start}:${this.end}`;
      NS_CACHE_START[slot] = this.start;
      NS_CACHE_END[slot] = this.end;
      NS_CACHE[slot] = ns;
    }
    return (this.ns = ns);
  }
  override toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`;
  }

  /** See {@link getWindowStartWithOffset}. */
  static getWindowStartWithOffset(timestamp: number, offset: number, windowSize: number): number {
    return getWindowStartWithOffset(timestamp, offset, windowSize);
  }

  /**
   * Merges overlapping windows (Flink's `TimeWindow.mergeWindows`): sorts by start, sweeps, and reports every
   * group of two or more distinct windows with its cover. Equal windows count once (Flink collects each group
   * in a set).
   *
   * @example
   * TimeWindow.mergeWindows([new TimeWindow(0, 5), new TimeWindow(4, 9), new TimeWindow(20, 25)], {
   *   merge(group, result) { console.log(group.length, result.toString()); }, // 2 TimeWindow{start=0, end=9}
   * });
   */
  static mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    const sorted = windows.slice().sort(byStart);
    let cover: TimeWindow | null = null;
    let group: TimeWindow[] = [];
    for (const candidate of sorted) {
      if (cover === null) {
        cover = candidate;
        group = [candidate];
      } else if (cover.intersects(candidate)) {
        cover = cover.cover(candidate);
        if (!containsWindow(group, candidate)) group.push(candidate);
      } else {
        if (group.length > 1) callback.merge(group, cover);
        cover = candidate;
        group = [candidate];
      }
    }
    if (cover !== null && group.length > 1) callback.merge(group, cover);
  }
}

const NS_CACHE_SIZE = 1024;
const NS_CACHE_SHIFT = 32 - 10; // log2(NS_CACHE_SIZE) = 10
const NS_CACHE_START = new Float64Array(NS_CACHE_SIZE).fill(Number.NaN);
const NS_CACHE_END = new Float64Array(NS_CACHE_SIZE).fill(Number.NaN);
const NS_CACHE: Array<string | undefined> = new Array(NS_CACHE_SIZE);

function byStart(a: TimeWindow, b: TimeWindow): number {
  return a.start - b.start;
}

function containsWindow(group: readonly TimeWindow[], w: TimeWindow): boolean {
  for (const g of group) if (g.start === w.start && g.end === w.end) return true;
  return false;
}
