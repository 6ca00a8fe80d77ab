// Errors that carry which operator failed, so a job failure names the user function's operator.

/** A failure inside an operator (usually the user function's own error, kept as `cause`). */
export class OperatorError extends Error {
  override readonly name = "OperatorError";
  constructor(
    readonly operatorName: string,
    /** "i/p": 1-based subtask index and parallelism, as Flink prints them. */
    readonly subtask: string,
    override readonly cause: unknown,
  ) {
    super(`Operator '${operatorName}' (${subtask}) failed: ${describe(cause)}`, { cause });
  }
}

/** Wraps `error` with the operator's identity unless an inner operator already did. */
export function wrapOperatorError(error: unknown, operatorName: string, subtask: string): OperatorError {
  if (error instanceof OperatorError) return error;
  return new OperatorError(operatorName, subtask, error);
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name === "Error" ? "" : error.name + ": "}${error.message}` : error.name;
  return String(error);
}
