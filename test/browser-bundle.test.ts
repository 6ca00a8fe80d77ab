import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("the library bundles for browsers", () => {
  it("host/index.ts has no runtime-specific import", async () => {
    const result = await build({
      entryPoints: ["host/index.ts"],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => p.includes("connectors/node/"))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((imp) => imp.path));
    expect(imports.filter((p) => p.startsWith("node:"))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).toContain("StreamExecutionEnvironment");
  });

  it("fails the build when a node: import sneaks into the library", async () => {
    // The guard above relies on esbuild refusing node: modules for the browser platform; prove it does.
    await expect(
      build({
        stdin: { contents: 'import { readFileSync } from "node:fs"; export const x = readFileSync;', resolveDir: "." },
        bundle: true,
        platform: "browser",
        write: false,
        logLevel: "silent",
      }),
    ).rejects.toThrow(/node:fs/);
  });
});
