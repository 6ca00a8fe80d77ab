// Macro benchmark: map -> keyBy -> rolling sum through the engine, against a hand-written loop computing the same
// rolling sums over the same data in the same process. Prints records/s for both and the ratio (medians).
//
//   npm run bench:pipeline -- [records=2000000] [keys=10000] [runs=5] [parallelism=1]
import { StreamExecutionEnvironment } from "../dist/host/node.js";

const [records = 2_000_000, keys = 10_000, runs = 5, parallelism = 1] = process.argv.slice(2).map(Number);

async function engine() {
  const env = new StreamExecutionEnvironment().setParallelism(parallelism);
  let checksum = 0;
  env
    .fromSequence(0, records - 1)
    .map((v) => [v % keys, 1])
    .keyBy((t) => t[0])
    .sum(1)
    .addSink((t) => {
      checksum += t[1];
    });
  const t0 = performance.now();
  await env.execute("map-keyby-sum");
  return { ms: performance.now() - t0, checksum };
}

function handWritten() {
  // The same work without the engine: produce, map to a tuple, look up the running sum, emit a new tuple.
  const t0 = performance.now();
  const sums = new Map();
  let checksum = 0;
  for (let v = 0; v < records; v++) {
    const t = [v % keys, 1];
    const prev = sums.get(t[0]);
    const next = prev === undefined ? t : [prev[0], prev[1] + t[1]];
    sums.set(t[0], next);
    checksum += next[1];
  }
  return { ms: performance.now() - t0, checksum };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const engineMs = [];
const loopMs = [];
for (let i = 0; i < runs + 1; i++) {
  const e = await engine();
  const h = handWritten();
  if (e.checksum !== h.checksum) throw new Error(`checksum mismatch: engine ${e.checksum}, loop ${h.checksum}`);
  if (i > 0) {
    // The first round warms up the JIT and is not counted.
    engineMs.push(e.ms);
    loopMs.push(h.ms);
  }
}
const rate = (ms) => Math.round(records / (ms / 1000));
const result = {
  benchmark: "map-keyby-sum",
  records,
  keys,
  parallelism,
  runs,
  engineRecordsPerSec: rate(median(engineMs)),
  handWrittenRecordsPerSec: rate(median(loopMs)),
  ratio: Number((median(loopMs) / median(engineMs)).toFixed(3)),
  node: process.version,
};
console.log(
  `map -> keyBy -> sum, ${records} records, ${keys} keys, p=${parallelism}: engine ${result.engineRecordsPerSec.toLocaleString()} rec/s, ` +
    `hand-written loop ${result.handWrittenRecordsPerSec.toLocaleString()} rec/s, engine/loop = ${result.ratio} (median of ${runs})`,
);
console.log(JSON.stringify(result));
