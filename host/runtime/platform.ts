// The few services that differ between Node/Deno and browsers: files, sockets, standard output.
// The library uses them through this seam; `rivulet`'s Node/Deno entry installs the node implementation.

/** A text file being written. */
export interface TextFileWriter {
  write(text: string): void;
  close(): void;
}

export interface Platform {
  readonly name: string;
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
