// Keyed windows with an evictor: contents are kept as elements with timestamps, and the evictor removes some
// before and/or after the window function runs (Flink's EvictingWindowOperator).
import type { MetricGroup } from "../../api/runtime-context.js";
import type { Evictor, EvictorContext } from "../../api/windowing/evictor.js";
import { TimestampedValue } from "../../api/windowing/evictor.js";
import type { Window } from "../../api/windowing/window.js";
import type { StreamRecord } from "../stream-record.js";
import { WindowOperator, type WindowOperatorConfig } from "./window-operator.js";

/** How an element is stored in an evicting window: its value and timestamp (`null` when it has none). */
export type TimestampedElement<T> = [value: T, timestamp: number | null];

/**
 * Evaluates keyed windows that have an evictor (Flink's `EvictingWindowOperator`). The window contents are
 * always all elements with their timestamps (a ListState named "window-contents"); when the window fires,
 * `evictBefore` runs, then the window function (with reduce/aggregate applied over what is left), then
 * `evictAfter`, and the window keeps what remains.
 */
export class EvictingWindowOperator<K, IN, OUT, W extends Window> extends WindowOperator<K, IN, Iterable<IN>, OUT, W> {
  private readonly evictor: Evictor<IN, W>;
  private evictorContext!: EvictorContext;

  constructor(config: WindowOperatorConfig<IN, Iterable<IN>, OUT, K, W>, evictor: Evictor<IN, W>) {
    super(config);
    if (config.windowStateDescriptor.kind !== "list") throw new Error("an evicting window operator keeps its contents in list state");
    this.evictor = evictor;
  }

  override open(): void {
    super.open();
    const timers = this.timerService;
    const metrics: MetricGroup = this.setupInfo.runtimeContext.getMetricGroup();
    this.evictorContext = {
      getCurrentProcessingTime: () => timers.currentProcessingTime(),
      getCurrentWatermark: () => timers.getCurrentWatermark(),
      getMetricGroup: () => metrics,
    };
  }

  protected override addElement(value: IN, record: StreamRecord<IN>): void {
    const element: TimestampedElement<IN> = [value, record.hasTimestamp ? record.timestamp : null];
    this.windowState.add(element);
  }

  protected override fireWindow(window: W, stateNs: string): boolean {
    this.windowState.setCurrentNamespace(stateNs);
    const stored = this.windowState.get() as Iterable<TimestampedElement<IN>> | null;
    if (stored === null || stored === undefined) return false;
    const elements: TimestampedValue<IN>[] = [];
    for (const [v, ts] of stored) elements.push(new TimestampedValue(v, ts));
    if (elements.length === 0) return false;

    this.collector.setAbsoluteTimestamp(window.maxTimestamp());
    this.evictor.evictBefore(elements, elements.length, window, this.evictorContext);
    const values: IN[] = new Array(elements.length);
    for (let i = 0; i < elements.length; i++) values[i] = elements[i]!.getValue();
    this.processContext.window = window;
    this.userFunction.process(this.triggerContext.key, window, this.processContext, values, this.collector);
    this.evictor.evictAfter(elements, elements.length, window, this.evictorContext);

    // Keep what the evictors left (Flink rewrites the list state the same way, FLINK-4369).
    const kept: TimestampedElement<IN>[] = [];
    for (const e of elements) kept.push([e.getValue(), e.hasTimestamp() ? e.getTimestamp() : null]);
    this.windowState.setCurrentNamespace(stateNs);
    this.windowState.clear();
    for (const e of kept) this.windowState.add(e);
    return true;
  }
}
