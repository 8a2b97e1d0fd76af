import { vi } from "vitest";

/**
 * Everything a test run prints: console calls (vitest's own console) and raw writes to stdout/stderr
 * (pulumi.log, libraries writing directly). Collected as text so it can be searched for a secret.
 */
export function captureOutput() {
  const chunks: string[] = [];
  const restore: Array<() => void> = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === "string" ? a : a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(" "));
    });
    restore.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  return {
    text: () => chunks.join("\n"),
    stop: () => restore.splice(0).forEach((undo) => undo()),
  };
}

/** Everything about an error a user or a log could see: message, stack, own fields, cause chain. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? "", JSON.stringify({ ...current }));
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      parts.push(typeof current === "string" ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join("\n");
}

/** A token that cannot appear anywhere by accident; its tail also catches a partly redacted copy. */
export const SECRET_TOKEN = "api-HYGIENE-5ecre7-7e57-0123456789abcdef";
export const SECRET_FRAGMENTS = [SECRET_TOKEN, "5ecre7-7e57-0123456789abcdef"];

export function leaks(text: string): string[] {
  return SECRET_FRAGMENTS.filter((fragment) => text.includes(fragment));
}

/**
 * Everything a test produced, as text to search for the token: `keep` records a value, `settle` runs a
 * call and records its result or its error (so failing paths are searched too).
 */
export function producedLog() {
  const produced: string[] = [];
  const keep = (label: string, value: unknown) => produced.push(`${label}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  async function settle<T>(label: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      keep(label, result);
      return result;
    } catch (err) {
      keep(`${label} error`, errorText(err));
      return undefined;
    }
  }
  return { produced, keep, settle };
}
