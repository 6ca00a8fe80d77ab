// Sliding-window count + sum per key: the Wasm window kernel (pane-based) vs a straightforward JS
// implementation (Flink's default: every record updates each of the size/slide windows it falls in, per
// (window, key) accumulators in nested Maps, windows fired and dropped at the watermark).
//
// Workload: event-time stream, 10,000 events per second of event time with up to 50 ms of disorder, integer
// keys, windows of 10 s sliding by 1 s (10 panes per window), watermark = max timestamp - 100 ms every 1,000
// records. Both sides produce the same (window, key, count, sum) results; the bench checks it.
//
// Usage: npm run bench:window   (prints records/s medians over several runs and the ratio)
import { WasmCore, MemoryBudget, WindowKernel, computeKeyGroupForKeyHash } from "../dist/host/index.js";

const N = 2_000_000;
const RUNS = 5;
const SIZE = 10_000;
const SLIDE = 1_000;
const MAXP = 128;

function makeStream(keys) {
  const ts = new Float64Array(N);
  const key = new Int32Array(N);
  const val = new Float64Array(N);
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < N; i++) {
    ts[i] = Math.floor(i / 10) + Math.floor(rnd() * 50); // 10 events per ms, up to 50 ms late
    key[i] = Math.floor(rnd() * keys);
    val[i] = Math.floor(rnd() * 100);
  }
  return { ts, key, val };
}

/** Straightforward JS: each record updates SIZE/SLIDE windows. */
function jsRun(s) {
  const windows = new Map(); // window start -> Map<key, [count, sum]>
  let maxTs = -Infinity;
  let fired = 0;
  let check = 0;
  let nextEnd = Infinity;
  const fire = (wm) => {
    if (nextEnd - 1 > wm) return;
    for (const [start, byKey] of windows) {
      if (start + SIZE - 1 <= wm) {
        for (const [k, acc] of byKey) {
          fired++;
          check += acc[0] * 7 + acc[1] + k;
        }
        windows.delete(start);
      }
    }
    nextEnd = Infinity;
    for (const start of windows.keys()) nextEnd = Math.min(nextEnd, start + SIZE);
  };
  for (let i = 0; i < N; i++) {
    const t = s.ts[i];
    const k = s.key[i];
    const v = s.val[i];
    const last = t - (((t % SLIDE) + SLIDE) % SLIDE);
    for (let start = last; start > t - SIZE; start -= SLIDE) {
      let byKey = windows.get(start);
      if (byKey === undefined) {
        windows.set(start, (byKey = new Map()));
        if (start + SIZE < nextEnd) nextEnd = start + SIZE;
      }
      const acc = byKey.get(k);
      if (acc === undefined) byKey.set(k, [1, v]);
      else {
        acc[0]++;
        acc[1] += v;
      }
    }
    if (t > maxTs) maxTs = t;
    if (i % 1000 === 999) fire(maxTs - 100);
  }
  fire(Infinity);
  return { fired, check };
}

function wasmRun(s, core) {
  const budget = MemoryBudget.create(1 << 30, core);
  const k = new WindowKernel(budget, { size: SIZE, slide: SLIDE, maxParallelism: MAXP });
  let maxTs = -Infinity;
  let fired = 0;
  let check = 0;
  const visit = (_start, _end, _kg, key, count, sum) => {
    fired++;
    check += count * 7 + sum + (key[0] | (key[1] << 8) | (key[2] << 16) | (key[3] << 24));
  };
  for (let i = 0; i < N; i++) {
    const t = s.ts[i];
    const key = s.key[i];
    const at = k.addRaw(t, s.val[i], computeKeyGroupForKeyHash(key, MAXP), 4);
    core.u32[at >>> 2] = key; // key bytes: the int, little endian (addRaw keeps them 4-aligned)
    if (t > maxTs) maxTs = t;
    if (i % 1000 === 999) k.advance(maxTs - 100, visit);
  }
  k.advance(Infinity, visit);
  k.drop();
  budget.dispose();
  return { fired, check };
}

function measure(fn) {
  fn();
  const rates = [];
  let result;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    result = fn();
    rates.push(N / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { rate: rates[(RUNS - 1) >> 1], result };
}

const core = WasmCore.get();
console.log(`sliding-window count+sum, size ${SIZE} ms, slide ${SLIDE} ms, ${N} records x ${RUNS} runs (median), ${process.version}`);
for (const keys of [1_000, 100_000]) {
  const s = makeStream(keys);
  const js = measure(() => jsRun(s));
  const wasm = measure(() => wasmRun(s, core));
  if (js.result.fired !== wasm.result.fired || js.result.check !== wasm.result.check) {
    throw new Error(`results differ: js ${JSON.stringify(js.result)} wasm ${JSON.stringify(wasm.result)}`);
  }
  console.log(
    `${String(keys).padStart(7)} keys: JS ${(js.rate / 1e6).toFixed(3)} M records/s, Wasm kernel ${(wasm.rate / 1e6).toFixed(3)} M records/s, ` +
      `ratio ${(wasm.rate / js.rate).toFixed(2)}x (${js.result.fired} window results each)`,
  );
}
