// The CLI's error kinds and how they map to exit codes (0 success, 1 job failed, 2 usage error).

/** Bad input from the user: unknown option, missing or broken job file, bad value. Exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_OK = 0;
export const EXIT_JOB_FAILED = 1;
export const EXIT_USAGE = 2;

/** The first line of an error's message, for the one-line reports the CLI prints without --verbose. */
export function oneLine(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    // These errors' messages already say what happened (OperatorError: "Operator 'x' (1/2) failed: ...").
    const plain = ["Error", "UsageError", "CACError", "OperatorError", "JobExecutionException"].includes(error.name);
    text = plain ? error.message : `${error.name}: ${error.message}`;
  } else text = String(error);
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? text;
  return line.trim();
}

/** The error's stack with its causes, for --verbose. */
export function fullStack(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    parts.push((depth === 0 ? "" : "Caused by: ") + (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e)));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join("\n");
}
