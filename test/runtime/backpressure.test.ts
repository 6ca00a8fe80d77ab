import { describe, expect, it } from "vitest";
import { type Collector, StreamExecutionEnvironment } from "../../host/index.js";

/**
 * A fast producer (each source record fans out 10x) feeds a slow sink in another task. With backpressure the
 * producer stops once the channel holds `capacity` records, so the records in flight (produced but not yet
 * consumed) stay near the channel capacity; without it they would grow by the producer's whole time slice.
 */
async function maxInFlight(capacity: number): Promise<{ maxInFlight: number; consumed: number }> {
  const env = new StreamExecutionEnvironment({ "taskmanager.network.channel-capacity": capacity });
  let produced = 0;
  let consumed = 0;
  let max = 0;
  env
    .fromSequence(1, 50_000)
    .flatMap((v: number, out: Collector<number>) => {
      for (let i = 0; i < 10; i++) {
        produced++;
        out.collect(v);
      }
    })
    .addSink(() => {
      consumed++;
      const inFlight = produced - consumed;
      if (inFlight > max) max = inFlight;
      // A slow sink: some work per record.
      let x = 0;
      for (let i = 0; i < 200; i++) x += i;
      if (x < 0) throw new Error("unreachable");
    })
    .disableChaining();
  await env.execute("backpressure");
  return { maxInFlight: max, consumed };
}

describe("backpressure", () => {
  it("a slow sink stops the source: records in flight stay bounded by the channel capacity", async () => {
    const small = await maxInFlight(256);
    expect(small.consumed).toBe(500_000);
    // Capacity plus at most one source poll (64 records x 10) of overshoot.
    expect(small.maxInFlight).toBeLessThanOrEqual(256 + 64 * 10);
    const large = await maxInFlight(8192);
    expect(large.maxInFlight).toBeGreaterThan(8192 - 1);
    expect(large.maxInFlight).toBeLessThanOrEqual(8192 + 64 * 10);
  });
});
