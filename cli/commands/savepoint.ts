// `rivulet savepoint <jobId> [targetDirectory]`: takes a savepoint of a job running under `rivulet run` on this
// machine (Flink's `flink savepoint`); the job keeps running. Prints the savepoint's path on stdout.
import { resolve } from "node:path";
import process from "node:process";
import { EXIT_JOB_FAILED, EXIT_OK, oneLine, UsageError } from "../errors.js";
import { callJob, findRegistration, type SavepointInfo } from "../registry.js";

/** A target directory given on the command line, absolute (the job's process may run elsewhere). */
export function targetDirectory(value: unknown, option: string): string | null {
  if (value === undefined || value === null) return null;
  // cac turns numeric arguments into numbers.
  if (typeof value === "number") value = String(value);
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`${option} expects a directory`);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : resolve(value);
}

export async function savepointCommand(jobId: string, directory: unknown): Promise<number> {
  const target = targetDirectory(directory, "the target directory");
  const reg = findRegistration(jobId);
  try {
    const info = await callJob<SavepointInfo>(reg, "POST", "/savepoint", 10 * 60_000, { targetDirectory: target });
    process.stdout.write(`${info.savepointPath}\n`);
    return EXIT_OK;
  } catch (e) {
    process.stderr.write(`error: could not take a savepoint of job ${reg.jobId}: ${oneLine(e)}\n`);
    return EXIT_JOB_FAILED;
  }
}
