// Checkpoint benchmark: duration and size of checkpoints of 10^6 keys of ValueState<number> in the heap backend
// and the Wasm backend (typed state, Types.LONG, in Wasm tables), and the time to restore a job from such a
// checkpoint. Prints medians. Run after `npm run build`:
//   node bench/checkpoint.bench.mjs [keys=1000000] [runs=5] [backends=heap,wasm]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HashMapStateBackend, RichMapFunction, StreamExecutionEnvironment, Types, ValueStateDescriptor, WasmStateBackend } from "../dist/host/node.js";

const KEYS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 5);
const BACKENDS = (process.argv[4] ?? "heap,wasm").split(",");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Emits 0..n-1 once, then stays open (so the state stays live while checkpoints are taken). */
class KeysThenIdle {
  boundedness = "CONTINUOUS_UNBOUNDED";
  maxParallelism = 1;
  constructor(n) {
    this.n = n;
  }
  createSplits() {
    return [{ next: 0 }];
  }
  createReader() {
    const n = this.n;
    let next = 0;
    let wake = null;
    return {
      addSplits(splits) {
        for (const s of splits) next = Math.max(next, s.next);
      },
      pollNext(out) {
        const end = Math.min(n, next + 4096);
        for (; next < end; next++) out.collect(next);
        return next < n ? "MORE_AVAILABLE" : "NOTHING_AVAILABLE";
      },
      isAvailable() {
        return next < n ? Promise.resolve() : new Promise((r) => (wake = r));
      },
      snapshotState() {
        return [{ next }];
      },
      close() {
        wake?.();
      },
    };
  }
}

class Count extends RichMapFunction {
  constructor(typed) {
    super();
    this.typed = typed;
  }
  open() {
    this.state = this.getRuntimeContext().getState(new ValueStateDescriptor("count", this.typed ? Types.LONG : undefined));
  }
  map(v) {
    this.state.update((this.state.value() ?? 0) + 1);
    return v;
  }
}

function job(env, dir, backend) {
  env.setStateBackend(backend === "wasm" ? new WasmStateBackend({ managedMemoryBytes: 512 * 1024 * 1024 }) : new HashMapStateBackend());
  env.enableCheckpointing(3_600_000); // periodic checkpoints out of the way: the bench triggers them
  env.getCheckpointConfig().setCheckpointStorage(dir).setNumRetainedCheckpoints(1).setExternalizedCheckpointCleanup("RETAIN_ON_CANCELLATION");
  env.fromSource(new KeysThenIdle(KEYS), null, "keys").uid("keys").keyBy((v) => v).map(new Count(backend === "wasm")).uid("count").addSink(() => {});
}

for (const backend of BACKENDS) {
const dir = mkdtempSync(join(tmpdir(), "rivulet-bench-"));
try {
  const env = new StreamExecutionEnvironment();
  job(env, dir, backend);
  const client = await env.executeAsync("checkpoint bench");
  while (client.getMetrics().recordsOut < KEYS) await new Promise((r) => setTimeout(r, 20));
  const durations = [];
  const sizes = [];
  let path = "";
  // Progress while the asynchronous part runs: records the job processes during a checkpoint would show a
  // stall; here input is drained, so we measure the event loop's responsiveness instead (max timer lag).
  const lags = [];
  for (let i = 0; i < RUNS; i++) {
    let maxLag = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - 5);
      last = now;
    }, 5);
    const r = await client.triggerCheckpoint();
    clearInterval(probe);
    durations.push(r.durationMs);
    sizes.push(r.sizeBytes);
    lags.push(maxLag);
    path = r.path;
  }
  // Keep the last checkpoint for the restore runs: cancel with retention.
  const done = client.getCompletedCheckpoints();
  const restorePath = done[done.length - 1].directory;
  await client.cancel().catch(() => {});
  void path;

  const restores = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const env2 = new StreamExecutionEnvironment({ "execution.savepoint.path": restorePath });
    job(env2, dir, backend);
    const c2 = await env2.executeAsync("restore bench");
    let failure = null;
    c2.getJobExecutionResult().catch((e) => (failure = e));
    while (c2.getJobMetrics().lastRestoreDurationMs === 0) {
      if (failure !== null) throw failure;
      await new Promise((r) => setTimeout(r, 5));
    }
    restores.push(c2.getJobMetrics().lastRestoreDurationMs);
    await c2.cancel().catch(() => {});
  }
  console.log(`keys: ${KEYS}, backend: ${backend === "wasm" ? "WasmStateBackend (Types.LONG)" : "HashMapStateBackend"}, runs: ${RUNS}`);
  console.log(`checkpoint duration median: ${median(durations).toFixed(1)} ms  (all: ${durations.map((d) => d.toFixed(0)).join(", ")})`);
  console.log(`checkpoint size median: ${(median(sizes) / 1e6).toFixed(2)} MB`);
  console.log(`event-loop max lag during a checkpoint, median: ${median(lags).toFixed(1)} ms`);
  console.log(`restore (read + verify + assign + start) median: ${median(restores).toFixed(1)} ms  (all: ${restores.map((d) => d.toFixed(0)).join(", ")})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
}
