// `rivulet run [-p N] [-s path] [-n] [-D key=value]... [--json] [--verbose] <job.ts|job.js> [job args]`
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import {
  type EnvironmentOptions,
  type JobClient,
  JobExecutionException,
  type JobExecutionResult,
  StreamExecutionEnvironment,
} from "../../host/node.js";
import { EXIT_JOB_FAILED, EXIT_OK, fullStack, oneLine, UsageError } from "../errors.js";
import { bundleJob, displayPath, importJob, resolveJobFile } from "../job-loader.js";
import { type JobReport, ProgressReporter } from "../progress.js";
import { JobEndpoint } from "../registry.js";

export interface RunFlags {
  parallelism?: unknown;
  D?: unknown;
  fromSavepoint?: unknown;
  allowNonRestoredState?: boolean;
  json?: boolean;
  verbose?: boolean;
}

/** `-p` as a positive integer (Flink's default parallelism), or undefined when not given. */
export function parseParallelism(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  const text = String(raw).trim();
  if (typeof raw === "boolean" || !/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`-p/--parallelism must be a positive integer, got '${typeof raw === "boolean" ? "" : text}'`);
  }
  return Number(text);
}

/**
 * `-s <path>`, checked: a savepoint or `chk-<n>` directory (with `_metadata`), a `_metadata` file, or a job's
 * checkpoint directory holding `chk-<n>` directories. Returns the absolute path (memory:// paths as given).
 */
export function parseRestorePath(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof raw !== "string" && typeof raw !== "number") throw new UsageError("-s/--fromSavepoint expects a savepoint or checkpoint path");
  const text = String(raw).trim();
  if (text === "") throw new UsageError("-s/--fromSavepoint expects a savepoint or checkpoint path");
  if (text.startsWith("memory://")) return text;
  const path = text.startsWith("file:") ? fileURLToPath(text) : resolve(text);
  if (!existsSync(path)) throw new UsageError(`-s: no savepoint or checkpoint at '${text}'`);
  if (statSync(path).isFile()) {
    if (basename(path) !== "_metadata") throw new UsageError(`-s: '${text}' is a file but not a _metadata file`);
    return path;
  }
  if (existsSync(resolve(path, "_metadata"))) return path;
  if (readdirSync(path).some((n) => /^chk-\d+$/.test(n))) return path;
  throw new UsageError(`-s: '${text}' is not a savepoint or checkpoint (no _metadata and no chk-<n> directories)`);
}

/** `-D key=value` pairs (repeatable) as Flink configuration entries. */
export function parseDefines(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  for (const item of Array.isArray(value) ? value : [value]) {
    const text = typeof item === "string" ? item : typeof item === "number" ? String(item) : "";
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError(`-D expects key=value, got '${text}'`);
    out[text.slice(0, eq).trim()] = text.slice(eq + 1);
  }
  return out;
}

/** The configuration the CLI gives every environment the job asks for; settings in the job's code win. */
function mergeOptions(cli: Record<string, string>, fromJob: EnvironmentOptions | undefined): EnvironmentOptions {
  if (fromJob === undefined) return { ...cli };
  if (!("toObject" in fromJob) || typeof fromJob.toObject !== "function") return { ...cli, ...fromJob };
  return { ...cli, ...(fromJob.toObject() as Record<string, string>) };
}

interface TrackedJob {
  readonly client: JobClient;
  readonly done: Promise<JobReport>;
}

/** Runs the job file; resolves with the exit code (UsageError is thrown for bad input). */
export async function runCommand(jobFile: string, jobArgs: string[], flags: RunFlags): Promise<number> {
  const json = flags.json === true;
  const verbose = flags.verbose === true;
  const config = parseDefines(flags.D);
  const parallelism = parseParallelism(flags.parallelism);
  if (parallelism !== undefined) config["parallelism.default"] = String(parallelism);
  const restorePath = parseRestorePath(flags.fromSavepoint);
  if (restorePath !== undefined) config["execution.savepoint.path"] = restorePath;
  if (flags.allowNonRestoredState === true) config["execution.savepoint.ignore-unclaimed-state"] = "true";
  // Reject bad -D values now, as usage errors, rather than inside the job.
  try {
    const probe = new StreamExecutionEnvironment(config);
    probe.setParallelism(probe.getParallelism());
  } catch (e) {
    throw new UsageError(`invalid configuration: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }

  const path = resolveJobFile(jobFile);
  const displayName = displayPath(path);
  const bundle = await bundleJob(path);

  const stderr = process.stderr;
  const progress = new ProgressReporter(stderr, json ? "quiet" : stderr.isTTY === true ? "live" : "plain");
  const endpoint = new JobEndpoint(path);
  // The job's print() output goes to stdout; on a shared terminal, erase the progress line before it.
  const unguard = progress.mode === "live" && process.stdout.isTTY === true ? progress.guard(process.stdout) : () => {};
  const jobs: TrackedJob[] = [];
  const submittedBy = new WeakSet<StreamExecutionEnvironment>();

  const emit = (report: JobReport): void => {
    progress.finish(report);
    if (json) process.stdout.write(JSON.stringify(report) + "\n");
  };
  const onSubmitted = (env: StreamExecutionEnvironment, client: JobClient): void => {
    submittedBy.add(env);
    progress.track(client);
    const registered = endpoint.register(client).catch((e: unknown) => {
      if (verbose) stderr.write(`rivulet: job ${client.jobId} is not listed (registry: ${oneLine(e)})\n`);
    });
    const done = client
      .getJobExecutionResult()
      .then(
        (result) => ({ report: finishedReport(client, result), error: null as unknown }),
        (error: unknown) => ({ report: failedReport(client, error), error }),
      )
      .then(async ({ report, error }) => {
        await registered;
        endpoint.unregister(client.jobId);
        emit(report);
        if (verbose && error !== null) stderr.write(fullStack(error) + "\n");
        return report;
      });
    jobs.push({ client, done });
  };

  StreamExecutionEnvironment.initializeContextEnvironment((options) => {
    const env = new StreamExecutionEnvironment(mergeOptions(config, options));
    env.registerJobListener({ onJobSubmitted: (client) => onSubmitted(env, client) });
    return env;
  });

  // Ctrl-C cancels the running jobs (their summaries say so); a second Ctrl-C exits at once.
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress.clearLine();
    stderr.write("rivulet: cancelling (Ctrl-C again to exit now)\n");
    for (const job of jobs) void job.client.cancel();
  };
  process.on("SIGINT", onSigint);

  let programError: unknown = null;
  try {
    const { module } = await importJob(bundle);
    const main = module["default"];
    if (main !== undefined) {
      if (typeof main !== "function") throw new UsageError(`${displayName}: the default export must be a function (env, args) => ...`);
      const env = StreamExecutionEnvironment.getExecutionEnvironment();
      await (main as (env: StreamExecutionEnvironment, args: string[]) => unknown)(env, jobArgs);
      // The function built a pipeline without executing it: run it, named after the file.
      if (!submittedBy.has(env) && env.transformations.length > 0) await env.execute(basename(path, extname(path)));
    }
    if (jobs.length === 0) {
      throw new UsageError(`${displayName} defined no job: export default async (env) => ... or call env.execute()`);
    }
  } catch (e) {
    programError = e;
  } finally {
    // Wait for jobs submitted with executeAsync that nobody awaited.
    await Promise.all(jobs.map((j) => j.done));
    process.off("SIGINT", onSigint);
    StreamExecutionEnvironment.resetContextEnvironment();
    progress.close();
    unguard();
    await endpoint.close();
    bundle.dispose();
  }

  if (programError instanceof UsageError) throw programError;
  const reports = await Promise.all(jobs.map((j) => j.done));
  if (programError !== null) {
    // A failure of a job we tracked was already reported with its summary.
    const reported = programError instanceof JobExecutionException && jobs.some((j) => j.client.jobId === programError.jobId);
    if (!reported) {
      if (json) process.stdout.write(JSON.stringify(programReport(path, programError)) + "\n");
      else stderr.write(`error: ${displayName}: ${oneLine(programError)}\n`);
      if (verbose) stderr.write(fullStack(programError) + "\n");
    }
    return EXIT_JOB_FAILED;
  }
  return reports.every((r) => r.status === "FINISHED") ? EXIT_OK : EXIT_JOB_FAILED;
}

function finishedReport(client: JobClient, result: JobExecutionResult): JobReport {
  const m = client.getMetrics();
  return {
    status: "FINISHED",
    jobId: result.jobId,
    jobName: result.jobName,
    netRuntimeMs: result.netRuntimeMs,
    recordsIn: m.recordsIn,
    recordsOut: m.recordsOut,
    accumulators: { ...result.accumulators },
    ...(m.checkpointsCompleted > 0 ? { checkpointsCompleted: m.checkpointsCompleted } : {}),
  };
}

function failedReport(client: JobClient, error: unknown): JobReport {
  const m = client.getMetrics();
  const status = m.status === "CANCELED" || m.status === "CANCELLING" ? "CANCELED" : "FAILED";
  // The JobExecutionException says "Job 'x' failed: <cause>"; the report names the job already, so keep the cause.
  const cause = error instanceof JobExecutionException && error.cause !== undefined ? error.cause : error;
  return {
    status,
    jobId: client.jobId,
    jobName: client.jobName,
    netRuntimeMs: m.elapsedMs,
    recordsIn: m.recordsIn,
    recordsOut: m.recordsOut,
    accumulators: {},
    ...(m.checkpointsCompleted > 0 ? { checkpointsCompleted: m.checkpointsCompleted } : {}),
    error: status === "CANCELED" ? "the job was cancelled" : oneLine(cause),
  };
}

/** The --json object for a job program that failed before or outside any job. */
function programReport(path: string, error: unknown): JobReport {
  return {
    status: "FAILED",
    jobId: "",
    jobName: basename(path, extname(path)),
    netRuntimeMs: 0,
    recordsIn: 0,
    recordsOut: 0,
    accumulators: {},
    error: oneLine(error),
  };
}
