// Where checkpoints and savepoints live and how they are read back: Flink's layout
// (`<dir>/<jobId>/chk-<n>/_metadata` plus state files; `savepoint-<job6>-<hex>/` for savepoints), atomic
// writes, checksums verified on load, and a memory file system for jobs without a checkpoint directory
// (Flink's JobManagerCheckpointStorage) and for browsers.
import { type FileStatus, type FileSystem, getPlatform, joinPath, pathFromUri } from "../runtime/platform.js";
import { crc32 } from "./crc32.js";
import { type CheckpointMetadata, CorruptCheckpointException, decodeMetadata, encodeMetadata } from "./metadata.js";

/** The file name of a snapshot's metadata, as in Flink. */
export const METADATA_FILE = "_metadata";

/** The part of FileSystem that checkpoint storage uses. */
export type SnapshotFileSystem = Pick<FileSystem, "mkdirs" | "writeFileAtomic" | "readFile" | "list" | "stat" | "delete">;

/** A file system in memory (checkpoints of a job without a checkpoint directory; tests; browsers). */
export class MemoryFileSystem implements SnapshotFileSystem {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>();
  async mkdirs(path: string): Promise<void> {
    let p = normalize(path);
    while (p.length > 0 && !this.dirs.has(p)) {
      this.dirs.add(p);
      p = p.slice(0, Math.max(0, p.lastIndexOf("/")));
    }
  }
  async writeFileAtomic(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
    const chunks = data instanceof Uint8Array ? [data] : data;
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    const p = normalize(path);
    await this.mkdirs(p.slice(0, Math.max(0, p.lastIndexOf("/"))));
    this.files.set(p, all);
  }
  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(normalize(path));
    if (f === undefined) throw new Error(`no such file '${path}'`);
    return f;
  }
  async list(path: string): Promise<string[]> {
    const prefix = normalize(path) + "/";
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]!);
    }
    return Array.from(names);
  }
  async stat(path: string): Promise<FileStatus | null> {
    const p = normalize(path);
    const f = this.files.get(p);
    if (f !== undefined) return { isDirectory: false, size: f.length };
    return this.dirs.has(p) ? { isDirectory: true, size: 0 } : null;
  }
  async delete(path: string): Promise<void> {
    const p = normalize(path);
    for (const k of Array.from(this.files.keys())) if (k === p || k.startsWith(p + "/")) this.files.delete(k);
    for (const k of Array.from(this.dirs)) if (k === p || k.startsWith(p + "/")) this.dirs.delete(k);
  }
  /** Replaces a file's bytes (tests corrupt checkpoints with it). */
  overwrite(path: string, bytes: Uint8Array): void {
    this.files.set(normalize(path), bytes);
  }
}

function normalize(path: string): string {
  return path.replace(/\/+$/, "").replace(/\/{2,}/g, "/");
}

/** One memory file system per process, so a savepoint "path" taken in memory can be restored from later. */
export const MEMORY_FILE_SYSTEM = new MemoryFileSystem();

/**
 * Checkpoint storage: a base directory (Flink's `state.checkpoints.dir`) on the platform's file system, or
 * in memory when none is configured. `memory://` paths always live in memory.
 */
export class CheckpointStorage {
  readonly fs: SnapshotFileSystem;
  readonly baseDirectory: string | null;
  constructor(dirOrUrl: string | null) {
    if (dirOrUrl === null || dirOrUrl.startsWith("memory://")) {
      this.fs = MEMORY_FILE_SYSTEM;
      this.baseDirectory = dirOrUrl === null ? "memory://checkpoints" : dirOrUrl;
    } else {
      this.fs = getPlatform().fs ?? MEMORY_FILE_SYSTEM;
      this.baseDirectory = pathFromUri(dirOrUrl);
    }
  }
  /** `<base>/<jobId>`: every checkpoint of one job (Flink's job checkpoint directory). */
  jobDirectory(jobId: string): string {
    return joinPath(this.baseDirectory!, jobId);
  }
  /** `<base>/<jobId>/chk-<n>`. */
  checkpointDirectory(jobId: string, checkpointId: number): string {
    return joinPath(this.jobDirectory(jobId), `chk-${checkpointId}`);
  }
  /** `<dir>/savepoint-<first 6 of job id>-<12 hex>` (Flink's savepoint directory name). */
  savepointDirectory(targetDirectory: string, jobId: string): string {
    let hex = "";
    for (let i = 0; i < 12; i++) hex += Math.floor(Math.random() * 16).toString(16);
    return joinPath(pathFromUri(targetDirectory), `savepoint-${jobId.slice(0, 6)}-${hex}`);
  }
  /** The file system holding `path`: memory for `memory://` paths, else this storage's. */
  fileSystemFor(path: string): SnapshotFileSystem {
    return path.startsWith("memory://") ? MEMORY_FILE_SYSTEM : (getPlatform().fs ?? this.fs);
  }
}

/** A completed snapshot on storage. */
export interface CompletedCheckpoint {
  readonly checkpointId: number;
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
}

/** Writes `_metadata` atomically (temporary file + rename), the commit point of a checkpoint. */
export async function writeMetadata(fs: SnapshotFileSystem, directory: string, metadata: CheckpointMetadata): Promise<void> {
  await fs.writeFileAtomic(joinPath(directory, METADATA_FILE), encodeMetadata(metadata));
}

/** A snapshot read back and verified: its metadata and the bytes of every state file. */
export interface LoadedSnapshot {
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
  readonly files: readonly Uint8Array[];
}

/**
 * Reads the snapshot in `directory` and verifies it: metadata envelope and checksum, then every state file's
 * length and CRC-32. Throws CorruptCheckpointException naming what is wrong.
 */
export async function loadSnapshot(fs: SnapshotFileSystem, directory: string): Promise<LoadedSnapshot> {
  const metaPath = joinPath(directory, METADATA_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(metaPath);
  } catch (e) {
    throw new CorruptCheckpointException(`cannot read checkpoint metadata '${metaPath}': ${(e as Error).message}`);
  }
  const metadata = decodeMetadata(bytes, metaPath);
  const files: Uint8Array[] = [];
  for (const f of metadata.files) {
    const path = joinPath(directory, f.path);
    let data: Uint8Array;
    try {
      data = await fs.readFile(path);
    } catch (e) {
      throw new CorruptCheckpointException(`state file '${path}' of checkpoint ${metadata.checkpointId} is missing: ${(e as Error).message}`);
    }
    if (data.length !== f.length) {
      throw new CorruptCheckpointException(`state file '${path}' is truncated: ${data.length} of ${f.length} bytes`);
    }
    if (crc32(data) !== f.crc32) throw new CorruptCheckpointException(`state file '${path}' is corrupt: checksum mismatch`);
    files.push(data);
  }
  return { directory, metadata, files };
}

/**
 * Resolves a restore path the way Flink's `-s` does: a directory with `_metadata` (a savepoint or `chk-<n>`),
 * the `_metadata` file itself, or a job's checkpoint directory, in which case the newest valid `chk-<n>` is
 * used and corrupt newer ones are skipped with a warning.
 */
export async function loadSnapshotFromPath(path: string, warn: (message: string) => void): Promise<LoadedSnapshot> {
  const plain = pathFromUri(path);
  const fs = path.startsWith("memory://") ? MEMORY_FILE_SYSTEM : (getPlatform().fs ?? MEMORY_FILE_SYSTEM);
  const dir = plain.endsWith("/" + METADATA_FILE) ? plain.slice(0, -METADATA_FILE.length - 1) : plain;
  const status = await fs.stat(dir);
  if (status === null) throw new CorruptCheckpointException(`no checkpoint or savepoint at '${path}'`);
  if (await fs.stat(joinPath(dir, METADATA_FILE))) return loadSnapshot(fs, dir);
  const candidates = (await fs.list(dir))
    .map((n) => /^chk-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  if (candidates.length === 0) throw new CorruptCheckpointException(`'${path}' holds no _metadata and no chk-<n> checkpoints`);
  return loadNewestValid(fs, candidates.map((id) => joinPath(dir, `chk-${id}`)), warn);
}

/** Loads the first snapshot of `directories` (newest first) that verifies, warning about each one skipped. */
export async function loadNewestValid(fs: SnapshotFileSystem, directories: readonly string[], warn: (message: string) => void): Promise<LoadedSnapshot> {
  const problems: string[] = [];
  for (const dir of directories) {
    try {
      return await loadSnapshot(fs, dir);
    } catch (e) {
      if (!(e instanceof CorruptCheckpointException)) throw e;
      problems.push(e.message);
      warn(`skipping checkpoint '${dir}': ${e.message}; falling back to the previous checkpoint`);
    }
  }
  throw new CorruptCheckpointException(`no valid checkpoint to restore from: ${problems.join("; ")}`);
}
