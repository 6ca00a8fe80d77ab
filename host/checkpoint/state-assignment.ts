// Maps a snapshot's operator state onto the subtasks of a (possibly changed) job (Flink's
// StateAssignmentOperation): operators are matched by id (uid when set); keyed state follows key-group ranges of
// the new parallelism; split list state is cut into contiguous shares (Flink's
// RoundRobinOperatorStateRepartitioner); union list state goes to every subtask; broadcast state is copied;
// in-flight records of unaligned checkpoints are routed to the subtask that now owns them.
import type { JobGraph, JobVertex } from "../graph/job-graph.js";
import type { StreamNode } from "../graph/stream-graph.js";
import type { OperatorStateSnapshot } from "../runtime/operator-state.js";
import type { OperatorSnapshot } from "../runtime/stream-operator.js";
import { computeKeyGroupRangeForOperatorIndex, computeOperatorIndexForKeyGroup, assignToKeyGroup, KeyGroupRange } from "../state/key-groups.js";
import type { LoadedSnapshot } from "./checkpoint-storage.js";
import { type DecodedInFlight, decodeSegment } from "./snapshot-format.js";

/** A restored record to replay into a task's head operator before new input. */
export interface RestoredRecord {
  readonly input: 1 | 2;
  readonly value: unknown;
  readonly timestamp: number | null;
}

/** What one new subtask restores. */
export interface SubtaskRestore {
  /** Snapshots for the operators of the subtask's chain (several per operator when state is merged). */
  readonly snapshots: readonly OperatorSnapshot[];
  /** The subtask had finished before the snapshot: it restores state but processes no more input. */
  readonly finished: boolean;
  /** In-flight records (unaligned checkpoints) to replay first. */
  readonly inFlight: readonly RestoredRecord[];
}

export const NOTHING_RESTORED: SubtaskRestore = { snapshots: [], finished: false, inFlight: [] };

/** The restore plan of a whole job. */
export interface JobRestore {
  readonly checkpointId: number;
  readonly path: string;
  forSubtask(vertex: JobVertex, subtaskIndex: number): SubtaskRestore;
}

export interface AssignmentOptions {
  /** Skip state of operators that are not in the job (Flink's allowNonRestoredState, `-n`). */
  readonly allowNonRestoredState: boolean;
}

/**
 * Plans the restore of `snapshot` into `graph`. Throws when state belongs to operators the job does not have
 * (unless allowed), or when keyed state would have to change its max parallelism.
 */
export function assignState(snapshot: LoadedSnapshot, graph: JobGraph, options: AssignmentOptions): JobRestore {
  const { metadata } = snapshot;
  const nodes = new Map<string, StreamNode>();
  for (const v of graph.vertices) for (const n of v.nodes) nodes.set(n.operatorId, n);

  // --- match operators ---
  const unmatched = metadata.operators.filter((op) => !nodes.has(op.operatorId) && op.subtasks.some((s) => s.fileIndex >= 0));
  if (unmatched.length > 0 && !options.allowNonRestoredState) {
    const names = unmatched.map((op) => `'${op.uid || op.operatorId}' (${op.name})`).join(", ");
    throw new Error(
      `Failed to rollback to checkpoint/savepoint ${snapshot.directory}. Cannot map checkpoint/savepoint state for ` +
        `operator${unmatched.length > 1 ? "s" : ""} ${names} to the new program, because the operator is not available in the new program. ` +
        "Set uid() on stateful operators to keep their state across program changes; to skip this state, allow non-restored " +
        "state (execution.savepoint.ignore-unclaimed-state = true, or `rivulet run -n`).",
    );
  }

  // --- decode every segment once ---
  const inFlightByOperator = new Map<string, DecodedInFlight[]>();
  const perOperator = new Map<string, { parallelism: number; maxParallelism: number; subtasks: Array<{ finished: boolean; snapshot: OperatorSnapshot | null }> }>();
  for (const op of metadata.operators) {
    const subtasks: Array<{ finished: boolean; snapshot: OperatorSnapshot | null }> = [];
    for (const s of op.subtasks) {
      let snap: OperatorSnapshot | null = null;
      if (s.fileIndex >= 0) {
        const file = snapshot.files[s.fileIndex]!;
        const decoded = decodeSegment(file.subarray(s.offset, s.offset + s.length));
        snap = decoded.snapshot;
        for (const f of decoded.inFlight) {
          let list = inFlightByOperator.get(f.operatorId);
          if (list === undefined) inFlightByOperator.set(f.operatorId, (list = []));
          list.push(f);
        }
      }
      subtasks[s.subtaskIndex] = { finished: s.finished, snapshot: snap };
    }
    for (let i = 0; i < op.parallelism; i++) subtasks[i] ??= { finished: false, snapshot: null };
    perOperator.set(op.operatorId, { parallelism: op.parallelism, maxParallelism: op.maxParallelism, subtasks });
  }

  // --- check max parallelism of keyed state ---
  for (const [id, op] of perOperator) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    const hasKeyed = op.subtasks.some((s) => s.snapshot?.keyed !== undefined && s.snapshot.keyed.keyGroups.length > 0);
    if (hasKeyed && op.maxParallelism !== node.maxParallelism) {
      throw new Error(
        `The maximum parallelism (${op.maxParallelism}) with which the checkpoint of operator '${node.name}' was taken and ` +
          `its current maximum parallelism (${node.maxParallelism}) differ. Keyed state cannot change its max parallelism: ` +
          `set setMaxParallelism(${op.maxParallelism}) on the operator or the environment.`,
      );
    }
  }

  const cache = new Map<string, SubtaskRestore>();
  return {
    checkpointId: metadata.checkpointId,
    path: snapshot.directory,
    forSubtask(vertex, subtaskIndex) {
      const key = `${vertex.id}/${subtaskIndex}`;
      let r = cache.get(key);
      if (r === undefined) cache.set(key, (r = restoreSubtask(vertex, subtaskIndex, perOperator, inFlightByOperator)));
      return r;
    },
  };
}

function restoreSubtask(
  vertex: JobVertex,
  index: number,
  perOperator: Map<string, { parallelism: number; maxParallelism: number; subtasks: Array<{ finished: boolean; snapshot: OperatorSnapshot | null }> }>,
  inFlightByOperator: Map<string, DecodedInFlight[]>,
): SubtaskRestore {
  const snapshots: OperatorSnapshot[] = [];
  let anyState = false;
  let finishedVotes = 0;
  let operatorsWithState = 0;
  for (const node of vertex.nodes) {
    const op = perOperator.get(node.operatorId);
    if (op === undefined) continue;
    anyState = true;
    operatorsWithState++;
    const p = node.parallelism;
    if (op.parallelism === p) {
      // Same parallelism: subtask i takes old subtask i's state as it is.
      const old = op.subtasks[index]!;
      // An operator of the snapshot is restored even with empty state (Flink's isRestored).
      snapshots.push(withFullUnionLists(old.snapshot ?? { operatorId: node.operatorId }, op.subtasks.map((s) => s.snapshot?.operatorState ?? null)));
      if (old.finished) finishedVotes++;
      continue;
    }
    // Rescaling: a subtask counts as finished only when the whole operator had finished (Flink's fully finished).
    if (op.subtasks.every((s) => s.finished)) finishedVotes++;
    const range = computeKeyGroupRangeForOperatorIndex(node.maxParallelism, p, index);
    op.subtasks.forEach((old, i) => {
      const s = old.snapshot;
      if (s === null) return;
      const oldRange = computeKeyGroupRangeForOperatorIndex(op.maxParallelism, op.parallelism, i);
      if (!overlaps(oldRange, range)) return;
      const keyGroups = (s.keyed?.keyGroups ?? []).filter((kg) => range.contains(kg.keyGroup));
      snapshots.push({
        operatorId: s.operatorId,
        ...(s.keyed ? { keyed: { ...s.keyed, keyGroups } } : {}),
        ...(s.timers ? { timers: s.timers } : {}),
      });
    });
    const opState = repartitionOperatorState(
      op.subtasks.map((s) => s.snapshot?.operatorState ?? null),
      p,
    )[index]!;
    snapshots.push({ operatorId: node.operatorId, operatorState: opState });
  }
  const head = vertex.nodes[0]!;
  const inFlight = routeInFlight(inFlightByOperator.get(head.operatorId) ?? [], head, perOperator.get(head.operatorId)?.parallelism, index);
  if (!anyState && inFlight.length === 0) return NOTHING_RESTORED;
  // A chain is finished when every operator of it with state in the snapshot was.
  return { snapshots, finished: operatorsWithState > 0 && finishedVotes === operatorsWithState, inFlight };
}

/**
 * Union list state goes whole to every subtask also when the parallelism is unchanged: Flink's
 * RoundRobinOperatorStateRepartitioner repartitions UNION state even when `newParallelism == oldParallelism`, so
 * after a failover or restore each subtask's `getUnionListState` holds the items of all old subtasks.
 */
function withFullUnionLists(snapshot: OperatorSnapshot, all: ReadonlyArray<OperatorStateSnapshot | null>): OperatorSnapshot {
  if (!all.some((s) => s?.lists.some((l) => l.mode === "union"))) return snapshot;
  const own = snapshot.operatorState ?? { lists: [], broadcast: [] };
  const union = repartitionOperatorState(all, 1)[0]!.lists.filter((l) => l.mode === "union");
  return { ...snapshot, operatorState: { ...own, lists: [...own.lists.filter((l) => l.mode !== "union"), ...union] } };
}

function overlaps(a: KeyGroupRange, b: KeyGroupRange): boolean {
  return a.startKeyGroup <= b.endKeyGroup && b.startKeyGroup <= a.endKeyGroup;
}

/** In-flight records for subtask `index` of `head`: as recorded, or re-routed by key group / round robin. */
function routeInFlight(records: readonly DecodedInFlight[], head: StreamNode, oldParallelism: number | undefined, index: number): RestoredRecord[] {
  const p = head.parallelism;
  const out: RestoredRecord[] = [];
  let rr = 0;
  for (const r of records) {
    let target: number;
    if (oldParallelism === p || oldParallelism === undefined) target = r.subtaskIndex;
    else {
      const selector = r.input === 2 ? head.keySelector2 : head.keySelector1;
      target = selector ? computeOperatorIndexForKeyGroup(head.maxParallelism, p, assignToKeyGroup(selector(r.value), head.maxParallelism)) : rr++ % p;
    }
    if (target === index) out.push({ input: r.input, value: r.value, timestamp: r.timestamp });
  }
  return out;
}

/**
 * Redistributes one operator's list and broadcast state from its old subtasks to `newParallelism` new ones
 * (Flink's RoundRobinOperatorStateRepartitioner): per split list, the items of all old subtasks in order are cut
 * into contiguous shares of `total / p` (the first `total % p` shares one larger, the start rotating from one
 * state name to the next); union lists go whole to every subtask; broadcast state of old subtask `i % oldP` goes
 * to new subtask `i`.
 */
export function repartitionOperatorState(old: ReadonlyArray<OperatorStateSnapshot | null>, newParallelism: number): OperatorStateSnapshot[] {
  const result = Array.from({ length: newParallelism }, () => ({
    lists: [] as Array<OperatorStateSnapshot["lists"][number]>,
    broadcast: [] as Array<OperatorStateSnapshot["broadcast"][number]>,
  }));
  const split = new Map<string, unknown[]>();
  const union = new Map<string, unknown[]>();
  const broadcast = new Map<string, Array<Array<[unknown, unknown]>>>();
  for (const s of old) {
    if (s === null) continue;
    for (const l of s.lists) {
      const target = l.mode === "union" ? union : split;
      let items = target.get(l.name);
      if (items === undefined) target.set(l.name, (items = []));
      items.push(...l.items);
    }
    for (const b of s.broadcast) {
      let copies = broadcast.get(b.name);
      if (copies === undefined) broadcast.set(b.name, (copies = []));
      copies.push(b.entries);
    }
  }
  let startAt = 0;
  for (const [name, items] of split) {
    const base = Math.floor(items.length / newParallelism);
    let remainder = items.length % newParallelism;
    let nextStart = startAt;
    let at = 0;
    for (let i = 0; i < newParallelism; i++) {
      const target = (i + startAt) % newParallelism;
      let n = base;
      if (remainder > 0) {
        n++;
        remainder--;
      } else if (remainder === 0) {
        // Out of larger shares: the next state name starts its larger shares here, for balance.
        nextStart = target;
        remainder--;
      }
      result[target]!.lists.push({ name, mode: "split", items: items.slice(at, at + n) });
      at += n;
    }
    startAt = nextStart;
  }
  for (const [name, items] of union) for (const r of result) r.lists.push({ name, mode: "union", items: items.slice() });
  for (const [name, copies] of broadcast) {
    result.forEach((r, i) => r.broadcast.push({ name, entries: copies[i % copies.length]! }));
  }
  return result;
}
