// The `rivulet` command line: parses arguments with cac and dispatches to cli/commands/*.
// Exit codes: 0 success, 1 job failed, 2 usage error.
import { readFileSync } from "node:fs";
import process from "node:process";
import { cac } from "cac";
import { cancelCommand } from "./commands/cancel.js";
import { listCommand } from "./commands/list.js";
import { type NexmarkFlags, nexmarkCommand } from "./commands/nexmark.js";
import { type RunFlags, runCommand } from "./commands/run.js";
import { savepointCommand } from "./commands/savepoint.js";
import { type StopFlags, stopCommand } from "./commands/stop.js";
import { EXIT_JOB_FAILED, EXIT_OK, EXIT_USAGE, fullStack, oneLine, UsageError } from "./errors.js";

/** Options of `run` that take a value, so the job file is not mistaken for one. */
const RUN_VALUE_OPTIONS = new Set(["-p", "--parallelism", "-D", "-s", "--fromSavepoint"]);

/**
 * Splits `run`'s argv at the job file: what precedes it (and the file) is for rivulet, what follows belongs to
 * the job, options included (`rivulet run job.ts --input x` passes `--input x` to the job). `--` also ends
 * rivulet's options. Flink-style `-Dkey=value`, `-p4` and `-s<path>` are split into `-D key=value`, `-p 4` and `-s <path>`.
 */
export function splitRunArgs(argv: string[]): { cliArgs: string[]; jobArgs: string[] } {
  const runAt = argv.findIndex((a) => !a.startsWith("-"));
  if (runAt < 0 || argv[runAt] !== "run") return { cliArgs: argv, jobArgs: [] };
  const cliArgs = argv.slice(0, runAt + 1);
  for (let i = runAt + 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      if (i + 1 < argv.length) cliArgs.splice(runAt + 1, 0, argv[i + 1]!);
      return { cliArgs, jobArgs: argv.slice(i + 2) };
    }
    if (/^-[Dps]./.test(arg)) {
      cliArgs.push(arg.slice(0, 2), arg.slice(2).replace(/^=/, ""));
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      cliArgs.push(arg);
      if (RUN_VALUE_OPTIONS.has(arg) && i + 1 < argv.length) cliArgs.push(argv[++i]!);
      continue;
    }
    // The job file goes right after `run`, so an unknown option before it cannot swallow it as its value.
    cliArgs.splice(runAt + 1, 0, arg);
    return { cliArgs, jobArgs: argv.slice(i + 1) };
  }
  return { cliArgs, jobArgs: [] };
}

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Runs the CLI with `argv` (without the runtime and script paths); resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { cliArgs, jobArgs } = splitRunArgs(argv);
  const verbose = cliArgs.includes("--verbose");
  const cli = cac("rivulet");
  let exitCode = EXIT_OK;

  cli
    .command("run <job>", "Run a job file (.ts, .mts, .js or .mjs) to completion")
    .usage("run [options] <job.ts|job.js> [job args...]\n\n  Arguments after the job file are passed to the job.")
    .option("-p, --parallelism <n>", "Default parallelism of the job (parallelism.default)")
    .option("-s, --fromSavepoint <path>", "Restore from a savepoint, a chk-<n> checkpoint, a _metadata file, or a job's checkpoint directory (its newest valid checkpoint)")
    .option("-n, --allowNonRestoredState", "Skip state of the savepoint that maps to no operator of the job")
    .option("-D <key=value>", "Set a configuration key, e.g. -D execution.checkpointing.interval=1s (repeatable)")
    .option("--json", "Print one JSON object with the job's result on stdout instead of progress and summary")
    .option("--verbose", "Show stack traces of failures")
    .example("rivulet run -p 4 examples/word-count.ts examples/data/tale-of-two-cities.txt")
    .example("rivulet run -D execution.runtime-mode=BATCH --json job.js")
    .example("rivulet run -D execution.checkpointing.interval=10s -D state.checkpoints.dir=/tmp/chk job.ts")
    .example("rivulet run -s /tmp/savepoints/savepoint-1a2b3c-0123456789ab job.ts")
    .action(async (job: string, flags: RunFlags) => {
      exitCode = await runCommand(job, jobArgs, flags);
    });

  cli
    .command("list", "List the jobs running under `rivulet run` on this machine")
    .option("--json", "Print the jobs as a JSON array")
    .action(async (flags: { json?: boolean }) => {
      exitCode = await listCommand(flags);
    });

  cli.command("cancel <jobId>", "Cancel a running job (its id as shown by `rivulet list`, or a unique prefix)").action(async (jobId: string) => {
    exitCode = await cancelCommand(jobId);
  });

  cli
    .command("savepoint <jobId> [targetDirectory]", "Take a savepoint of a running job (default directory: its state.savepoints.dir); prints its path")
    .example("rivulet savepoint 3f2a /tmp/savepoints")
    .action(async (jobId: string, directory: unknown) => {
      exitCode = await savepointCommand(jobId, directory);
    });

  cli
    .command("stop <jobId>", "Stop a running job with a savepoint (it ends FINISHED); prints the savepoint's path")
    .usage("stop [--savepointPath <dir>] <jobId>")
    .option("-p, --savepointPath <dir>", "Directory of the savepoint (default: the job's state.savepoints.dir)")
    .example("rivulet stop --savepointPath /tmp/savepoints 3f2a")
    .action(async (jobId: string, flags: StopFlags) => {
      exitCode = await stopCommand(jobId, flags);
    });

  cli
    .command("nexmark <command>", "Nexmark benchmark tools; `nexmark generate` writes generated events as JSON lines")
    .usage("nexmark generate --events N --out file.jsonl [--seed S] [--rate R]")
    .option("--events <n>", "Number of events to generate")
    .option("--out <file>", "JSON lines file to write")
    .option("--seed <s>", "Seed of the generated data (default 0)")
    .option("--rate <r>", "Event-time rate in events per second (default 10000)")
    .example("rivulet nexmark generate --events 1000000 --out nexmark.jsonl --seed 7")
    .action(async (command: string, flags: NexmarkFlags) => {
      exitCode = await nexmarkCommand(command, flags);
    });

  cli.help();
  cli.version(packageVersion());

  try {
    cli.parse(["rivulet", "rivulet", ...cliArgs], { run: false });
    if (cli.matchedCommand === undefined) {
      if (cli.options["help"] === true || cli.options["version"] === true) return EXIT_OK;
      if (cli.args.length > 0) throw new UsageError(`unknown command '${cli.args[0]}' (see rivulet --help)`);
      cli.outputHelp();
      return EXIT_USAGE;
    }
    if (cli.options["help"] === true) return EXIT_OK;
    try {
      await cli.runMatchedCommand();
    } catch (e) {
      if (e instanceof Error && e.name === "CACError" && e.message.startsWith("missing required args") && cli.matchedCommandName === "run") {
        throw new UsageError("missing job file: rivulet run [options] <job.ts|job.js> [job args...]");
      }
      throw e;
    }
    return exitCode;
  } catch (e) {
    const usage = e instanceof UsageError || (e instanceof Error && e.name === "CACError");
    process.stderr.write(`error: ${oneLine(e)}\n`);
    if (verbose) process.stderr.write(fullStack(e) + "\n");
    return usage ? EXIT_USAGE : EXIT_JOB_FAILED;
  }
}
