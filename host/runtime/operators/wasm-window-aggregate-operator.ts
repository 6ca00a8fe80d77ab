// Built-in numeric window aggregations on the Wasm pane kernel (core-wasm/window.ts): the window operator for
// the cases `WindowAggregationKernelSpec` allows (event-time tumbling/sliding windows, default trigger, no
// evictor, no lateness), with the same output as Flink's WindowOperator for them. Installed through
// `installWasmWindowKernel()`; the JS WindowOperator runs everything else.
import type { NumericAccumulator } from "../../api/windowing/numeric-aggregates.js";
import { TimeWindow } from "../../api/windowing/time-window.js";
import { MemoryBudget } from "../../core/memory-budget.js";
import { WindowKernel, type WindowKernelSnapshot } from "../../core/window-kernel.js";
import { canonicalJson } from "../../state/key-identity.js";
import type { KeyedStateSnapshot } from "../../state/keyed-state-backend.js";
import type { StreamRecord } from "../stream-record.js";
import { AbstractStreamOperator, type OperatorSnapshot } from "../stream-operator.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import type { InternalTimer, Triggerable } from "../timer-service.js";
import { installWindowAggregationKernel, type WindowAggregationKernelSpec } from "./window-aggregation-kernel.js";
import { WindowProcessContext } from "./window-operator.js";

/**
 * Kernel panes travel in the keyed part of snapshots, one entry per key group under this reserved state name,
 * so checkpoints, savepoints and rescaling route them by key group like any keyed state.
 */
const KERNEL_STATE = "__window-kernel__";
/** Managed memory of one kernel (per operator subtask). */
const KERNEL_MEMORY_BYTES = 256 * 1024 * 1024;

export class WasmWindowAggregateOperator extends AbstractStreamOperator<unknown> implements Triggerable {
  private kernel!: WindowKernel;
  private budget!: MemoryBudget;
  private collector!: TimestampedCollector<unknown>;
  private context!: WindowProcessContext<TimeWindow>;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private keyBuffer = new Uint8Array(256);
  private restoredPanes: WindowKernelSnapshot[] = [];
  private readonly acc: NumericAccumulator = [0, 0, 0, 0];

  constructor(private readonly spec: WindowAggregationKernelSpec) {
    super();
  }

  override initializeState(restored: readonly OperatorSnapshot[]): void {
    // Take the kernel's entries out of the keyed snapshots; the keyed backend restores the rest.
    const rest: OperatorSnapshot[] = [];
    for (const s of restored) {
      if (s.keyed === undefined) {
        rest.push(s);
        continue;
      }
      const keyGroups: Array<KeyedStateSnapshot["keyGroups"][number]> = [];
      for (const group of s.keyed.keyGroups) {
        const entries = group.entries.filter((e) => {
          if (e[0] !== KERNEL_STATE) return true;
          this.restoredPanes.push(e[3] as WindowKernelSnapshot);
          return false;
        });
        if (entries.length > 0) keyGroups.push({ keyGroup: group.keyGroup, entries });
      }
      rest.push({ ...s, keyed: { ...s.keyed, keyGroups } });
    }
    super.initializeState(rest);
  }

  override open(): void {
    super.open();
    const { size, slide, offset } = this.spec;
    this.budget = MemoryBudget.create(KERNEL_MEMORY_BYTES);
    this.kernel = new WindowKernel(this.budget, { size, slide, offset, maxParallelism: this.setupInfo.maxParallelism });
    for (const snap of this.restoredPanes) this.kernel.restore(snap);
    this.restoredPanes = [];
    this.collector = new TimestampedCollector(this.output);
    this.context = new WindowProcessContext<TimeWindow>(
      TimeWindow.SERIALIZER,
      this.keyedStateBackend!,
      this.getInternalTimerService("window-timers", this),
      this.output as never,
      false,
    );
    this.spec.windowFunction.open(this.setupInfo.runtimeContext);
  }

  processElement(record: StreamRecord<unknown>): void {
    if (!record.hasTimestamp) {
      throw new Error(
        "Record has no timestamp. Is the time characteristic set to 'ProcessingTime', or did you forget to call " +
          "'DataStream.assignTimestampsAndWatermarks(...)'?",
      );
    }
    const value = this.spec.aggregate.extract(record.value);
    const backend = this.keyedStateBackend!;
    const text = canonicalJson(backend.getCurrentKey());
    let { read, written } = this.encoder.encodeInto(text, this.keyBuffer);
    if (read < text.length) {
      this.keyBuffer = new Uint8Array(text.length * 3);
      ({ written } = this.encoder.encodeInto(text, this.keyBuffer));
    }
    this.kernel.add(record.timestamp, value, backend.getCurrentKeyGroup(), this.keyBuffer.subarray(0, written));
  }

  /** Fires every window whose `end - 1` the watermark reached, in end order, then forwards the watermark. */
  override processWatermark(timestamp: number): void {
    const backend = this.keyedStateBackend!;
    const fn = this.spec.windowFunction;
    const acc = this.acc;
    this.kernel.advance(timestamp, (start, end, _kg, keyBytes, count, sum, min, max) => {
      const key = JSON.parse(this.decoder.decode(keyBytes)) as unknown;
      backend.setCurrentKey(key);
      const window = new TimeWindow(start, end);
      this.context.window = window;
      acc[0] = count;
      acc[1] = sum;
      acc[2] = min;
      acc[3] = max;
      this.collector.setAbsoluteTimestamp(window.maxTimestamp());
      fn.process(key, window, this.context, this.spec.aggregate.getResult(acc), this.collector);
      fn.clear(window, this.context);
    });
    super.processWatermark(timestamp);
  }

  // No timers are registered: the kernel fires windows itself.
  onEventTime(_timer: InternalTimer): void {}
  onProcessingTime(_timer: InternalTimer): void {}

  override snapshotState(checkpointId: number): OperatorSnapshot {
    const snap = super.snapshotState(checkpointId);
    const range = this.keyedStateBackend!.keyGroupRange;
    const kernelGroups: Array<KeyedStateSnapshot["keyGroups"][number]> = [];
    for (let kg = range.startKeyGroup; kg <= range.endKeyGroup; kg++) {
      const panes = this.kernel.snapshot(kg, kg);
      if (panes.panes.length === 0) continue;
      kernelGroups.push({ keyGroup: kg, entries: [[KERNEL_STATE, "", kg, panes]] });
    }
    if (kernelGroups.length === 0) return snap;
    const keyed = snap.keyed!;
    const merged = new Map<number, Array<readonly [string, string | number, unknown, unknown]>>();
    for (const g of keyed.keyGroups) merged.set(g.keyGroup, [...g.entries]);
    for (const g of kernelGroups) merged.set(g.keyGroup, [...(merged.get(g.keyGroup) ?? []), ...g.entries]);
    const keyGroups = Array.from(merged, ([keyGroup, entries]) => ({ keyGroup, entries })).sort((a, b) => a.keyGroup - b.keyGroup);
    return { ...snap, keyed: { ...keyed, keyGroups } };
  }

  override close(): void {
    try {
      this.spec.windowFunction.close();
      this.kernel?.drop();
      this.budget?.dispose();
    } finally {
      super.close();
    }
  }
}

/**
 * Runs eligible built-in window aggregations (`WindowAggregates.count/sum/min/max/avg/stats`) on the Wasm pane
 * kernel from now on; `installWindowAggregationKernel(null)` goes back to the JS window operator.
 */
export function installWasmWindowKernel(): void {
  installWindowAggregationKernel({ name: "wasm", createOperator: (spec) => new WasmWindowAggregateOperator(spec) });
}
