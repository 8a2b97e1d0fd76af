import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");

/**
 * A scratch directory inside the repository, so the generated program resolves `@pulumi/pulumi` and
 * `pulumi-launchdarkly-access` (the package's self-link to the built dist) from the repo's node_modules.
 */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(ROOT, "test", "cli", ".generated-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const distBuilt = (): boolean => existsSync(join(ROOT, "dist", "index.d.ts")) && existsSync(join(ROOT, "dist", "harnesses", "host", "dynamic-provider-host.js"));

/** Whether the built resource takes `adoptExisting` (the generated program sets it on every resource). */
export function distResourceAdopts(file: "member" | "team" | "custom-role"): boolean {
  const path = join(ROOT, "dist", "core", "resources", `${file}.js`);
  return existsSync(path) && readFileSync(path, "utf8").includes("adoptExisting");
}

/** Compiles the generated project with its own tsconfig (and the repo's TypeScript). Returns tsc's diagnostics, empty when clean. */
export function compileGenerated(dir: string, options: { emit: boolean }): string[] {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), ...(options.emit ? [] : ["--noEmit"]), "--pretty", "false"], { encoding: "utf8", stdio: "pipe" });
    return [];
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? String(error);
    return out.split("\n").filter((line) => line.trim() !== "");
  }
}
