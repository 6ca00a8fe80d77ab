import { describe, expect, it } from "vitest";
import { StreamExecutionEnvironment } from "../host/node.js";

describe("smoke", () => {
  it("word count", async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    const out = await env
      .fromElements("a b", "b c", "b")
      .flatMap((l: string, o) => { for (const w of l.split(" ")) o.collect(w); })
      .map((w: string) => [w, 1] as [string, number])
      .keyBy((t) => t[0])
      .sum(1)
      .executeAndCollect();
    expect(out).toEqual([["a", 1], ["b", 1], ["b", 2], ["c", 1], ["b", 3]]);
  });
});
