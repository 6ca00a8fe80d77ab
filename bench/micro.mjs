// Micro benchmarks (benchmark.js) of hot-path primitives, each next to a plain-JS baseline in the same suite.
//
//   npm run bench:micro
import Benchmark from "benchmark";
import { assignToKeyGroup, Channel, HashMapStateBackend, KeyGroupRange, ValueStateDescriptor } from "../dist/host/node.js";

const words = Array.from({ length: 1024 }, (_, i) => `word-${i}-${(i * 2654435761) % 1000}`);
let sink = 0;

const endpoint = { fullOutputs: 0, wake() {} };
const channel = new Channel(1024);
channel.producer = endpoint;
channel.consumer = endpoint;
const queue = [];

const backend = new HashMapStateBackend().createKeyedStateBackend({
  operatorName: "bench",
  maxParallelism: 128,
  keyGroupRange: new KeyGroupRange(0, 127),
});
const state = backend.getPartitionedState("", new ValueStateDescriptor("count"));
const map = new Map();

const results = [];
new Benchmark.Suite("hot path")
  .add("key group of a string key (Java hashCode + murmur)", () => {
    for (let i = 0; i < words.length; i++) sink += assignToKeyGroup(words[i], 128);
  })
  .add("baseline: string length sum", () => {
    for (let i = 0; i < words.length; i++) sink += words[i].length;
  })
  .add("channel push+poll 1024 records", () => {
    for (let i = 0; i < 1024; i++) channel.pushRecord(i, i, true);
    for (let i = 0; i < 1024; i++) {
      channel.poll();
      sink += channel.polledValue;
    }
  })
  .add("baseline: array push+shift 1024", () => {
    for (let i = 0; i < 1024; i++) queue.push(i);
    for (let i = 0; i < 1024; i++) sink += queue.shift();
  })
  .add("heap ValueState count per key (1024 keys)", () => {
    for (let i = 0; i < words.length; i++) {
      backend.setCurrentKey(words[i]);
      state.update((state.value() ?? 0) + 1);
    }
  })
  .add("baseline: Map count per key (1024 keys)", () => {
    for (let i = 0; i < words.length; i++) map.set(words[i], (map.get(words[i]) ?? 0) + 1);
  })
  .on("cycle", (e) => {
    results.push({ name: e.target.name, hz: e.target.hz, rme: e.target.stats.rme });
    console.log(String(e.target));
  })
  .on("complete", () => {
    for (let i = 0; i + 1 < results.length; i += 2) {
      console.log(`${results[i].name}: ${(results[i].hz / results[i + 1].hz).toFixed(3)}x of its baseline`);
    }
    if (sink === 42) console.log("");
  })
  .run();
