// The unified sink contract used with `stream.sinkTo` (a compact form of Flink's Sink API): a sink creates the
// function that writes for each parallel subtask.
import type { TwoPhaseCommitSinkFunction } from "../checkpoint/two-phase-commit-sink.js";
import type { SinkFunction } from "./functions.js";

/**
 * A sink for `stream.sinkTo(sink)` (Flink's Sink): FileSink and other connectors implement it. Each parallel
 * subtask gets its own writer from `createSinkFunction` (the runtime copies it per subtask).
 */
export interface Sink<T> {
  /** Shown as the operator name. */
  readonly sinkName?: string;
  createSinkFunction(): SinkFunction<T> | TwoPhaseCommitSinkFunction<T, any>;
}
