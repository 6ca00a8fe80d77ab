// The Platform for Node and Deno (via its Node compatibility): files with node:fs, sockets with node:net.
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { createConnection } from "node:net";
import { createInterface } from "node:readline";
import type { Platform, TextFileWriter } from "../../runtime/platform.js";

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

export const nodePlatform: Platform = {
  name: "node",
  readTextLines,
  socketTextLines,
  openTextFileWriter,
  printLine(line: string): void {
    process.stdout.write(line + "\n");
  },
};
