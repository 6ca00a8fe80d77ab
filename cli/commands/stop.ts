// `rivulet stop [--savepointPath <dir>] <jobId>`: stops a job running under `rivulet run` on this machine with a
// savepoint (Flink's `flink stop`): its sources stop after the savepoint's barrier, its sinks commit, and the job
// ends FINISHED (the `rivulet run` process exits 0). Prints the savepoint's path on stdout.
import process from "node:process";
import { EXIT_JOB_FAILED, EXIT_OK, oneLine } from "../errors.js";
import { callJob, findRegistration, type SavepointInfo } from "../registry.js";
import { targetDirectory } from "./savepoint.js";

export interface StopFlags {
  savepointPath?: unknown;
}

export async function stopCommand(jobId: string, flags: StopFlags): Promise<number> {
  const raw = Array.isArray(flags.savepointPath) ? flags.savepointPath[flags.savepointPath.length - 1] : flags.savepointPath;
  const target = targetDirectory(raw === true ? "" : raw, "--savepointPath");
  const reg = findRegistration(jobId);
  try {
    const info = await callJob<SavepointInfo>(reg, "POST", "/stop", 10 * 60_000, { targetDirectory: target });
    process.stdout.write(`${info.savepointPath}\n`);
    return EXIT_OK;
  } catch (e) {
    process.stderr.write(`error: could not stop job ${reg.jobId} with a savepoint: ${oneLine(e)}\n`);
    return EXIT_JOB_FAILED;
  }
}
