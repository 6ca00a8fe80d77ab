// The Platform for Node and Deno (via its Node compatibility): files with node:fs, sockets with node:net.
import { closeSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { createConnection } from "node:net";
import { createInterface } from "node:readline";
import type { FileSystem, Platform, TextFileWriter } from "../../runtime/platform.js";

async function* readTextLines(path: string): AsyncIterable<string> {
  if (!existsSync(path)) throw new Error(`readTextFile: no such file '${path}'`);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
  }
}

async function* socketTextLines(host: string, port: number, delimiter: string): AsyncIterable<string> {
  const socket = createConnection({ host, port });
  socket.setEncoding("utf8");
  let buffered = "";
  try {
    for await (const chunk of socket as AsyncIterable<string>) {
      buffered += chunk;
      let at = buffered.indexOf(delimiter);
      while (at >= 0) {
        let line = buffered.slice(0, at);
        if (delimiter === "\n" && line.endsWith("\r")) line = line.slice(0, -1);
        yield line;
        buffered = buffered.slice(at + delimiter.length);
        at = buffered.indexOf(delimiter);
      }
    }
    if (buffered.length > 0) yield buffered;
  } finally {
    socket.destroy();
  }
}

function openTextFileWriter(path: string, overwrite: boolean): TextFileWriter {
  if (!overwrite && existsSync(path)) {
    throw new Error(`File or directory already exists: '${path}'. Use writeAsText(path, true) to overwrite it`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  return {
    write: (text) => void writeSync(fd, text),
    close: () => closeSync(fd),
  };
}

/** Node's file system behind the Platform seam: async for checkpoint storage, sync appends for sinks. */
const nodeFileSystem: FileSystem = {
  async mkdirs(path) {
    await mkdir(path, { recursive: true });
  },
  async writeFileAtomic(path, data) {
    const chunks = data instanceof Uint8Array ? [data] : data;
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(tmp, "w");
    try {
      for (const chunk of chunks) {
        let written = 0;
        while (written < chunk.length) written += (await handle.write(chunk, written)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  },
  async readFile(path) {
    return new Uint8Array(await readFile(path));
  },
  async list(path) {
    try {
      return await readdir(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
  },
  async stat(path) {
    try {
      const s = await stat(path);
      return { isDirectory: s.isDirectory(), size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  },
  async delete(path) {
    await rm(path, { recursive: true, force: true });
  },
  async rename(from, to) {
    await rename(from, to);
  },
  openAppend(path) {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, "a");
    let closed = false;
    return {
      write: (text) => void writeSync(fd, text),
      flush: () => fsyncSync(fd),
      close: () => {
        if (closed) return;
        closed = true;
        closeSync(fd);
      },
    };
  },
  mkdirsSync(path) {
    mkdirSync(path, { recursive: true });
  },
  renameSync(from, to) {
    renameSync(from, to);
  },
  deleteSync(path) {
    rmSync(path, { recursive: true, force: true });
  },
  existsSync(path) {
    return existsSync(path);
  },
};

export const nodePlatform: Platform = {
  name: "node",
  fs: nodeFileSystem,
  readTextLines,
  socketTextLines,
  openTextFileWriter,
  printLine(line: string): void {
    process.stdout.write(line + "\n");
  },
};
