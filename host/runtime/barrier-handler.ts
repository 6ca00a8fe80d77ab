// Barrier alignment as a pure state machine: each input event returns the next state and the effects the task
// must carry out (Flink's SingleCheckpointBarrierHandler with its BarrierHandlerState classes, and
// CheckpointBarrierTracker for AT_LEAST_ONCE).
import type { CheckpointBarrier } from "./stream-record.js";

/**
 * Where a task stands with the barriers of its input channels:
 * - `waiting`: no checkpoint in progress (Flink's WaitingForFirstBarrier);
 * - `aligning`: exactly-once, aligned: channels that delivered barrier n are blocked until every open channel has
 *   (Flink's CollectingBarriers); the snapshot is taken when the last one arrives;
 * - `recording`: exactly-once, unaligned: the snapshot was taken at the first barrier, nothing is blocked, and the
 *   records that still arrive before a channel's barrier are recorded as in-flight channel state
 *   (Flink's CollectingBarriersUnaligned);
 * - `tracking`: at-least-once: nothing is blocked, the snapshot is taken once every channel delivered the barrier
 *   (Flink's CheckpointBarrierTracker).
 * `latest` is the newest checkpoint id seen, so late barriers of finished or aborted checkpoints are ignored.
 */
export type AlignmentState =
  | { readonly kind: "waiting"; readonly latest: number }
  | {
      readonly kind: "aligning" | "recording" | "tracking";
      readonly latest: number;
      readonly barrier: CheckpointBarrier;
      /** Per channel: whether it delivered the barrier of the checkpoint in progress. */
      readonly received: readonly boolean[];
    };

/** What the task must do after an event, in order. */
export type AlignmentEffect =
  | { readonly kind: "block"; readonly channel: number }
  | { readonly kind: "unblock-all" }
  /** Snapshot operator state and forward the barrier. */
  | { readonly kind: "snapshot"; readonly barrier: CheckpointBarrier }
  /** Unaligned: start recording records of these channels (those whose barrier has not arrived yet). */
  | { readonly kind: "record"; readonly channels: readonly number[] }
  /** Unaligned: this channel's barrier arrived; stop recording it. */
  | { readonly kind: "stop-recording"; readonly channel: number }
  /** Unaligned: every barrier arrived; the recorded channel state is complete. */
  | { readonly kind: "channel-state-complete"; readonly checkpointId: number }
  /** The checkpoint in progress is given up (a newer barrier arrived, or the coordinator aborted it). */
  | { readonly kind: "abort"; readonly checkpointId: number; readonly reason: string };

export interface AlignmentTransition {
  readonly state: AlignmentState;
  readonly effects: readonly AlignmentEffect[];
}

export const INITIAL_ALIGNMENT: AlignmentState = { kind: "waiting", latest: 0 };

const stay = (state: AlignmentState): AlignmentTransition => ({ state, effects: [] });

/** Whether every channel that is still open has delivered the barrier. */
function complete(received: readonly boolean[], ended: readonly boolean[]): boolean {
  for (let i = 0; i < received.length; i++) if (!received[i] && !ended[i]) return false;
  return true;
}

function kindFor(barrier: CheckpointBarrier): "aligning" | "recording" | "tracking" {
  if (barrier.options.mode === "at-least-once") return "tracking";
  return barrier.options.unaligned ? "recording" : "aligning";
}

/** Starts checkpoint `barrier` at its first barrier, which came from `channel`. */
function start(latest: number, barrier: CheckpointBarrier, channel: number, ended: readonly boolean[], before: AlignmentEffect[]): AlignmentTransition {
  const received = ended.map((_, i) => i === channel);
  const kind = kindFor(barrier);
  const effects = before;
  if (kind === "recording") {
    // Unaligned: snapshot at once; the channels still owing a barrier are recorded until it arrives.
    effects.push({ kind: "snapshot", barrier });
    const pending = received.flatMap((r, i) => (!r && !ended[i] ? [i] : []));
    if (pending.length === 0) {
      effects.push({ kind: "channel-state-complete", checkpointId: barrier.checkpointId });
      return { state: { kind: "waiting", latest: barrier.checkpointId }, effects };
    }
    effects.push({ kind: "record", channels: pending });
    return { state: { kind, latest: barrier.checkpointId, barrier, received }, effects };
  }
  if (complete(received, ended)) {
    effects.push({ kind: "snapshot", barrier });
    return { state: { kind: "waiting", latest: barrier.checkpointId }, effects };
  }
  if (kind === "aligning") effects.push({ kind: "block", channel });
  return { state: { kind, latest: barrier.checkpointId, barrier, received }, effects };
}

/** Completes the checkpoint in progress when no open channel owes a barrier any more. */
function maybeComplete(
  state: Extract<AlignmentState, { received: readonly boolean[] }>,
  ended: readonly boolean[],
  effects: AlignmentEffect[],
): AlignmentTransition {
  if (!complete(state.received, ended)) return { state, effects };
  const id = state.barrier.checkpointId;
  if (state.kind === "aligning") effects.push({ kind: "snapshot", barrier: state.barrier }, { kind: "unblock-all" });
  else if (state.kind === "tracking") effects.push({ kind: "snapshot", barrier: state.barrier });
  else effects.push({ kind: "channel-state-complete", checkpointId: id });
  return { state: { kind: "waiting", latest: id }, effects };
}

/** Drops the checkpoint in progress (its effects undo blocking/recording). */
function abandon(state: AlignmentState, reason: string): AlignmentEffect[] {
  if (state.kind === "waiting") return [];
  const effects: AlignmentEffect[] = [{ kind: "abort", checkpointId: state.barrier.checkpointId, reason }];
  if (state.kind === "aligning") effects.push({ kind: "unblock-all" });
  return effects;
}

/**
 * Barrier `barrier` arrived on `channel`; `ended` marks channels that delivered end-of-partition (they count as
 * aligned, as in Flink 1.14+).
 */
export function onBarrier(state: AlignmentState, channel: number, barrier: CheckpointBarrier, ended: readonly boolean[]): AlignmentTransition {
  const id = barrier.checkpointId;
  if (state.kind === "waiting") {
    if (id <= state.latest) return stay(state); // late barrier of a completed or aborted checkpoint
    return start(state.latest, barrier, channel, ended, []);
  }
  const current = state.barrier.checkpointId;
  if (id < current) return stay(state);
  if (id > current) {
    // Flink: a barrier of a newer checkpoint before the current one completed subsumes the current one.
    const before = abandon(state, `barrier of checkpoint ${id} arrived before checkpoint ${current} was aligned`);
    return start(state.latest, barrier, channel, ended, before);
  }
  if (state.received[channel]) return stay(state);
  const received = state.received.slice();
  received[channel] = true;
  const next = { ...state, received };
  const effects: AlignmentEffect[] = [];
  // The last barrier completes the alignment: no need to block its channel first.
  if (state.kind === "aligning" && !complete(received, ended)) effects.push({ kind: "block", channel });
  else if (state.kind === "recording") effects.push({ kind: "stop-recording", channel });
  return maybeComplete(next, ended, effects);
}

/** `channel` delivered end-of-partition (already marked in `ended`): it no longer owes barriers. */
export function onEndOfPartition(state: AlignmentState, channel: number, ended: readonly boolean[]): AlignmentTransition {
  if (state.kind === "waiting") return stay(state);
  const effects: AlignmentEffect[] = state.kind === "recording" && !state.received[channel] ? [{ kind: "stop-recording", channel }] : [];
  return maybeComplete(state, ended, effects);
}

/** The coordinator aborted checkpoint `checkpointId` (timeout, decline elsewhere): stop aligning it and older ones. */
export function onAbort(state: AlignmentState, checkpointId: number, reason: string): AlignmentTransition {
  if (state.kind === "waiting") return stay(checkpointId > state.latest ? { kind: "waiting", latest: checkpointId } : state);
  if (state.barrier.checkpointId > checkpointId) return stay(state);
  return { state: { kind: "waiting", latest: Math.max(state.latest, checkpointId) }, effects: abandon(state, reason) };
}
