// `rivulet cancel <jobId>`: cancels a job running under `rivulet run` on this machine (see ../registry.ts).
import process from "node:process";
import { EXIT_JOB_FAILED, EXIT_OK, oneLine } from "../errors.js";
import { callJob, findRegistration } from "../registry.js";

export async function cancelCommand(jobId: string): Promise<number> {
  const reg = findRegistration(jobId);
  try {
    const info = await callJob(reg, "POST", "/cancel", 60_000);
    process.stdout.write(`Cancelled job '${info.jobName}' (${info.jobId}): ${info.status}\n`);
    return EXIT_OK;
  } catch (e) {
    process.stderr.write(`error: could not cancel job ${reg.jobId}: ${oneLine(e)}\n`);
    return EXIT_JOB_FAILED;
  }
}
