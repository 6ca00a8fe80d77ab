// The few services that differ between Node/Deno and browsers: files, sockets, standard output.
// The library uses them through this seam; `rivulet`'s Node/Deno entry installs the node implementation.

/** A text file being written. */
export interface TextFileWriter {
  write(text: string): void;
  close(): void;
}

/** What `stat` reports about a path. */
export interface FileStatus {
  readonly isDirectory: boolean;
  readonly size: number;
}

/**
 * File system access for checkpoint storage, FileSink and FileSource. Paths use `/`. Writes that must not be
 * seen half-done go through `writeFileAtomic` (temporary file, then rename).
 */
export interface FileSystem {
  mkdirs(path: string): Promise<void>;
  /** Writes `data` to a temporary file beside `path` and renames it over `path`, so readers see all or nothing. */
  writeFileAtomic(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  /** Names of the entries of a directory (not paths), or an empty list when it does not exist. */
  list(path: string): Promise<string[]>;
  /** The path's status, or null when nothing is there. */
  stat(path: string): Promise<FileStatus | null>;
  /** Deletes a file, or a directory with everything in it; nothing happens when the path does not exist. */
  delete(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Opens a file for appending (created if missing); writes are synchronous so a snapshot can flush in place. */
  openAppend(path: string): TextFileWriter & { flush(): void };
  mkdirsSync(path: string): void;
  renameSync(from: string, to: string): void;
  deleteSync(path: string): void;
  existsSync(path: string): boolean;
}

export interface Platform {
  readonly name: string;
  /** File system access, or null where there is none (browsers). */
  readonly fs: FileSystem | null;
  /** The lines of a text file (or URL in browsers), without line terminators. */
  readTextLines(path: string): AsyncIterable<string>;
  /** Lines (split at `delimiter`) read from a TCP socket until it closes. */
  socketTextLines(host: string, port: number, delimiter: string): AsyncIterable<string>;
  /** Opens a text file for writing (truncating it, or failing if it exists and `overwrite` is false). */
  openTextFileWriter(path: string, overwrite: boolean): TextFileWriter;
  /** Writes one line to standard output. */
  printLine(line: string): void;
}

/** Browsers: files are URLs fetched with `fetch`; no sockets, no file writing. */
const browserPlatform: Platform = {
  name: "browser",
  fs: null,
  async *readTextLines(path: string): AsyncIterable<string> {
    const response = await fetch(path);
    if (!response.ok) throw new Error(`cannot read '${path}': HTTP ${response.status}`);
    yield* splitLines((await response.text()));
  },
  socketTextLines(): AsyncIterable<string> {
    throw new Error("socketTextStream is not available in the browser: there are no TCP sockets");
  },
  openTextFileWriter(path: string): TextFileWriter {
    throw new Error(`cannot write '${path}': the browser has no file system`);
  },
  printLine(line: string): void {
    console.log(line);
  },
};

function* splitLines(text: string): Iterable<string> {
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) {
      if (start < text.length) yield stripCr(text.slice(start));
      return;
    }
    yield stripCr(text.slice(start, nl));
    start = nl + 1;
  }
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

let current: Platform = browserPlatform;

export function getPlatform(): Platform {
  return current;
}

/** Installs the platform implementation (the Node/Deno entry point does this once). */
export function setPlatform(platform: Platform): void {
  current = platform;
}

/** The platform's file system, or an error naming `what` needed it. */
export function requireFileSystem(what: string): FileSystem {
  const fs = current.fs;
  if (fs === null) throw new Error(`${what} needs a file system, which the '${current.name}' platform does not have`);
  return fs;
}

/** Joins path segments with `/`, dropping empty ones and duplicate separators. */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join("/");
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(joined)?.[0] ?? "";
  return scheme + joined.slice(scheme.length).replace(/\/{2,}/g, "/");
}

/** A `file://` URL or plain path as a plain path. */
export function pathFromUri(uri: string): string {
  if (uri.startsWith("file://")) return decodeURIComponent(uri.slice("file://".length));
  return uri;
}
