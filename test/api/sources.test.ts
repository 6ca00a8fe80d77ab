import { createServer } from "node:net";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SourceContext, type SourceFunction, StreamExecutionEnvironment } from "../../host/node.js";

const env = (): StreamExecutionEnvironment => new StreamExecutionEnvironment();

describe("sources", () => {
  it("fromElements and fromCollection emit in order", async () => {
    expect(await env().fromElements("a", "b", "c").executeAndCollect()).toEqual(["a", "b", "c"]);
    expect(await env().fromCollection(new Set([3, 1, 2])).executeAndCollect()).toEqual([3, 1, 2]);
  });

  it("fromCollection reads an async iterable as it produces", async () => {
    async function* slow(): AsyncGenerator<number> {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 2));
        yield i;
      }
    }
    expect(await env().fromCollection(slow()).map((x: number) => x * 2).executeAndCollect()).toEqual([0, 2, 4, 6, 8]);
  });

  it("a failing async iterable fails the job with its error", async () => {
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      throw new Error("upstream went away");
    }
    await expect(env().fromCollection(broken()).executeAndCollect()).rejects.toThrow(/Collection Source.*upstream went away/);
  });

  it("fromSequence splits the range across parallel subtasks", async () => {
    const out = await env().setParallelism(3).fromSequence(-5, 1000).executeAndCollect();
    expect(out.sort((a, b) => a - b)).toEqual(Array.from({ length: 1006 }, (_, i) => i - 5));
    expect(() => env().fromSequence(5, 1)).toThrow(/from \(5\) must not be greater than to \(1\)/);
  });

  it("readTextFile reads lines; writeAsText writes them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rivulet-src-"));
    const input = join(dir, "in.txt");
    writeFileSync(input, "first line\r\nsecond\n\nlast without newline");
    const e = env();
    e.readTextFile(input).map((l: string) => l.toUpperCase()).writeAsText(join(dir, "out.txt"));
    await e.execute();
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("FIRST LINE\nSECOND\n\nLAST WITHOUT NEWLINE\n");
    const parallel = env().setParallelism(2);
    parallel.fromSequence(1, 4).writeAsText(join(dir, "parts"));
    await parallel.execute();
    expect(readdirSync(join(dir, "parts")).sort()).toEqual(["1", "2"]);
    await expect(env().readTextFile(join(dir, "missing.txt")).executeAndCollect()).rejects.toThrow(/no such file '.*missing\.txt'/);
  });

  it("socketTextStream reads delimited lines until the server closes", async () => {
    const server = createServer((socket) => {
      socket.write("alpha;be");
      setTimeout(() => socket.end("ta;gamma"), 10);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await env().socketTextStream("127.0.0.1", port, ";").executeAndCollect()).toEqual(["alpha", "beta", "gamma"]);
    } finally {
      server.close();
    }
  });

  it("addSource runs a SourceFunction with timestamps and watermarks", async () => {
    const source: SourceFunction<string> = {
      async run(ctx: SourceContext<string>) {
        ctx.collectWithTimestamp("a", 1000);
        ctx.emitWatermark(1000);
        await ctx.waitForCapacity();
        ctx.collectWithTimestamp("b", 2000);
        ctx.collect("no timestamp");
      },
      cancel() {},
    };
    const seen: string[] = [];
    const e = env();
    e.addSource(source, "Letters")
      .process({
        processElement(v: string, ctx, out) {
          seen.push(`${v}@${ctx.timestamp()} wm=${ctx.timerService().currentWatermark()}`);
          out.collect(v);
        },
      })
      .addSink(() => {});
    await e.execute();
    expect(seen).toEqual(["a@1000 wm=-Infinity", "b@2000 wm=1000", "no timestamp@null wm=1000"]);
    expect(() => env().addSource({ run() {}, cancel() {} }).setParallelism(2)).toThrow(/non parallel operator must be 1/);
  });
});
