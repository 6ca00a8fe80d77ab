// Word count, the flagship example: reads a text file, counts words with a keyed sum in BATCH mode (final
// counts only, as Flink's batch execution does), and prints the most frequent words.
//
//   rivulet run examples/word-count.ts [file] [--top N]
import { type Collector, RuntimeExecutionMode, type StreamExecutionEnvironment } from "rivulet";

export default async function wordCount(env: StreamExecutionEnvironment, args: string[]): Promise<void> {
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 10;
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--top") ?? "examples/data/tale-of-two-cities.txt";

  env.setRuntimeMode(RuntimeExecutionMode.BATCH);
  const counts = await env
    .readTextFile(file)
    .flatMap((line: string, out: Collector<[string, number]>) => {
      for (const word of line.toLowerCase().split(/[^\p{L}\p{N}']+/u)) if (word) out.collect([word, 1]);
    })
    .name("Tokenizer")
    .keyBy((t) => t[0])
    .sum(1)
    .name("Count")
    .executeAndCollect(undefined, `word count: ${file}`);

  counts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [word, n] of counts.slice(0, top)) console.log(`${String(n).padStart(5)}  ${word}`);
  console.log(`(${counts.length} distinct words)`);
}
