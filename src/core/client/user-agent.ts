import { readFileSync } from "node:fs";
import { join } from "node:path";

export const PACKAGE_NAME = "pulumi-launchdarkly-access";

let cachedVersion: string | undefined;

/** The package version, read once from package.json (three levels up from both src/core/client and dist/core/client). */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version?: unknown };
      cachedVersion = typeof manifest.version === "string" ? manifest.version : "0.0.0";
    } catch {
      cachedVersion = "0.0.0";
    }
  }
  return cachedVersion;
}

export function defaultUserAgent(): string {
  return `${PACKAGE_NAME}/${packageVersion()}`;
}
