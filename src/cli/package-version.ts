import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The `version` of this package's package.json (two levels up from both src/cli and dist/cli). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}
