// Summarises a V8 CPU profile (node --cpu-prof; `npm run bench:nexmark -- q5 --cpu-prof`) by self time per
// source function: `file:function`, mapped through the bundle's source map to the TypeScript sources.
//
//   node bench/nexmark/profile-summary.mjs bench/results/profiles/q5-p1-1000000.cpuprofile [top=25]
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

const [file, topArg = "25"] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: profile-summary.mjs <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8"));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// --- source maps (v3, VLQ mappings), loaded per bundle ---
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const maps = new Map();
function loadMap(url) {
  if (maps.has(url)) return maps.get(url);
  let map = null;
  if (url.startsWith("file://")) {
    const path = fileURLToPath(url) + ".map";
    if (existsSync(path)) map = decode(JSON.parse(readFileSync(path, "utf8")), path);
  }
  maps.set(url, map);
  return map;
}
function decode(raw, mapPath) {
  const lines = [];
  let source = 0, line = 0, column = 0;
  for (const group of raw.mappings.split(";")) {
    const segments = [];
    let generated = 0;
    for (const seg of group.split(",")) {
      if (seg === "") continue;
      const values = [];
      let value = 0, shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generated += values[0];
      if (values.length >= 4) {
        source += values[1];
        line += values[2];
        column += values[3];
        segments.push([generated, source, line]);
      }
    }
    lines.push(segments);
  }
  const dir = mapPath.slice(0, mapPath.lastIndexOf("/") + 1);
  const sources = raw.sources.map((s) => relative(ROOT, new URL(s, "file://" + dir).pathname));
  return { lines, sources };
}
function originalPosition(map, line, column) {
  const segments = map.lines[line];
  if (segments === undefined) return null;
  let best = null;
  for (const s of segments) {
    if (s[0] <= column) best = s;
    else break;
  }
  return best === null ? null : `${map.sources[best[1]]}:${best[2] + 1}`;
}

// --- self time per function ---
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const dt = deltas[i] ?? 0;
  total += dt;
  const f = node.callFrame;
  let where = f.url === "" ? "(native)" : f.url;
  const map = f.url === "" ? null : loadMap(f.url);
  if (map !== null) where = originalPosition(map, f.lineNumber, f.columnNumber) ?? where;
  else if (where.startsWith("node:")) where = where;
  const key = `${where.replace(/:\d+$/, "")}:${f.functionName || "(anonymous)"}`;
  const entry = self.get(key) ?? { us: 0, at: where };
  entry.us += dt;
  self.set(key, entry);
}
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
// Self time per area: the generator, the runtime, state, the query's own code, GC, the rest.
const AREAS = [
  ["host/connectors/nexmark/", "generator + source"],
  ["host/runtime/", "runtime (tasks, channels, operators, timers)"],
  ["host/state/", "keyed state"],
  ["host/api/", "api"],
  ["bench/nexmark/queries/", "query code"],
  ["bench/nexmark/limit/", "query code (shared UDFs)"],
  ["bench/nexmark/harness/", "harness (sink)"],
];
const areas = new Map();
for (const [key, { us }] of self) {
  const area = key.startsWith("(native):(garbage collector)") ? "garbage collector" : (AREAS.find(([prefix]) => key.startsWith(prefix))?.[1] ?? "other (native, node, idle)");
  areas.set(area, (areas.get(area) ?? 0) + us);
}
console.log("by area:");
for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${area}`);
const top = [...self].sort((a, b) => b[1].us - a[1].us).slice(0, Number(topArg));
console.log("by function (self time):");
for (const [key, { us, at }] of top) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}  (${at})`);
