// Spawns the real `rivulet` CLI (bin/rivulet.js over dist/, so `npm run build` first) as a child process.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = join(ROOT, "test", "cli", "fixtures");
export const BIN = join(ROOT, "bin", "rivulet.js");
export const DENO = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "deno.cmd" : "deno");

/** Keeps the job registry (see cli/registry.ts) of test runs out of the user's ~/.rivulet. */
const TEST_HOME = mkdtempSync(join(tmpdir(), "rivulet-test-home-"));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, "dist", "cli", "main.js"))) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
}

/** Runs `command args` to its end (or kills it after timeoutMs) and collects its output. */
export function spawnCollect(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", RIVULET_HOME: TEST_HOME, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** `node bin/rivulet.js ...args` */
export function rivulet(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return spawnCollect(process.execPath, [BIN, ...args], options);
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** Lines of text without the empty last one. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l, i, all) => !(l === "" && i === all.length - 1));
}

/** A stack frame line as V8 prints them. */
export const STACK_LINE = /^\s+at /m;

export interface BackgroundRun {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process ended. */
  readonly exited: Promise<number | null>;
}

/** Starts `node bin/rivulet.js ...args` in the background (kill it in a finally). */
export function rivuletInBackground(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): BackgroundRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", RIVULET_HOME: TEST_HOME, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Polls `probe` every 20 ms until it returns something other than undefined/false, or fails after timeoutMs. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
