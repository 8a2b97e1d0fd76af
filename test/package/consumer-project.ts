import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * A fresh Pulumi TypeScript project that uses the packed package as a user would: `npm pack`, then
 * `npm install` of the tarball next to one version of `@pulumi/pulumi` from the npm registry. Installs are
 * cached under `.cache/package-tests/` (git-ignored) so a rerun reinstalls only the tarball.
 */
export const ROOT = path.resolve(__dirname, "..", "..");
export const CACHE_DIR = path.join(ROOT, ".cache", "package-tests");
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
};
export const PEER_RANGE = MANIFEST.peerDependencies["@pulumi/pulumi"]!;
const TARBALL = path.join(CACHE_DIR, `${MANIFEST.name}.tgz`);

function run(command: string, args: string[], cwd: string, timeoutMs = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * The versions of `@pulumi/pulumi` in the peer range that the registry serves, oldest first, or the
 * one-line reason the registry cannot be asked.
 */
export function versionsInPeerRange(): { versions: string[] } | { skip: string } {
  try {
    const out = execFileSync("npm", ["view", `@pulumi/pulumi@${PEER_RANGE}`, "version", "--json"], { cwd: ROOT, encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
    const parsed = JSON.parse(out) as string | string[];
    const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((v) => !v.includes("-"));
    return versions.length > 0 ? { versions } : { skip: `the npm registry lists no @pulumi/pulumi in ${PEER_RANGE}` };
  } catch (error) {
    const first = (error as { stderr?: string }).stderr?.split("\n").find((line) => line.trim() !== "") ?? String(error);
    return { skip: `npm registry unreachable (${first.trim()})` };
  }
}

/**
 * `compilerOptions` of Pulumi's TypeScript template (pulumi/templates, typescript/tsconfig.json, with
 * `files: ["index.ts"]`): strict, and no `skipLibCheck`, so every declaration the package ships is checked.
 */
export const TEMPLATE_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: false, // the template says true, which only colours the messages this test reads
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

let packed: Promise<string> | undefined;

/** `npm pack` of the built package (dist/ must be built), once per test file. */
export function packTarball(): Promise<string> {
  packed ??= (async () => {
    // Test files run in parallel processes: each packs into its own directory and renames the result into
    // place, so an install never reads a half-written tarball.
    const own = path.join(CACHE_DIR, `pack-${process.pid}`);
    mkdirSync(own, { recursive: true });
    const out = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", own], ROOT);
    const [{ filename }] = JSON.parse(out) as { filename: string }[];
    renameSync(path.join(own, path.basename(filename)), `${TARBALL}.${process.pid}`);
    renameSync(`${TARBALL}.${process.pid}`, TARBALL);
    rmSync(own, { recursive: true, force: true });
    return TARBALL;
  })();
  return packed;
}

export interface ConsumerOptions {
  pulumiVersion: string;
  /** Extra devDependencies, e.g. the template's `typescript` and `@types/node`. */
  devDependencies?: Record<string, string>;
}

/**
 * A project directory with `@pulumi/pulumi@<version>` and the packed tarball installed. Files of Pulumi's
 * TypeScript template (package.json, Pulumi.yaml, tsconfig.json) are written; the caller writes index.ts.
 */
export async function consumerProject(name: string, options: ConsumerOptions): Promise<string> {
  const tarball = await packTarball();
  const dir = path.join(CACHE_DIR, name);
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name,
    main: "index.ts",
    devDependencies: options.devDependencies ?? {},
    dependencies: { "@pulumi/pulumi": options.pulumiVersion, [MANIFEST.name]: `file:${path.relative(dir, tarball)}` },
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\ndescription: LaunchDarkly access (package test)\n`);
  // The tarball's content changes with every build while its path does not. The lockfile would make npm
  // take the old content from its cache (by integrity), so drop the lockfile and the old copy: npm extracts
  // the new tarball, and everything else stays in the cached node_modules.
  const installed = path.join(dir, "node_modules", MANIFEST.name);
  rmSync(installed, { recursive: true, force: true });
  rmSync(path.join(dir, "package-lock.json"), { force: true });
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"], dir);
  for (const file of ["dist/index.d.ts", "dist/tools/cli/main.js", "dist/core/provider/runtime.js"]) {
    if (readFileSync(path.join(installed, file), "utf8") !== readFileSync(path.join(ROOT, file), "utf8")) {
      throw new Error(`${path.join(installed, file)} is not the freshly built ${file}: npm installed a stale tarball`);
    }
  }
  return dir;
}

/** Every installed copy of a package (`node_modules/**\/<name>/package.json`) with its version. */
export function installedCopies(dir: string, name: string): { path: string; version: string }[] {
  const found: { path: string; version: string }[] = [];
  const visit = (modules: string) => {
    if (!existsSync(modules)) return;
    const candidate = path.join(modules, name, "package.json");
    if (existsSync(candidate)) found.push({ path: path.relative(dir, path.dirname(candidate)), version: JSON.parse(readFileSync(candidate, "utf8")).version });
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".bin") continue;
      const packages = entry.name.startsWith("@") ? readdirSync(path.join(modules, entry.name)).map((n) => path.join(modules, entry.name, n)) : [path.join(modules, entry.name)];
      for (const pkg of packages) visit(path.join(pkg, "node_modules"));
    }
  };
  visit(path.join(dir, "node_modules"));
  return found;
}

export { run as runIn };
