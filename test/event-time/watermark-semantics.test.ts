// Watermark generation and combination: generators (Flink's BoundedOutOfOrdernessWatermarks,
// WatermarksWithIdleness), the per-input valve (StatusWatermarkValve) and a two-input operator's combined
// watermark. Expected values worked out from Flink's definitions.
import { describe, expect, it } from "vitest";
import {
  AbstractStreamOperator,
  BoundedOutOfOrdernessWatermarks,
  KeyedProcessOperator,
  StatusWatermarkValve,
  WatermarkStrategy,
  type WatermarkOutput,
  WatermarksWithIdleness,
} from "../../host/node.js";
import { OperatorHarness, rec, wm } from "./harness.js";

function recorder(): WatermarkOutput & { marks: Array<number | "idle"> } {
  const marks: Array<number | "idle"> = [];
  return { marks, emitWatermark: (ts) => void marks.push(ts), markIdle: () => void marks.push("idle") };
}

describe("watermark generators", () => {
  it("bounded out-of-orderness: max timestamp - delay - 1", () => {
    const g = new BoundedOutOfOrdernessWatermarks<unknown>(3);
    const out = recorder();
    g.onPeriodicEmit(out);
    for (const ts of [10, 5, 20, 18]) g.onEvent(null, ts);
    g.onPeriodicEmit(out);
    expect(out.marks).toEqual([-Infinity, 16]);
  });
  it("monotonous timestamps: max timestamp - 1", () => {
    const g = WatermarkStrategy.forMonotonousTimestamps<number>().createWatermarkGenerator({ currentProcessingTime: () => 0 });
    const out = recorder();
    g.onEvent(1, 100, out);
    g.onEvent(2, 250, out);
    g.onPeriodicEmit(out);
    expect(out.marks).toEqual([249]);
  });
  it("idleness: idle after the timeout without events, active again with the next event", () => {
    let now = 0;
    const g = new WatermarksWithIdleness(new BoundedOutOfOrdernessWatermarks<unknown>(0), 100, { currentProcessingTime: () => now });
    const out = recorder();
    g.onEvent(null, 10, out);
    now = 50;
    g.onPeriodicEmit(out); // activity seen at 50
    now = 149;
    g.onPeriodicEmit(out);
    now = 150;
    g.onPeriodicEmit(out); // 100 ms without events
    now = 200;
    g.onPeriodicEmit(out); // stays idle, no repeated markIdle
    g.onEvent(null, 30, out);
    now = 210;
    g.onPeriodicEmit(out);
    expect(out.marks).toEqual([9, 9, "idle", 29]);
  });
  it("timestamp assigner: the record timestamp is handed to it", () => {
    const s = WatermarkStrategy.forMonotonousTimestamps<{ t: number }>().withTimestampAssigner((e, recordTs) => e.t + (recordTs === -Infinity ? 0 : recordTs));
    expect(s.createTimestampAssigner()({ t: 5 }, -Infinity)).toBe(5);
    expect(s.createTimestampAssigner()({ t: 5 }, 100)).toBe(105);
    expect(WatermarkStrategy.noWatermarks<number>().createTimestampAssigner()(1, 42)).toBe(42);
  });
});

describe("StatusWatermarkValve: the minimum over input channels", () => {
  it("emits the minimum of active, aligned channels; never goes back; idle channels do not hold it back", () => {
    const out: Array<number | string> = [];
    const v = new StatusWatermarkValve(3, (ts) => out.push(ts), (idle) => out.push(idle ? "idle" : "active"));
    v.inputWatermark(5, 0);
    v.inputWatermark(3, 1);
    expect(out).toEqual([]); // channel 2 has no watermark yet
    v.inputWatermark(7, 2);
    expect(out).toEqual([3]);
    v.inputWatermark(10, 1);
    expect(out).toEqual([3, 5]);
    v.inputWatermark(4, 1); // backwards on a channel: ignored
    v.inputIdle(true, 2); // min(ch0 5, ch1 10) = 5: unchanged
    v.inputWatermark(12, 0);
    expect(out).toEqual([3, 5, 10]);
    // Channel 2 wakes up behind the output: it rejoins only once it caught up.
    v.inputIdle(false, 2);
    v.inputWatermark(15, 0);
    expect(out).toEqual([3, 5, 10]);
    v.inputWatermark(11, 2);
    v.inputWatermark(20, 1);
    expect(out).toEqual([3, 5, 10, 11]);
    // All channels idle: the highest watermark is flushed, then the input is idle.
    v.inputIdle(true, 0);
    v.inputIdle(true, 1);
    v.inputIdle(true, 2);
    expect(out).toEqual([3, 5, 10, 11, 20, "idle"]);
    v.inputIdle(false, 0);
    expect(out.at(-1)).toBe("active");
  });
  it("a finished channel stops holding the watermark back", () => {
    const out: number[] = [];
    const v = new StatusWatermarkValve(2, (ts) => out.push(ts), () => {});
    v.inputWatermark(10, 0);
    v.channelFinished(1);
    expect(out).toEqual([10]);
    v.inputWatermark(Infinity, 0);
    expect(out).toEqual([10, Infinity]);
  });
});

class PassThrough extends AbstractStreamOperator<unknown> {
  processElement1(): void {}
  processElement2(): void {}
}

describe("operator watermarks", () => {
  it("a two-input operator's event time is the minimum of its inputs; an idle input does not hold it back", () => {
    const h = new OperatorHarness(new PassThrough(), { inputs: 2 });
    h.watermark1(5).watermark2(3);
    h.watermark1(8);
    h.watermark2(6);
    h.operator.processWatermarkStatus(true, 2);
    h.watermark1(12);
    expect(h.take()).toEqual([wm(3), wm(6), wm(8), wm(12)]);
  });
  it("timers at or below the watermark fire before the watermark is forwarded", () => {
    const op = new KeyedProcessOperator<string, string, string>({
      processElement(v, ctx) {
        ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 10);
        ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 10); // deduplicated
      },
      onTimer(ts, ctx, out) {
        out.collect(`${ctx.getCurrentKey()}@${ts}`);
      },
    });
    const h = new OperatorHarness(op, { keySelector1: (v: string) => v });
    h.element("a", 1).element("b", 5).element("a", 3);
    h.watermark(12);
    h.watermark(15);
    expect(h.take()).toEqual([rec("a@11", 11), wm(12), rec("a@13", 13), rec("b@15", 15), wm(15)]);
  });
});
