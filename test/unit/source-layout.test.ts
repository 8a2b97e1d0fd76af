import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The folders under src/ are the architecture (docs/decisions/0034-source-layout.md): the provider core, the
 * emulator, the tools built on the core, and the development harnesses. Imports only run downwards, and no
 * module imports itself back through others.
 */
const SRC = path.resolve(__dirname, "..", "..", "src");

/** Which top-level areas each area may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  emulator: ["core"],
  tools: ["core", "emulator"],
  harnesses: ["core", "emulator", "tools"],
  "index.ts": ["core"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const targets: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    const base = path.resolve(path.dirname(file), match[1]!);
    const resolved = [`${base}.ts`, path.join(base, "index.ts"), base].find((candidate) => candidate.endsWith(".ts") && existsSync(candidate));
    if (resolved) targets.push(resolved);
  }
  return targets;
}

const areaOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, relativeImports(file)]));

describe("source layout", () => {
  it("has exactly the four areas and the package entry at the top of src/", () => {
    expect(readdirSync(SRC).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it("imports only run from tools and harnesses down to the core, never back up", () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = areaOf(file);
      for (const target of targets) {
        const to = areaOf(target);
        if (to !== from && !MAY_IMPORT[from]!.includes(to)) upward.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("has no import cycles", () => {
    // Tarjan's strongly connected components: any component of more than one module is a cycle.
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      for (const next of graph.get(node) ?? []) {
        if (!index.has(next)) {
          visit(next);
          low.set(node, Math.min(low.get(node)!, low.get(next)!));
        } else if (onStack.has(next)) {
          low.set(node, Math.min(low.get(node)!, index.get(next)!));
        }
      }
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(path.relative(SRC, member));
        } while (member !== node);
        if (component.length > 1) cycles.push(component);
      }
    };
    for (const node of graph.keys()) if (!index.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });
});
