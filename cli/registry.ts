// The local job registry behind `rivulet list`, `cancel`, `savepoint` and `stop`.
//
// Each `rivulet run` process serves its jobs on a loopback HTTP endpoint (127.0.0.1, a free port) and registers
// each running job as `<home>/jobs/<jobId>.json` ({ jobId, jobName, pid, port, token, ... }), where <home> is
// $RIVULET_HOME or ~/.rivulet. The file is removed when the job ends. Requests must carry the file's random
// token (header `x-rivulet-token`), so only users who can read the registry (mode 0600) can cancel a job.
//   GET  /jobs/<jobId>         -> the job's metrics ({ jobId, jobName, status, recordsIn, recordsOut, ... })
//   POST /jobs/<jobId>/cancel  -> cancels the job and answers once it stopped
//   POST /jobs/<jobId>/savepoint {"targetDirectory": dir|null} -> takes a savepoint: { ...info, savepointPath }
//   POST /jobs/<jobId>/stop      {"targetDirectory": dir|null} -> stops the job with a savepoint: { ...info, savepointPath }
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { JobClient } from "../host/node.js";
import { UsageError } from "./errors.js";

export interface JobRegistration {
  readonly jobId: string;
  readonly jobName: string;
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly jobFile: string;
  /** Epoch ms when the job was submitted. */
  readonly startTime: number;
}

/** What the endpoint answers for a job (and `rivulet list --json` prints). */
export interface JobInfo {
  jobId: string;
  jobName: string;
  status: string;
  recordsIn: number;
  recordsOut: number;
  elapsedMs: number;
  restarts: number;
  pid: number;
  jobFile: string;
  startTime: number;
}

export function rivuletHome(): string {
  const env = process.env["RIVULET_HOME"];
  return env !== undefined && env !== "" ? env : join(homedir(), ".rivulet");
}

export function jobsDir(): string {
  return join(rivuletHome(), "jobs");
}

/** Serves and registers the jobs of one `rivulet run` process. */
export class JobEndpoint {
  private server: Server | null = null;
  private port = 0;
  private readonly token = randomBytes(16).toString("hex");
  private readonly jobs = new Map<string, { client: JobClient; registration: JobRegistration }>();

  constructor(private readonly jobFile: string) {}

  /** Starts serving (once) and registers `client`; failures only disable list/cancel for this job. */
  async register(client: JobClient): Promise<void> {
    if (this.server === null) {
      const server = createServer((req, res) => void this.handle(req, res));
      this.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
      server.unref();
      const address = server.address();
      this.port = typeof address === "object" && address !== null ? address.port : 0;
    }
    const registration: JobRegistration = {
      jobId: client.jobId,
      jobName: client.jobName,
      pid: process.pid,
      host: "127.0.0.1",
      port: this.port,
      token: this.token,
      jobFile: this.jobFile,
      startTime: Date.now(),
    };
    this.jobs.set(client.jobId, { client, registration });
    mkdirSync(jobsDir(), { recursive: true, mode: 0o700 });
    writeFileSync(registrationPath(client.jobId), JSON.stringify(registration, null, 2) + "\n", { mode: 0o600 });
  }

  unregister(jobId: string): void {
    if (!this.jobs.delete(jobId)) return;
    rmSync(registrationPath(jobId), { force: true });
  }

  async close(): Promise<void> {
    for (const jobId of [...this.jobs.keys()]) this.unregister(jobId);
    const server = this.server;
    this.server = null;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (code: number, body: unknown): void => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.headers["x-rivulet-token"] !== this.token) return reply(403, { error: "bad token" });
      const match = /^\/jobs\/([0-9a-f]+)(?:\/(cancel|savepoint|stop))?$/.exec(req.url ?? "");
      const job = match ? this.jobs.get(match[1]!) : undefined;
      if (!match || job === undefined) return reply(404, { error: "no such job" });
      const action = match[2];
      if (action === undefined && req.method === "GET") return reply(200, describeJob(job.client, job.registration));
      if (action === undefined || req.method !== "POST") return reply(405, { error: "method not allowed" });
      if (action === "cancel") {
        await job.client.cancel();
        return reply(200, describeJob(job.client, job.registration));
      }
      let targetDirectory: string | null;
      try {
        targetDirectory = parseTargetDirectory(await readBody(req));
      } catch (e) {
        return reply(400, { error: e instanceof Error ? e.message : String(e) });
      }
      const savepointPath = action === "savepoint" ? await job.client.triggerSavepoint(targetDirectory) : await job.client.stopWithSavepoint(targetDirectory);
      return reply(200, { ...describeJob(job.client, job.registration), savepointPath });
    } catch (e) {
      reply(500, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) reject(new Error("request body too large"));
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

/** `{ "targetDirectory": string | null }` (an empty body means null: the configured state.savepoints.dir). */
function parseTargetDirectory(body: string): string | null {
  if (body.trim() === "") return null;
  const parsed = JSON.parse(body) as { targetDirectory?: unknown } | null;
  const dir = parsed?.targetDirectory;
  if (dir === undefined || dir === null) return null;
  if (typeof dir !== "string" || dir === "") throw new Error("targetDirectory must be a non-empty string or null");
  return dir;
}

function describeJob(client: JobClient, r: JobRegistration): JobInfo {
  const m = client.getMetrics();
  return {
    jobId: client.jobId,
    jobName: client.jobName,
    status: m.status,
    recordsIn: m.recordsIn,
    recordsOut: m.recordsOut,
    elapsedMs: m.elapsedMs,
    restarts: m.restarts,
    pid: r.pid,
    jobFile: r.jobFile,
    startTime: r.startTime,
  };
}

function registrationPath(jobId: string): string {
  return join(jobsDir(), `${jobId}.json`);
}

/** The registered jobs; entries whose process is gone are removed on the way. */
export function readRegistrations(): JobRegistration[] {
  let names: string[];
  try {
    names = readdirSync(jobsDir());
  } catch {
    return [];
  }
  const out: JobRegistration[] = [];
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const path = join(jobsDir(), name);
    let reg: JobRegistration;
    try {
      reg = JSON.parse(readFileSync(path, "utf8")) as JobRegistration;
    } catch {
      continue; // being written, or not ours
    }
    if (!processAlive(reg.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    out.push(reg);
  }
  return out;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/** What the savepoint and stop endpoints answer. */
export interface SavepointInfo extends JobInfo {
  savepointPath: string;
}

/** Calls a job's endpoint; rejects when it cannot be reached or answers with an error. */
export async function callJob<T = JobInfo>(reg: JobRegistration, method: "GET" | "POST", suffix = "", timeoutMs = 5000, body?: unknown): Promise<T> {
  const response = await fetch(`http://${reg.host}:${reg.port}/jobs/${reg.jobId}${suffix}`, {
    method,
    headers: body === undefined ? { "x-rivulet-token": reg.token } : { "x-rivulet-token": reg.token, "content-type": "application/json" },
    signal: AbortSignal.timeout(timeoutMs),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

/** The one registered job whose id is `jobId` or starts with it (at least 4 characters), or a UsageError. */
export function findRegistration(jobId: string): JobRegistration {
  const id = String(jobId).trim().toLowerCase();
  // A unique prefix is enough, as with git hashes.
  const matches = readRegistrations().filter((r) => r.jobId === id || (id.length >= 4 && r.jobId.startsWith(id)));
  if (matches.length === 0) throw new UsageError(`no running job with id '${jobId}' (see rivulet list)`);
  if (matches.length > 1) throw new UsageError(`job id prefix '${jobId}' matches ${matches.length} jobs; give more of it`);
  return matches[0]!;
}
