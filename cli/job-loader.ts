// Loads a job file (TypeScript or JavaScript) as an ES module, the same way under Node and Deno.
//
// How: esbuild bundles the job with its relative imports into one ES module, written to a fresh temp folder
// and imported from there. Three rewrites make the bundle behave as if the job's own files were imported:
// - `rivulet` resolves to the absolute URL of this package's `dist/host/node.js`, the very module instance the
//   CLI itself imported, so `StreamExecutionEnvironment.getExecutionEnvironment()` in the job sees the context
//   environment the CLI installed (a second copy of the library would have its own, empty, context).
// - Other bare packages stay external but are resolved at bundle time, from the importing file's folder, to
//   absolute file URLs: the bundle lives in a temp folder where no node_modules would be found.
// - `import.meta.url` / `dirname` / `filename` in the job's files are replaced by the original file's values,
//   so `new URL("./data.txt", import.meta.url)` still points next to the job.
//
// Why esbuild under Deno too, rather than Deno's native TypeScript: Deno would resolve the job's `rivulet`
// through the job's own project (deno.json, package.json, node_modules, or not at all when the job sits outside
// a project) and could load a second copy of the library, so the CLI's context environment would silently not
// apply; the bundle pins `rivulet` to one URL in both runtimes. esbuild's npm package runs under Deno 2 (it
// spawns its native binary through node:child_process), and resolving everything at bundle time means Deno
// needs no network, import map or config to run the job.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Loader, Message, Plugin } from "esbuild";
import { UsageError } from "./errors.js";

/** The library entry the CLI runs against; jobs' `import "rivulet"` is pinned to it. */
export const LIBRARY_ENTRY = fileURLToPath(new URL("../host/node.js", import.meta.url));

const LOADERS: Record<string, Loader> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
  ".json": "json",
};

export interface LoadedJob {
  /** The job module's namespace (its exports). */
  readonly module: Record<string, unknown>;
}

export interface BundledJob {
  /** file: URL of the bundle to import. */
  readonly url: string;
  /** Removes the temp folder holding the bundle. */
  dispose(): void;
}

/** Checks the job file exists and has a supported extension; returns its absolute path. */
export function resolveJobFile(file: string, cwd: string = process.cwd()): string {
  const path = resolve(cwd, file);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`job file not found: ${file}`);
  }
  if (!isFile) throw new UsageError(`job file is not a file: ${file}`);
  const ext = extname(path).toLowerCase();
  if (ext === ".sql") throw new UsageError(`${file}: SQL jobs are not supported yet (the Table API and SQL come later)`);
  if (!(ext in LOADERS) || ext === ".json") throw new UsageError(`${file}: a job file must be .ts, .mts, .js or .mjs`);
  return path;
}

/** Bundles the job (see the file comment) into a temp file; throws UsageError with file:line:col on a build error. */
export async function bundleJob(path: string): Promise<BundledJob> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (e) {
    throw new Error(`cannot load esbuild, which rivulet needs to load job files: ${(e as Error).message}`, { cause: e });
  }
  const libraryUrl = pathToFileURL(LIBRARY_ENTRY).href;
  const dir = mkdtempSync(join(tmpdir(), "rivulet-job-"));
  const file = join(dir, basename(path, extname(path)) + ".mjs");
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  let code: string;
  try {
    const result = await esbuild.build({
      entryPoints: [path],
      absWorkingDir: dirname(path),
      bundle: true,
      write: false,
      outfile: file, // not written: esbuild only makes the source map's paths relative to it
      format: "esm",
      platform: "node",
      target: "es2022",
      sourcemap: "inline",
      sourcesContent: false,
      logLevel: "silent",
      plugins: [jobPlugin(libraryUrl)],
    });
    const out = result.outputFiles?.[0];
    if (out === undefined) throw new Error("esbuild produced no output");
    code = out.text;
  } catch (e) {
    dispose();
    const errors = (e as { errors?: Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) throw new UsageError(formatBuildError(errors[0]!, path), { cause: e });
    throw e;
  } finally {
    // esbuild keeps its service process alive otherwise (Deno reports it as a leaked child process).
    await esbuild.stop?.();
  }
  writeFileSync(file, code);
  process.once("exit", dispose);
  return { url: pathToFileURL(file).href, dispose };
}

/** Bundles and imports the job module. Importing runs its top level (which may execute a job). */
export async function importJob(bundle: BundledJob): Promise<LoadedJob> {
  // Map stack traces through the bundle's inline source map back to the job's own files (Node; Deno does so itself).
  (process as { setSourceMapsEnabled?: (on: boolean) => void }).setSourceMapsEnabled?.(true);
  const module = (await import(bundle.url)) as Record<string, unknown>;
  return { module };
}

/** `path` relative to the working directory when it lies below it, else absolute. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

function formatBuildError(error: Message, jobPath: string): string {
  const loc = error.location;
  if (loc === null) return `${basename(jobPath)}: ${error.text}`;
  // esbuild names the file relative to absWorkingDir (the job's folder); show it relative to where we run.
  return `${displayPath(resolve(dirname(jobPath), loc.file))}:${loc.line}:${loc.column + 1}: ${error.text}`;
}

function isBare(specifier: string): boolean {
  return !(specifier.startsWith(".") || specifier.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(specifier) || /^[a-z]+:/i.test(specifier));
}

function jobPlugin(libraryUrl: string): Plugin {
  return {
    name: "rivulet-job",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "rivulet-inner" || !isBare(args.path)) return undefined;
        if (args.path === "rivulet") return { path: libraryUrl, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "rivulet-inner",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        // Built-in modules (node:fs, fs) come back external with their own name.
        if (resolved.external || resolved.path === args.path) return { path: resolved.path, external: true };
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
      // Keep each file's own import.meta values although all files end up in one bundle elsewhere.
      build.onLoad({ filter: /\.(m|c)?(t|j)sx?$/ }, (args) => {
        if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
        const loader = LOADERS[extname(args.path).toLowerCase()];
        if (loader === undefined) return undefined;
        let contents = readFileSync(args.path, "utf8");
        if (contents.includes("import.meta")) {
          contents = contents
            .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
            .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
            .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)));
        }
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}
