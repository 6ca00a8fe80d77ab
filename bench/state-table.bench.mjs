// Keyed count: Wasm state table vs a JS Map, at 10^4, 10^6 and 10^7 distinct keys.
//
// Each measurement runs in a fresh child process (`node --expose-gc`), so memory figures are that structure's
// alone: "rss B/key" = growth of the process's resident set while the structure was built, divided by the
// number of keys (process memory: includes pages the table's earlier arrays touched during resizes, and JS heap
// pages kept after garbage collection); "live B/key" = JS heap in use after a full GC plus, for Wasm, the
// managed memory the table holds. Throughput = count operations per second over the whole run.
// Keys: distinct small integers (V8 Smis: the Map's best case) and, second, short strings ("user-<n>") made
// per record from the integer, as a job gets them from its records (so the Map keeps one string per key alive,
// while the table keeps the key's UTF-8 bytes).
// The Wasm side counts through the batched kernel (keys written to a batch in core memory, key groups and
// hashes computed in the core, 4096 records per call); "wasm/call" is the same table driven one call per record.
//
// Usage: npm run bench:state [-- --quick]   (prints medians of several runs and the ratios)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const DIST = new URL("../dist/host/index.js", import.meta.url).href;

// ---------------------------------------------------------------- child: one measurement
async function child(impl, keyKind, n, ops) {
  const { WasmCore, MemoryBudget, WasmStateTable, CountKeyMode } = await import(DIST);
  const keyAt = (i) => (Math.imul(i, 2654435761) >>> 0) % n; // visits every key once per n operations
  const core = impl === "map" ? null : WasmCore.get();
  globalThis.gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let managed = 0;
  let t0;
  let size;
  if (impl === "map") {
    const m = new Map();
    t0 = performance.now();
    if (keyKind === "int") {
      for (let i = 0; i < ops; i++) {
        const k = keyAt(i) * 7 + 1000;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    } else {
      for (let i = 0; i < ops; i++) {
        const k = `user-${keyAt(i) * 7 + 1000}`;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
    size = m.size;
    globalThis.__keep = m;
  } else {
    const budget = MemoryBudget.create(2 ** 32 - 2 ** 20, core);
    const t = new WasmStateTable(budget, { keyInline: keyKind === "int" ? 8 : 16, valueWidth: 8, maxParallelism: 128 });
    const BATCH = 4096;
    const buf = core.ioBuf.ensure(BATCH * 32);
    t0 = performance.now();
    if (impl === "wasm") {
      for (let i = 0; i < ops; i += BATCH) {
        const m = Math.min(BATCH, ops - i);
        if (keyKind === "int") {
          const u32 = core.u32;
          let p = buf >>> 2;
          for (let j = 0; j < m; j++) {
            u32[p] = 8;
            u32[p + 1] = keyAt(i + j) * 7 + 1000;
            u32[p + 2] = 0;
            p += 3;
          }
          t.countBatch(buf, m, CountKeyMode.I64);
        } else {
          const u8 = core.u8;
          const dv = core.dv;
          let p = buf;
          for (let j = 0; j < m; j++) {
            const s = `user-${keyAt(i + j) * 7 + 1000}`;
            const len = s.length;
            dv.setUint32(p, len, true);
            for (let c = 0; c < len; c++) u8[p + 4 + c] = s.charCodeAt(c); // ASCII keys
            p += 4 + ((len + 3) & ~3);
          }
          t.countBatch(buf, m, CountKeyMode.UTF8_STRING);
        }
      }
    } else {
      // one core call per record: stage the key, upsert, add in place
      const kb = core.keyBuf.address;
      const maxP = 128;
      const x = core.exports;
      for (let i = 0; i < ops; i++) {
        const k = keyAt(i) * 7 + 1000;
        const u32 = core.u32;
        u32[kb >>> 2] = k;
        u32[(kb >>> 2) + 1] = 0;
        const kg = x.keyGroupForHash(k, maxP); // Long.hashCode of a small non-negative long is the value
        const a = t.upsert(kg, 8, 0);
        const dv = core.dv;
        dv.setUint32(a, dv.getUint32(a, true) + 1, true);
      }
    }
    size = t.size;
    managed = budget.usedBytes;
    globalThis.__keep = t;
  }
  const seconds = (performance.now() - t0) / 1000;
  globalThis.gc();
  const rss1 = process.memoryUsage().rss;
  const heap1 = process.memoryUsage().heapUsed;
  if (size !== n) throw new Error(`${impl}: ${size} keys, expected ${n}`);
  process.stdout.write(JSON.stringify({
    opsPerSec: ops / seconds,
    bytesPerEntry: (rss1 - rss0) / n,
    liveBytesPerEntry: (Math.max(0, heap1 - heap0) + managed) / n,
  }));
}

async function capacityChild(impl, n) {
  const { WasmCore, MemoryBudget, WasmStateTable, CountKeyMode } = await import(DIST);
  const t0 = performance.now();
  if (impl === "map") {
    const m = new Map();
    try {
      for (let i = 0; i < n; i++) m.set(i, 1);
      process.stdout.write(JSON.stringify({ held: m.size, seconds: (performance.now() - t0) / 1000 }));
    } catch (e) {
      process.stdout.write(JSON.stringify({ held: m.size, error: String(e) }));
    }
    return;
  }
  const core = WasmCore.get();
  const budget = MemoryBudget.create(2 ** 32 - 2 ** 20, core);
  const t = new WasmStateTable(budget, { keyInline: 8, valueWidth: 8, maxParallelism: 128 });
  const BATCH = 8192;
  const buf = core.ioBuf.ensure(BATCH * 12);
  for (let i = 0; i < n; i += BATCH) {
    const m = Math.min(BATCH, n - i);
    const u32 = core.u32;
    let p = buf >>> 2;
    for (let j = 0; j < m; j++) {
      u32[p] = 8;
      u32[p + 1] = i + j;
      u32[p + 2] = 0;
      p += 3;
    }
    t.countBatch(buf, m, CountKeyMode.I64);
  }
  process.stdout.write(JSON.stringify({ held: t.size, seconds: (performance.now() - t0) / 1000, tableBytesPerEntry: t.memoryBytes / n }));
}

// ---------------------------------------------------------------- parent: runs, medians, ratios
function run(args) {
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", SELF, "--child", ...args.map(String)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`child ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 2) => x.toFixed(d);

async function parent() {
  const quick = process.argv.includes("--quick");
  const sizes = quick ? [1e4, 1e6] : [1e4, 1e6, 1e7];
  console.log(`keyed count, ${process.version}, ${quick ? "quick" : "full"} run; each figure the median of several child processes`);
  console.log("keys    key     impl        Mops/s  rss B/key  live B/key   ops/s vs Map  rss vs Map  live vs Map");
  for (const keyKind of ["int", "string"]) {
    for (const n of sizes) {
      const ops = Math.max(2 * n, 4_000_000);
      const runs = n >= 1e7 ? 3 : 5;
      const impls = keyKind === "int" ? ["map", "wasm", "wasm/call"] : ["map", "wasm"];
      const res = {};
      for (const impl of impls) {
        const rs = [];
        for (let r = 0; r < runs; r++) rs.push(run([impl === "wasm/call" ? "call" : impl, keyKind, n, ops]));
        res[impl] = {
          ops: median(rs.map((x) => x.opsPerSec)),
          bytes: median(rs.map((x) => x.bytesPerEntry)),
          live: median(rs.map((x) => x.liveBytesPerEntry)),
        };
      }
      for (const impl of impls) {
        const r = res[impl];
        const vs = impl === "map" ? "" :
          `${fmt(r.ops / res.map.ops)}x`.padStart(15) + fmt(r.bytes / res.map.bytes).padStart(12) + fmt(r.live / res.map.live).padStart(13);
        console.log(
          `${n.toExponential(0).padEnd(7)} ${keyKind.padEnd(7)} ${impl.padEnd(10)} ${fmt(r.ops / 1e6).padStart(7)} ` +
            `${fmt(r.bytes, 1).padStart(10)} ${fmt(r.live, 1).padStart(11)}${vs}`,
        );
      }
    }
  }
  if (!quick) {
    const N = 20_000_000;
    const m = run(["capacity-map", N]);
    const w = run(["capacity-wasm", N]);
    console.log(`capacity: Map held ${m.held.toLocaleString("en")} keys${m.error ? ` then threw ${m.error}` : ""}; ` +
      `Wasm table held ${w.held.toLocaleString("en")} keys in ${fmt(w.seconds, 1)} s (${fmt(w.tableBytesPerEntry, 1)} table bytes/entry)`);
  }
}

const i = process.argv.indexOf("--child");
if (i >= 0) {
  const [impl, a, b, c] = process.argv.slice(i + 1);
  if (impl === "capacity-map") await capacityChild("map", Number(a));
  else if (impl === "capacity-wasm") await capacityChild("wasm", Number(a));
  else await child(impl === "call" ? "call" : impl, a, Number(b), Number(c));
} else {
  await parent();
}
