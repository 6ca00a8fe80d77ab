// The bytes of one task's state file: one segment per operator of its chain, each a run of newline-separated
// encoded lines (a header, then one line per key group, then in-flight records), so encoding can yield to the
// event loop between key groups and a rescaling restore can skip key groups it does not own.
import type { KeyedStateSnapshot } from "../state/keyed-state-backend.js";
import type { OperatorStateSnapshot } from "../runtime/operator-state.js";
import type { InFlightRecord, OperatorSnapshot } from "../runtime/stream-operator.js";
import type { TimerServiceSnapshot } from "../runtime/timer-service.js";
import { encodeValue, revive } from "./state-codec.js";

/** Version of the segment layout, checked on read (part of the savepoint format). */
export const SEGMENT_FORMAT_VERSION = 1;

/** Characters of encoded text gathered before they are turned into bytes. */
const CHUNK_CHARS = 1 << 20;

/** Whether a snapshot holds anything worth writing (stateless operators get no segment). */
export function isEmptySnapshot(s: OperatorSnapshot): boolean {
  const keyedEmpty = s.keyed === undefined || s.keyed.keyGroups.length === 0;
  const timersEmpty = (s.timers ?? []).every((t) => t.eventTime.length === 0 && t.processingTime.length === 0);
  const op = s.operatorState;
  const opEmpty = op === undefined || (op.lists.every((l) => l.items.length === 0) && op.broadcast.every((b) => b.entries.length === 0));
  return keyedEmpty && timersEmpty && opEmpty && (s.inFlight === undefined || s.inFlight.length === 0);
}

/** An encoded task state file and where each operator's segment lies in it. */
export interface EncodedTaskState {
  readonly chunks: Uint8Array[];
  readonly length: number;
  /** Per operator of the chain (same order as given): byte range, or null when it has no state. */
  readonly segments: ReadonlyArray<{ offset: number; length: number } | null>;
}

/**
 * Encodes the snapshots of a task's operators. `pause` is awaited now and then so a large state does not hold
 * up the task's mailbox loop (the asynchronous part of a checkpoint).
 */
export async function encodeTaskState(snapshots: readonly OperatorSnapshot[], pause: () => Promise<void>): Promise<EncodedTaskState> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let text = "";
  const flush = (): void => {
    if (text.length === 0) return;
    const bytes = encoder.encode(text);
    chunks.push(bytes);
    length += bytes.length;
    text = "";
  };
  const segments: Array<{ offset: number; length: number } | null> = [];
  for (const s of snapshots) {
    if (isEmptySnapshot(s)) {
      segments.push(null);
      continue;
    }
    flush();
    const offset = length;
    const keyed = s.keyed;
    const header = {
      v: SEGMENT_FORMAT_VERSION,
      op: s.operatorId,
      keyed: keyed === undefined ? null : { backend: keyed.backend, maxParallelism: keyed.maxParallelism, states: keyed.states },
      timers: s.timers ?? [],
      opState: s.operatorState ?? null,
    };
    text += encodeValue(header) + "\n";
    let started = performance.now();
    for (const kg of keyed?.keyGroups ?? []) {
      let line = `["k",${kg.keyGroup},[`;
      for (let i = 0; i < kg.entries.length; i++) {
        const [name, ns, key, value] = kg.entries[i]!;
        line += (i > 0 ? ",[" : "[") + encodeValue(name) + "," + encodeValue(ns) + "," + encodeValue(key) + "," + encodeValue(value) + "]";
      }
      text += line + "]]\n";
      if (text.length >= CHUNK_CHARS) flush();
      if (performance.now() - started > 4) {
        await pause();
        started = performance.now();
      }
    }
    for (const f of s.inFlight ?? []) {
      text += `["f",${encodeValue(f.operatorId)},${f.subtaskIndex},${f.input},${f.record}]\n`;
      if (text.length >= CHUNK_CHARS) flush();
    }
    flush();
    segments.push({ offset, length: length - offset });
  }
  flush();
  return { chunks, length, segments };
}

/** A decoded in-flight record, ready to replay. */
export interface DecodedInFlight {
  readonly operatorId: string;
  readonly subtaskIndex: number;
  readonly input: 1 | 2;
  readonly value: unknown;
  readonly timestamp: number | null;
}

/** One operator segment, decoded. */
export interface DecodedSegment {
  readonly snapshot: OperatorSnapshot;
  readonly inFlight: readonly DecodedInFlight[];
}

/**
 * Decodes a segment written by `encodeTaskState`. `keepKeyGroup` skips key groups a restore does not need
 * without parsing them.
 */
export function decodeSegment(bytes: Uint8Array, keepKeyGroup: (keyGroup: number) => boolean = () => true): DecodedSegment {
  const text = new TextDecoder().decode(bytes);
  let pos = text.indexOf("\n");
  if (pos < 0) throw new Error("state segment has no header");
  const header = revive(JSON.parse(text.slice(0, pos))) as {
    v: number;
    op: string;
    keyed: { backend: string; maxParallelism: number; states: Array<{ name: string; kind: string }> } | null;
    timers: TimerServiceSnapshot[];
    opState: OperatorStateSnapshot | null;
  };
  if (header.v !== SEGMENT_FORMAT_VERSION) throw new Error(`state segment format ${header.v} is not supported`);
  const keyGroups: Array<KeyedStateSnapshot["keyGroups"][number]> = [];
  const inFlight: DecodedInFlight[] = [];
  pos++;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    if (text.startsWith('["k",', pos)) {
      const comma = text.indexOf(",", pos + 5);
      const kg = Number(text.slice(pos + 5, comma));
      if (keepKeyGroup(kg)) {
        const [, keyGroup, entries] = revive(JSON.parse(text.slice(pos, end))) as [string, number, Array<[string, string | number, unknown, unknown]>];
        keyGroups.push({ keyGroup, entries });
      }
    } else if (end > pos) {
      const [, operatorId, subtaskIndex, input, record] = revive(JSON.parse(text.slice(pos, end))) as [string, string, number, 1 | 2, [unknown, number | null]];
      inFlight.push({ operatorId, subtaskIndex, input, value: record[0], timestamp: record[1] });
    }
    pos = end + 1;
  }
  const snapshot: OperatorSnapshot = {
    operatorId: header.op,
    ...(header.keyed ? { keyed: { ...header.keyed, keyGroups } } : {}),
    ...(header.timers.length > 0 ? { timers: header.timers } : {}),
    ...(header.opState ? { operatorState: header.opState } : {}),
  };
  return { snapshot, inFlight };
}

/** Encodes an in-flight record (copy-on-record: later changes to the value do not reach the checkpoint). */
export function encodeInFlight(operatorId: string, subtaskIndex: number, input: 1 | 2, value: unknown, timestamp: number | null): InFlightRecord {
  return { operatorId, subtaskIndex, input, record: `[${encodeValue(value)},${timestamp === null ? "null" : encodeValue(timestamp)}]` };
}
