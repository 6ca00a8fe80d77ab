// `rivulet list [--json]`: the jobs running under `rivulet run` on this machine (see ../registry.ts).
import process from "node:process";
import { EXIT_OK } from "../errors.js";
import { formatClock, formatCount } from "../progress.js";
import { callJob, type JobInfo, readRegistrations } from "../registry.js";

export async function listCommand(flags: { json?: boolean }): Promise<number> {
  const registrations = readRegistrations();
  const infos = await Promise.all(
    registrations.map(async (reg): Promise<JobInfo> => {
      try {
        return await callJob(reg, "GET", "", 2000);
      } catch {
        // The process lives but does not answer (busy or shutting down): list what the registry knows.
        return {
          jobId: reg.jobId,
          jobName: reg.jobName,
          status: "UNKNOWN",
          recordsIn: 0,
          recordsOut: 0,
          elapsedMs: Date.now() - reg.startTime,
          restarts: 0,
          pid: reg.pid,
          jobFile: reg.jobFile,
          startTime: reg.startTime,
        };
      }
    }),
  );
  if (flags.json === true) {
    process.stdout.write(JSON.stringify(infos) + "\n");
    return EXIT_OK;
  }
  if (infos.length === 0) {
    process.stdout.write("No running jobs.\n");
    return EXIT_OK;
  }
  const rows = [
    ["JOB ID", "NAME", "STATUS", "ELAPSED", "RECORDS IN", "RECORDS OUT", "PID"],
    ...infos.map((j) => [j.jobId, j.jobName, j.status, formatClock(j.elapsedMs), formatCount(j.recordsIn), formatCount(j.recordsOut), String(j.pid)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) process.stdout.write(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd() + "\n");
  return EXIT_OK;
}
