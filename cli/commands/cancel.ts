// `rivulet cancel <jobId>`: cancels a job running under `rivulet run` on this machine (see ../registry.ts).
import process from "node:process";
import { EXIT_JOB_FAILED, EXIT_OK, oneLine, UsageError } from "../errors.js";
import { callJob, readRegistrations } from "../registry.js";

export async function cancelCommand(jobId: string): Promise<number> {
  const id = String(jobId).trim().toLowerCase();
  // A unique prefix is enough, as with git hashes.
  const matches = readRegistrations().filter((r) => r.jobId === id || (id.length >= 4 && r.jobId.startsWith(id)));
  if (matches.length === 0) throw new UsageError(`no running job with id '${jobId}' (see rivulet list)`);
  if (matches.length > 1) throw new UsageError(`job id prefix '${jobId}' matches ${matches.length} jobs; give more of it`);
  const reg = matches[0]!;
  try {
    const info = await callJob(reg, "POST", "/cancel", 60_000);
    process.stdout.write(`Cancelled job '${info.jobName}' (${info.jobId}): ${info.status}\n`);
    return EXIT_OK;
  } catch (e) {
    process.stderr.write(`error: could not cancel job ${reg.jobId}: ${oneLine(e)}\n`);
    return EXIT_JOB_FAILED;
  }
}
