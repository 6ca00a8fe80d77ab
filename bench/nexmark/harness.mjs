// Nexmark benchmark harness: runs each query's DataStream job and its hand-written "practical limit" over the
// same generated events, each in a fresh Node process, and prints Flink's nexmark table plus our ratios.
//
//   npm run bench:nexmark -- q5 --events 10000000
//   npm run bench:nexmark -- all --events 1M --parallelism 2
//   npm run bench:nexmark -- q0 q1 --events 2M --seed 3 --no-record --cpu-prof
//
// Options: --events N (K/M suffixes; default 1M), --parallelism N (default 1), --seed S (default 0),
// --no-limit (engine only), --no-record (do not append to bench/results/nexmark.jsonl),
// --cpu-prof (write a V8 CPU profile of each engine run under bench/results/profiles/), --timers (run q5, q7,
// q8, q11 and q12 as written without the window API: keyed process functions and timers), --state-backend
// hashmap|wasm (default hashmap: HashMapStateBackend; wasm: WasmStateBackend, keyed state and timers in Wasm).
// The TypeScript sources (host/, bench/nexmark/) are bundled with esbuild first: no build step needed.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { arch, cpus, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT_DIR = join(ROOT, "node_modules", ".cache", "rivulet-nexmark");
const RESULTS = join(ROOT, "bench", "results", "nexmark.jsonl");
const PROFILES = join(ROOT, "bench", "results", "profiles");

const QUERIES = ["q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q9", "q10", "q11", "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22"];

function count(text, what) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (m === null) throw new Error(`${what}: expected a number like 1000000, 500K or 10M, got '${text}'`);
  return Math.round(Number(m[1]) * (m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1e3 : 1e6));
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: "string", default: "1M" },
    parallelism: { type: "string", short: "p", default: "1" },
    seed: { type: "string", default: "0" },
    "no-limit": { type: "boolean", default: false },
    "no-record": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    timers: { type: "boolean", default: false },
    "state-backend": { type: "string", default: "hashmap" },
  },
});
const events = count(values.events, "--events");
const parallelism = count(values.parallelism, "--parallelism");
const seed = Number(values.seed);
const stateBackend = values["state-backend"];
if (stateBackend !== "hashmap" && stateBackend !== "wasm") throw new Error(`--state-backend: hashmap or wasm, got '${stateBackend}'`);
const TIMER_VARIANTS = ["q5", "q7", "q8", "q11", "q12"];
const queries = positionals.length === 0 || positionals.includes("all") ? QUERIES : positionals;
for (const q of queries) if (!QUERIES.includes(q)) throw new Error(`unknown query '${q}' (q0-q22 without q6, or all)`);

// Bundle the runner (TypeScript, with the engine sources) into one ES module.
mkdirSync(OUT_DIR, { recursive: true });
const runner = join(OUT_DIR, "runner.mjs");
await build({
  entryPoints: [join(ROOT, "bench", "nexmark", "harness", "runner.ts")],
  outfile: runner,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  keepNames: true,
  sourcemap: "linked",
  logLevel: "warning",
});
const { FLINK_1_13_PER_CORE } = await import(await bundleReference());

async function bundleReference() {
  const out = join(OUT_DIR, "flink-reference.mjs");
  await build({ entryPoints: [join(ROOT, "bench", "nexmark", "harness", "flink-reference.ts")], outfile: out, bundle: true, platform: "node", format: "esm", logLevel: "warning" });
  return "file://" + out;
}

function run(mode, query) {
  const args = ["--max-old-space-size=16384"];
  if (values["cpu-prof"] && mode !== "limit") {
    mkdirSync(PROFILES, { recursive: true });
    const variant = mode === "engine-timers" ? "-timers" : "";
    args.push("--cpu-prof", `--cpu-prof-dir=${PROFILES}`, `--cpu-prof-name=${query}${variant}-p${parallelism}-${events}.cpuprofile`);
  }
  const child = spawnSync(process.execPath, [...args, runner, mode, query, String(events), String(parallelism), String(seed), stateBackend], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`${mode} ${query} failed with exit code ${child.status}`);
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

/** Flink's nexmark number formats: thousands separators, "K/s" / "M/s" throughput. */
const thousands = (n) => Math.round(n).toLocaleString("en-US");
const rate = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(2)} K/s`);
const ratio = (x) => (Number.isFinite(x) ? x.toFixed(2) : "-");

const HEADER = ["Nexmark Query", "Events Num", "Cores", "Time(s)", "Cores * Time(s)", "Throughput/Cores", "Limit Throughput/Cores", "Engine/Limit", "Flink 1.13 Throughput/Cores", "Engine/Flink"];
const rows = [];
const results = [];
function printTable() {
  const widths = HEADER.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)) + 1);
  const line = "+" + widths.map((w) => "-".repeat(w + 1)).join("+") + "+";
  const fmt = (cells) => "|" + cells.map((cell, c) => (c === 0 ? cell : " " + cell).padEnd(widths[c] + 1)).join("|") + "|";
  console.log(line);
  console.log(fmt(HEADER));
  console.log(line);
  for (const r of rows) console.log(fmt(r));
  console.log(line);
}

console.error(`Nexmark: ${queries.join(" ")}, ${thousands(events)} events, parallelism ${parallelism}, seed ${seed}, state backend ${stateBackend}`);
for (const query of queries) {
  const variant = values.timers && TIMER_VARIANTS.includes(query) ? "timers" : "window API";
  const engine = run(variant === "timers" ? "engine-timers" : "engine", query);
  const limit = values["no-limit"] ? null : run("limit", query);
  const perCore = (r) => r.events / (r.cpuMs / 1000);
  const enginePerCore = perCore(engine);
  const limitPerCore = limit === null ? NaN : perCore(limit);
  const flink = FLINK_1_13_PER_CORE[query];
  const result = {
    query,
    variant: TIMER_VARIANTS.includes(query) ? variant : undefined,
    events,
    parallelism,
    engine: { ...engine, cores: engine.cpuMs / engine.wallMs, perCore: enginePerCore },
    limit: limit === null ? null : { ...limit, cores: limit.cpuMs / limit.wallMs, perCore: limitPerCore },
    engineToLimit: enginePerCore / limitPerCore,
    flinkPerCore: flink,
    engineToFlink: enginePerCore / flink,
  };
  results.push(result);
  rows.push([
    result.variant === "timers" ? `${query} (timers)` : query,
    thousands(events),
    result.engine.cores.toFixed(2),
    (engine.wallMs / 1000).toFixed(3),
    (engine.cpuMs / 1000).toFixed(3),
    rate(enginePerCore),
    limit === null ? "-" : rate(limitPerCore),
    ratio(result.engineToLimit),
    rate(flink),
    ratio(result.engineToFlink),
  ]);
  console.error(`${query}: engine ${rate(enginePerCore)}/core, limit ${limit === null ? "-" : rate(limitPerCore)}/core`);
}
printTable();

if (!values["no-record"]) {
  const cpu = cpus();
  const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  const record = {
    date: new Date().toISOString(),
    commit: git.status === 0 ? git.stdout.trim() : null,
    command: `npm run bench:nexmark -- ${process.argv.slice(2).join(" ")}`,
    machine: {
      os: `${platform()} ${release()} ${arch()}`,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "unknown",
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    events,
    parallelism,
    seed,
    stateBackend,
    results,
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  appendFileSync(RESULTS, JSON.stringify(record) + "\n");
  console.error(`appended to ${RESULTS}`);
}
