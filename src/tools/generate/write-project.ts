import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class OutputExistsError extends Error {}

/**
 * Writes the files into `dir` (created if needed). Refuses to overwrite any of them unless `force`,
 * so a second run cannot silently discard edits made to org.ts.
 */
export function writeProject(dir: string, files: Record<string, string>, force: boolean): string[] {
  const existing = Object.keys(files).filter((name) => existsSync(join(dir, name)));
  if (existing.length > 0 && !force) {
    throw new OutputExistsError(`${dir} already has ${existing.join(", ")}; choose another --out directory or pass --force to overwrite`);
  }
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileSync(path, content);
    written.push(path);
  }
  return written;
}
