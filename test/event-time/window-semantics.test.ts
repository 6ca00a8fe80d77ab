// Pure window semantics, checked against Flink's definitions and the vectors of Flink's TimeWindowTest,
// SlidingEventTimeWindowsTest and friends (expected values worked out by hand from the formulas).
import { describe, expect, it } from "vitest";
import {
  cleanupTime,
  DynamicEventTimeSessionWindows,
  EventTimeSessionWindows,
  EventTimeTrigger,
  getWindowStartWithOffset,
  GlobalWindow,
  GlobalWindows,
  isElementLate,
  isWindowLate,
  NeverTrigger,
  ProcessingTimeSessionWindows,
  ProcessingTimeTrigger,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TimeWindow,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
} from "../../host/node.js";

const ctx = (now = 0) => ({ getCurrentProcessingTime: () => now });
const spans = (ws: readonly TimeWindow[]) => ws.map((w) => [w.start, w.end]);

describe("getWindowStartWithOffset (Flink's TimeWindow.getWindowStartWithOffset)", () => {
  it("offset 0, size 7: [0,7), [7,14), [-7,0), [-14,-7)", () => {
    expect(getWindowStartWithOffset(0, 0, 7)).toBe(0);
    expect(getWindowStartWithOffset(6, 0, 7)).toBe(0);
    expect(getWindowStartWithOffset(7, 0, 7)).toBe(7);
    expect(getWindowStartWithOffset(-1, 0, 7)).toBe(-7);
    expect(getWindowStartWithOffset(-7, 0, 7)).toBe(-7);
    expect(getWindowStartWithOffset(-8, 0, 7)).toBe(-14);
  });
  it("offset 3, size 7: [-4,3) and [3,10)", () => {
    for (const ts of [-4, -1, 0, 1, 2]) expect(getWindowStartWithOffset(ts, 3, 7)).toBe(-4);
    for (const ts of [3, 9]) expect(getWindowStartWithOffset(ts, 3, 7)).toBe(3);
    expect(getWindowStartWithOffset(10, 3, 7)).toBe(10);
    expect(getWindowStartWithOffset(-5, 3, 7)).toBe(-11);
  });
  it("negative offset -1, size 7: [-8,-1), [-1,6), [6,13)", () => {
    expect(getWindowStartWithOffset(0, -1, 7)).toBe(-1);
    expect(getWindowStartWithOffset(5, -1, 7)).toBe(-1);
    expect(getWindowStartWithOffset(6, -1, 7)).toBe(6);
    expect(getWindowStartWithOffset(-1, -1, 7)).toBe(-1);
    expect(getWindowStartWithOffset(-2, -1, 7)).toBe(-8);
  });
  it("an exact multiple never yields -0 trouble", () => {
    expect(Object.is(getWindowStartWithOffset(-5, 0, 5), -5)).toBe(true);
    expect(getWindowStartWithOffset(-10, 0, 5)).toBe(-10);
  });
});

describe("TimeWindow", () => {
  it("is [start, end) with maxTimestamp end - 1", () => {
    const w = new TimeWindow(0, 10);
    expect(w.maxTimestamp()).toBe(9);
    expect(w.getStart()).toBe(0);
    expect(w.getEnd()).toBe(10);
    expect(w.toString()).toBe("TimeWindow{start=0, end=10}");
  });
  it("intersects when overlapping or touching (Flink's start <= other.end && end >= other.start)", () => {
    expect(new TimeWindow(0, 10).intersects(new TimeWindow(10, 20))).toBe(true);
    expect(new TimeWindow(10, 20).intersects(new TimeWindow(0, 10))).toBe(true);
    expect(new TimeWindow(0, 10).intersects(new TimeWindow(5, 6))).toBe(true);
    expect(new TimeWindow(0, 10).intersects(new TimeWindow(11, 20))).toBe(false);
    expect(new TimeWindow(0, 10).cover(new TimeWindow(5, 30)).equals(new TimeWindow(0, 30))).toBe(true);
  });
  it("round-trips through its namespace, negative and infinite bounds included", () => {
    for (const w of [new TimeWindow(-4, 3), new TimeWindow(0, 10), new TimeWindow(-20, -10), new TimeWindow(5, Infinity)]) {
      const ns = TimeWindow.SERIALIZER.toNamespace(w);
      expect(ns).not.toBe("");
      expect(TimeWindow.SERIALIZER.fromNamespace(ns).equals(w)).toBe(true);
    }
    expect(TimeWindow.SERIALIZER.toNamespace(new TimeWindow(-4, 3))).toBe("-4:3");
  });
  it("mergeWindows reports groups of overlapping windows with their cover", () => {
    const merges: Array<[number[][], number[]]> = [];
    const cb = { merge: (group: TimeWindow[], result: TimeWindow) => void merges.push([spans(group), [result.start, result.end]]) };
    TimeWindow.mergeWindows([new TimeWindow(0, 5), new TimeWindow(20, 25), new TimeWindow(4, 9)], cb);
    expect(merges).toEqual([[[[0, 5], [4, 9]], [0, 9]]]);
    merges.length = 0;
    TimeWindow.mergeWindows([new TimeWindow(10, 20), new TimeWindow(0, 10)], cb);
    expect(merges).toEqual([[[[0, 10], [10, 20]], [0, 20]]]);
    merges.length = 0;
    // A bridge merges three windows into one.
    TimeWindow.mergeWindows([new TimeWindow(0, 5), new TimeWindow(10, 15), new TimeWindow(4, 11)], cb);
    expect(merges).toEqual([[[[0, 5], [4, 11], [10, 15]], [0, 15]]]);
    merges.length = 0;
    // Disjoint windows and equal windows (a set in Flink) do not merge.
    TimeWindow.mergeWindows([new TimeWindow(0, 3), new TimeWindow(5, 8)], cb);
    TimeWindow.mergeWindows([new TimeWindow(0, 5), new TimeWindow(0, 5)], cb);
    expect(merges).toEqual([]);
  });
});

describe("window assigners", () => {
  it("tumbling event time: one window, with offset", () => {
    expect(spans(TumblingEventTimeWindows.of(7, 3).assignWindows(null, 2, ctx()))).toEqual([[-4, 3]]);
    expect(spans(TumblingEventTimeWindows.of(7, 3).assignWindows(null, 3, ctx()))).toEqual([[3, 10]]);
    expect(spans(TumblingEventTimeWindows.of(5000).assignWindows(null, -1, ctx()))).toEqual([[-5000, 0]]);
    expect(spans(TumblingEventTimeWindows.of(5000).assignWindows(null, 4999, ctx()))).toEqual([[0, 5000]]);
    expect(TumblingEventTimeWindows.of(5000).isEventTime()).toBe(true);
    expect(TumblingEventTimeWindows.of(5000).getDefaultTrigger()).toBe(EventTimeTrigger.create());
  });
  it("sliding event time: every window containing ts, latest first, negative starts included", () => {
    const s = SlidingEventTimeWindows.of(5000, 1000);
    expect(spans(s.assignWindows(null, 0, ctx()))).toEqual([[0, 5000], [-1000, 4000], [-2000, 3000], [-3000, 2000], [-4000, 1000]]);
    expect(spans(s.assignWindows(null, 4999, ctx()))).toEqual([[4000, 9000], [3000, 8000], [2000, 7000], [1000, 6000], [0, 5000]]);
    expect(spans(s.assignWindows(null, 5000, ctx()))).toEqual([[5000, 10000], [4000, 9000], [3000, 8000], [2000, 7000], [1000, 6000]]);
    expect(spans(SlidingEventTimeWindows.of(5000, 1000, 100).assignWindows(null, 100, ctx()))).toEqual([
      [100, 5100], [-900, 4100], [-1900, 3100], [-2900, 2100], [-3900, 1100],
    ]);
    // size not a multiple of slide: 2 or 1 windows.
    expect(spans(SlidingEventTimeWindows.of(3000, 2000).assignWindows(null, 2500, ctx()))).toEqual([[2000, 5000], [0, 3000]]);
    expect(spans(SlidingEventTimeWindows.of(3000, 2000).assignWindows(null, 3500, ctx()))).toEqual([[2000, 5000]]);
    expect(spans(SlidingEventTimeWindows.of(10, 5).assignWindows(null, -3, ctx()))).toEqual([[-5, 5], [-10, 0]]);
  });
  it("processing-time assigners use the processing time, not the element timestamp", () => {
    expect(spans(TumblingProcessingTimeWindows.of(1000).assignWindows(null, 5, ctx(2500)))).toEqual([[2000, 3000]]);
    expect(spans(SlidingProcessingTimeWindows.of(2000, 1000).assignWindows(null, 5, ctx(2500)))).toEqual([[2000, 4000], [1000, 3000]]);
    expect(spans(ProcessingTimeSessionWindows.withGap(100).assignWindows(null, 5, ctx(2500)))).toEqual([[2500, 2600]]);
    expect(TumblingProcessingTimeWindows.of(1000).isEventTime()).toBe(false);
    expect(TumblingProcessingTimeWindows.of(1000).getDefaultTrigger()).toBe(ProcessingTimeTrigger.create());
  });
  it("sessions: [ts, ts + gap), static or per element", () => {
    expect(spans(EventTimeSessionWindows.withGap(10).assignWindows(null, 5, ctx()))).toEqual([[5, 15]]);
    const dyn = EventTimeSessionWindows.withDynamicGap((e: { gap: number }) => e.gap);
    expect(dyn).toBeInstanceOf(DynamicEventTimeSessionWindows);
    expect(spans(dyn.assignWindows({ gap: 3 }, 5, ctx()))).toEqual([[5, 8]]);
    expect(() => dyn.assignWindows({ gap: 0 }, 5, ctx())).toThrow("Dynamic session time gap must satisfy 0 < gap");
  });
  it("global windows: one window at the end of time, never fired by default", () => {
    expect(GlobalWindows.create().assignWindows()).toEqual([GlobalWindow.get()]);
    expect(GlobalWindow.get().maxTimestamp()).toBe(Infinity);
    expect(GlobalWindows.create().getDefaultTrigger()).toBe(NeverTrigger.create());
  });
  it("rejects invalid parameters and elements without timestamps as Flink does", () => {
    expect(() => TumblingEventTimeWindows.of(5, 5)).toThrow("abs(offset) < size");
    expect(() => TumblingEventTimeWindows.of(0)).toThrow();
    expect(() => SlidingEventTimeWindows.of(10, 5, 5)).toThrow("abs(offset) < slide and size > 0");
    expect(() => SlidingEventTimeWindows.of(0, 5)).toThrow();
    expect(() => EventTimeSessionWindows.withGap(0)).toThrow("0 < size");
    expect(() => TumblingEventTimeWindows.of(5).assignWindows(null, -Infinity, ctx())).toThrow("Long.MIN_VALUE timestamp");
  });
});

describe("lateness and cleanup (Flink's WindowOperator rules)", () => {
  it("cleanup time is maxTimestamp + allowedLateness in event time, maxTimestamp in processing time", () => {
    expect(cleanupTime(9, 0, true)).toBe(9);
    expect(cleanupTime(9, 5, true)).toBe(14);
    expect(cleanupTime(9, 5, false)).toBe(9);
  });
  it("overflow guard: beyond the exact range the cleanup time is the end of time", () => {
    expect(cleanupTime(Infinity, 0, true)).toBe(Infinity);
    expect(cleanupTime(Number.MAX_SAFE_INTEGER - 10, 5, true)).toBe(Number.MAX_SAFE_INTEGER - 5);
    expect(cleanupTime(Number.MAX_SAFE_INTEGER - 10, 20, true)).toBe(Infinity);
    expect(cleanupTime(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true)).toBe(Infinity);
  });
  it("a window is late when maxTimestamp + allowedLateness <= currentWatermark", () => {
    expect(isWindowLate(9, 0, true, 8)).toBe(false);
    expect(isWindowLate(9, 0, true, 9)).toBe(true);
    expect(isWindowLate(9, 3, true, 11)).toBe(false);
    expect(isWindowLate(9, 3, true, 12)).toBe(true);
    expect(isWindowLate(9, 0, false, 100)).toBe(false);
    expect(isWindowLate(Infinity, 0, true, Infinity)).toBe(true);
  });
  it("an element is late when timestamp + allowedLateness <= currentWatermark", () => {
    expect(isElementLate(5, 0, true, 5)).toBe(true);
    expect(isElementLate(5, 0, true, 4)).toBe(false);
    expect(isElementLate(5, 2, true, 6)).toBe(false);
    expect(isElementLate(5, 2, false, 100)).toBe(false);
  });
});
