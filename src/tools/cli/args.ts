import { resolve } from "node:path";
import { UsageError } from "./cli-errors";
import type { StackSelection } from "./stack-config";

/**
 * Runs `node:util` parseArgs (called by the command, so its result type stays precise) and turns its
 * errors (unknown option, missing value, stray argument) into a one-line UsageError.
 */
export function parseWithUsage<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, "") : String(error);
    throw new UsageError(message, usage);
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T, usage: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`, usage);
}

export function nonNegativeInteger(name: string, value: string | undefined, fallback: number, usage: string): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number of days (got "${value}")`, usage);
  return Number(value.trim());
}

/** `a,b , c` → ["a","b","c"]; an empty list is a usage error. */
export function commaList(name: string, value: string | undefined, usage: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = [...new Set(value.split(",").map((item) => item.trim()).filter((item) => item !== ""))];
  if (items.length === 0) throw new UsageError(`--${name} needs at least one value, e.g. --${name} platform,payments`, usage);
  return items;
}

/** `--stack NAME [--cwd DIR]`: read the token and host from that stack's config; `--cwd` alone is a mistake. */
export function stackSelection(stack: string | undefined, cwd: string | undefined, baseDir: string, usage: string): StackSelection | undefined {
  if (stack === undefined) {
    if (cwd !== undefined) throw new UsageError("--cwd only applies with --stack (it is the directory of the stack's Pulumi project)", usage);
    return undefined;
  }
  if (stack.trim() === "") throw new UsageError("--stack needs a stack name, e.g. --stack dev", usage);
  return { stack: stack.trim(), cwd: resolve(baseDir, cwd ?? ".") };
}

export const STACK_OPTIONS_USAGE = `  --stack NAME             read launchdarkly:accessToken (secret) and launchdarkly:apiHost from this
                           stack's config with the Pulumi CLI, instead of the environment
  --cwd DIR                the stack's Pulumi project directory (default: the current directory)`;
