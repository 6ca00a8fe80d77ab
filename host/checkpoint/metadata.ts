// The `_metadata` of a checkpoint or savepoint: which operators have state, in which byte ranges of which
// files (Flink's CheckpointMetadata and MetadataV3Serializer). FlatBuffers (schemas/checkpoint_metadata.fbs)
// inside a checksummed envelope, so truncation and corruption are detected before anything is restored.
import * as flatbuffers from "flatbuffers";
import {
  CheckpointMetadata as FbMetadata,
  OperatorState as FbOperatorState,
  SnapshotKind as FbSnapshotKind,
  StateFile as FbStateFile,
  SubtaskState as FbSubtaskState,
} from "../../schemas/checkpoint_metadata_generated.js";
import { crc32 } from "./crc32.js";

/** The metadata format this version writes; readers accept versions up to it (the savepoint format version). */
export const METADATA_FORMAT_VERSION = 1;
/** Envelope: 8-byte magic, u32 format version, u32 CRC-32 of the payload, u32 payload length, then the payload. */
const MAGIC = new TextEncoder().encode("RIVULET\u0001");
const HEADER = MAGIC.length + 12;

export interface StateFileHandle {
  /** Relative to the snapshot directory, so savepoints can be moved. */
  readonly path: string;
  readonly length: number;
  readonly crc32: number;
}

export interface SubtaskStateHandle {
  readonly subtaskIndex: number;
  readonly finished: boolean;
  /** Index into `files`, or -1 when the subtask has no state. */
  readonly fileIndex: number;
  readonly offset: number;
  readonly length: number;
}

export interface OperatorStateHandle {
  readonly operatorId: string;
  readonly name: string;
  readonly uid: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly subtasks: readonly SubtaskStateHandle[];
}

export interface CheckpointMetadata {
  readonly formatVersion: number;
  readonly checkpointId: number;
  readonly jobId: string;
  readonly jobName: string;
  readonly kind: "checkpoint" | "savepoint";
  readonly timestamp: number;
  readonly completed: number;
  readonly files: readonly StateFileHandle[];
  readonly operators: readonly OperatorStateHandle[];
}

/** A checkpoint that cannot be used: missing, truncated, corrupt, or of an unknown format version. */
export class CorruptCheckpointException extends Error {
  override readonly name = "CorruptCheckpointException";
}

/** The `_metadata` bytes for `m`. */
export function encodeMetadata(m: CheckpointMetadata): Uint8Array {
  const b = new flatbuffers.Builder(1024);
  const files = m.files.map((f) => FbStateFile.createStateFile(b, b.createString(f.path), BigInt(f.length), f.crc32));
  const operators = m.operators.map((op) => {
    const subtasks = op.subtasks.map((s) =>
      FbSubtaskState.createSubtaskState(b, s.subtaskIndex, s.finished, s.fileIndex, BigInt(s.offset), BigInt(s.length)),
    );
    return FbOperatorState.createOperatorState(
      b,
      b.createString(op.operatorId),
      b.createString(op.name),
      b.createString(op.uid),
      op.parallelism,
      op.maxParallelism,
      FbOperatorState.createSubtasksVector(b, subtasks),
    );
  });
  const jobId = b.createString(m.jobId);
  const jobName = b.createString(m.jobName);
  const filesVec = FbMetadata.createFilesVector(b, files);
  const opsVec = FbMetadata.createOperatorsVector(b, operators);
  FbMetadata.startCheckpointMetadata(b);
  FbMetadata.addFormatVersion(b, m.formatVersion);
  FbMetadata.addCheckpointId(b, BigInt(m.checkpointId));
  FbMetadata.addJobId(b, jobId);
  FbMetadata.addJobName(b, jobName);
  FbMetadata.addKind(b, m.kind === "savepoint" ? FbSnapshotKind.Savepoint : FbSnapshotKind.Checkpoint);
  FbMetadata.addTimestamp(b, BigInt(m.timestamp));
  FbMetadata.addCompleted(b, BigInt(m.completed));
  FbMetadata.addFiles(b, filesVec);
  FbMetadata.addOperators(b, opsVec);
  FbMetadata.finishCheckpointMetadataBuffer(b, FbMetadata.endCheckpointMetadata(b));
  const payload = b.asUint8Array();
  const out = new Uint8Array(HEADER + payload.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(MAGIC.length, m.formatVersion, true);
  view.setUint32(MAGIC.length + 4, crc32(payload), true);
  view.setUint32(MAGIC.length + 8, payload.length, true);
  out.set(payload, HEADER);
  return out;
}

/** Reads `_metadata` bytes; `where` names the file in errors. Throws CorruptCheckpointException. */
export function decodeMetadata(bytes: Uint8Array, where: string): CheckpointMetadata {
  const fail = (why: string): never => {
    throw new CorruptCheckpointException(`invalid checkpoint metadata '${where}': ${why}`);
  };
  if (bytes.length < HEADER) fail(`truncated (${bytes.length} bytes)`);
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) fail("not a Rivulet checkpoint (bad magic)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(MAGIC.length, true);
  if (version < 1 || version > METADATA_FORMAT_VERSION) {
    fail(`format version ${version} is not supported (this version reads 1 to ${METADATA_FORMAT_VERSION})`);
  }
  const crc = view.getUint32(MAGIC.length + 4, true);
  const length = view.getUint32(MAGIC.length + 8, true);
  if (bytes.length !== HEADER + length) fail(`truncated: ${bytes.length - HEADER} of ${length} payload bytes`);
  const payload = bytes.subarray(HEADER);
  if (crc32(payload) !== crc) fail("checksum mismatch");
  const bb = new flatbuffers.ByteBuffer(payload);
  if (!FbMetadata.bufferHasIdentifier(bb)) fail("missing file identifier");
  const m = FbMetadata.getRootAsCheckpointMetadata(bb);
  const files: StateFileHandle[] = [];
  for (let i = 0; i < m.filesLength(); i++) {
    const f = m.files(i)!;
    files.push({ path: f.path() ?? "", length: Number(f.length()), crc32: f.crc32() });
  }
  const operators: OperatorStateHandle[] = [];
  for (let i = 0; i < m.operatorsLength(); i++) {
    const op = m.operators(i)!;
    const subtasks: SubtaskStateHandle[] = [];
    for (let j = 0; j < op.subtasksLength(); j++) {
      const s = op.subtasks(j)!;
      subtasks.push({
        subtaskIndex: s.subtaskIndex(),
        finished: s.finished(),
        fileIndex: s.fileIndex(),
        offset: Number(s.offset()),
        length: Number(s.length()),
      });
    }
    operators.push({
      operatorId: op.operatorId() ?? "",
      name: op.name() ?? "",
      uid: op.uid() ?? "",
      parallelism: op.parallelism(),
      maxParallelism: op.maxParallelism(),
      subtasks,
    });
  }
  return {
    formatVersion: m.formatVersion(),
    checkpointId: Number(m.checkpointId()),
    jobId: m.jobId() ?? "",
    jobName: m.jobName() ?? "",
    kind: m.kind() === FbSnapshotKind.Savepoint ? "savepoint" : "checkpoint",
    timestamp: Number(m.timestamp()),
    completed: Number(m.completed()),
    files,
    operators,
  };
}
