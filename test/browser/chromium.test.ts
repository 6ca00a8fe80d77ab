import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs a real job inside headless Chromium (Debian's package; .ci/run installs it). Outside CI the suite is
// skipped when Chromium is missing; in CI a missing browser is a failure.
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium package`);

const PAGE_SCRIPT = `
import { KeyedProcessFunction, StreamExecutionEnvironment, Types, ValueStateDescriptor, WasmStateBackend } from "./host/index.ts";
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(2);
const out = await env
  .fromElements("to be or not to be", "that is the question")
  .flatMap((line, o) => { for (const w of line.split(" ")) o.collect([w, 1]); })
  .keyBy((t) => t[0])
  .sum(1)
  .executeAndCollect();
const final = {};
for (const [w, n] of out) final[w] = n;

// Typed keyed state in the Wasm core's state tables, instantiated in the page.
class Count extends KeyedProcessFunction {
  open() { this.count = this.getRuntimeContext().getState(new ValueStateDescriptor("count", Types.LONG)); }
  processElement(w, _ctx, o) { const n = (this.count.value() ?? 0) + 1; this.count.update(n); o.collect(w + "=" + n); }
}
const wasmEnv = StreamExecutionEnvironment.getExecutionEnvironment();
wasmEnv.setStateBackend(new WasmStateBackend({ managedMemoryBytes: 8 * 1024 * 1024 }));
const wasmCounts = await wasmEnv.fromElements("x", "y", "x", "x").keyBy((w) => w).process(new Count()).executeAndCollect();
window.__result = { final, wasmCounts, platform: typeof process === "undefined" ? "browser" : "node" };
`;

let server: Server;
let url = "";

describe.skipIf(!available)("in a browser", () => {
  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: process.cwd(), loader: "ts" },
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const js = bundle.outputFiles[0]!.text;
    server = createServer((req, res) => {
      if (req.url === "/app.js") {
        res.writeHead(200, { "content-type": "text/javascript" });
        res.end(js);
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<!doctype html><script type="module" src="/app.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("runs a keyed DataStream job in headless Chromium", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(url);
      const result = await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result, undefined, { timeout: 20_000 });
      expect(errors).toEqual([]);
      expect(await result.jsonValue()).toEqual({
        final: { to: 2, be: 2, or: 1, not: 1, that: 1, is: 1, the: 1, question: 1 },
        wasmCounts: ["x=1", "y=1", "x=2", "x=3"],
        platform: "browser",
      });
    } finally {
      await browser.close();
    }
  });
});
