// Entry point of the `rivulet` command: `node dist/cli/main.js ...`, `deno run -A dist/cli/main.js ...`, or
// bin/rivulet.js. Exits with main's code once stdout and stderr have drained (a job may leave timers behind).
import process from "node:process";
import { main } from "./cli.js";

const code = await main(process.argv.slice(2));
await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write("", () => resolve()))));
process.exit(code);
