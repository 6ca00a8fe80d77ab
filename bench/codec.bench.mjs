// Codec round trip vs JSON.stringify/JSON.parse on Nexmark-like bid records
// (auction:long, bidder:long, price:long, channel:string, url:string, dateTime:long, extra:string).
//
// Codec path: values are encoded into 64 KiB core segments charged to a budget (as a channel would), the core
// validates each batch (the decoder's safety net against garbage), and the host decodes it back to objects.
// JSON paths: one JSON.stringify/JSON.parse per record (a message per record), and one per array of 4096
// records (a batch per message); the faster is the baseline for the ratio.
//
// Usage: npm run bench:codec   (prints records/s medians over several runs and the ratio)
import { Types, RecordCodec, MemoryBudget, WasmCore } from "../dist/host/index.js";

const N = 200_000;
const RUNS = 9;
const BATCH = 4096;

function makeBids(n) {
  const channels = ["Google", "Facebook", "Baidu", "Apple", "channel-1234"];
  const bids = new Array(n);
  let seed = 42;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    const auction = 1000 + Math.floor(rnd() * 100_000);
    bids[i] = {
      auction,
      bidder: 1000 + Math.floor(rnd() * 1_000_000),
      price: Math.floor(rnd() * 10_000_000),
      channel: channels[i % channels.length],
      url: `https://www.nexmark.com/${auction}/item.htm?query=1&channel_id=${Math.floor(rnd() * 1e9)}`,
      dateTime: 1_700_000_000_000 + i * 10,
      extra: "x".repeat(Math.floor(rnd() * 64)),
    };
  }
  return bids;
}

const bidType = Types.ROW({
  auction: Types.LONG,
  bidder: Types.LONG,
  price: Types.LONG,
  channel: Types.STRING,
  url: Types.STRING,
  dateTime: Types.LONG,
  extra: Types.STRING,
});

const bids = makeBids(N);
const core = WasmCore.get();
const codec = new RecordCodec(bidType, core);
const budget = MemoryBudget.create(64 * 1024 * 1024, core);
let sink = 0;

function jsonPerRecord() {
  for (let i = 0; i < N; i++) {
    const back = JSON.parse(JSON.stringify(bids[i]));
    sink += back.price;
  }
}

function jsonPerBatch() {
  for (let i = 0; i < N; i += BATCH) {
    const back = JSON.parse(JSON.stringify(bids.slice(i, i + BATCH)));
    sink += back[0].price;
  }
}

function codecRoundTrip() {
  let start = 0;
  while (start < N) {
    const { batch, taken } = codec.writeBatch(bids, budget, start);
    const back = codec.decodeAt(batch.address, batch.byteLength);
    sink += back[0].price;
    budget.release(batch.segment);
    start += taken;
  }
}

function codecBytesRoundTrip() {
  for (let i = 0; i < N; i += BATCH) {
    const bytes = codec.encode(bids.slice(i, i + BATCH));
    const back = codec.decode(bytes);
    sink += back[0].price;
  }
}

function measure(fn) {
  for (let w = 0; w < 2; w++) fn();
  const rates = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    rates.push(N / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[(RUNS - 1) >> 1];
}

// correctness first
{
  const { batch } = codec.writeBatch(bids.slice(0, 100), budget);
  const back = codec.decodeAt(batch.address, batch.byteLength);
  budget.release(batch.segment);
  if (JSON.stringify(back) !== JSON.stringify(bids.slice(0, 100))) throw new Error("codec round trip differs");
}

const results = {
  "JSON per record": measure(jsonPerRecord),
  "JSON per 4096-record array": measure(jsonPerBatch),
  "codec via core segments": measure(codecRoundTrip),
  "codec via byte arrays": measure(codecBytesRoundTrip),
};
const baseline = Math.max(results["JSON per record"], results["JSON per 4096-record array"]);
console.log(`codec round trip, Nexmark bid records, ${N} records x ${RUNS} runs (median), ${process.version}`);
for (const [name, rate] of Object.entries(results)) {
  const ratio = name.startsWith("codec") ? `   ${(rate / baseline).toFixed(2)}x vs best JSON` : "";
  console.log(`${name.padEnd(28)} ${(rate / 1e6).toFixed(3).padStart(8)} M records/s${ratio}`);
}
const bytesPerRecord = codec.encode(bids.slice(0, 1000)).length / 1000;
const jsonBytes = JSON.stringify(bids.slice(0, 1000)).length / 1000;
console.log(`size: ${bytesPerRecord.toFixed(1)} bytes/record binary (framed) vs ${jsonBytes.toFixed(1)} JSON`);
if (sink === 42) console.log("");
budget.dispose();
