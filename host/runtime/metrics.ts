// Counters and gauges for tasks, operators and user functions (Flink's SimpleCounter / MetricGroup).
import type { Counter, MetricGroup } from "../api/runtime-context.js";

export class SimpleCounter implements Counter {
  private count = 0;
  inc(n = 1): void {
    this.count += n;
  }
  dec(n = 1): void {
    this.count -= n;
  }
  getCount(): number {
    return this.count;
  }
}

/** Metrics of one operator subtask, registered under its scope name. */
export class OperatorMetricGroup implements MetricGroup {
  readonly counters = new Map<string, SimpleCounter>();
  readonly gauges = new Map<string, () => unknown>();
  constructor(readonly scope: string) {}
  counter(name: string): Counter {
    let c = this.counters.get(name);
    if (c === undefined) this.counters.set(name, (c = new SimpleCounter()));
    return c;
  }
  gauge<T>(name: string, gauge: () => T): void {
    this.gauges.set(name, gauge);
  }
  /** Current values: counters as numbers, gauges evaluated. */
  values(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, c] of this.counters) out[k] = c.getCount();
    for (const [k, g] of this.gauges) out[k] = g();
    return out;
  }
}

/** Job-wide counters the CLI shows as progress. */
export class JobMetrics {
  /** Records emitted by sources. */
  sourceRecordsOut = 0;
  /** Records consumed by sinks. */
  sinkRecordsIn = 0;
  checkpointsCompleted = 0;
  checkpointsFailed = 0;
  lastCheckpointDurationMs = 0;
  readonly startTime = Date.now();
}
