/**
 * `${{ … }}` in a workflow's `env` and `with` values, for the local job runner. Only property paths into the
 * contexts the runner provides are evaluated (`secrets.X`, `vars.X`, `github.event.…`, `runner.temp`,
 * `steps.<id>.outputs.<name>`); operators and functions throw. As on GitHub, a missing property reads as "".
 */
export interface ExpressionContexts {
  secrets: Record<string, string>;
  vars: Record<string, string>;
  github: Record<string, unknown>;
  runner: { temp: string };
  steps: Record<string, { outputs: Record<string, string>; outcome: string }>;
}

const EXPRESSION = /\$\{\{(.*?)\}\}/g;
const PROPERTY_PATH = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/;

export class UnsupportedExpressionError extends Error {
  constructor(expression: string, why: string) {
    super(`\${{ ${expression} }}: ${why}`);
    this.name = "UnsupportedExpressionError";
  }
}

function evaluate(expression: string, contexts: ExpressionContexts): string {
  if (!PROPERTY_PATH.test(expression)) throw new UnsupportedExpressionError(expression, "only property paths are evaluated by the local runner");
  const [root, ...path] = expression.split(".");
  if (!Object.hasOwn(contexts, root!)) throw new UnsupportedExpressionError(expression, `the local runner has no \`${root}\` context`);
  let value: unknown = contexts[root as keyof ExpressionContexts];
  for (const key of path) {
    value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined || value === null) return "";
  if (typeof value === "object") throw new UnsupportedExpressionError(expression, "names an object, not a value");
  return String(value);
}

export function interpolate(text: string, contexts: ExpressionContexts): string {
  return text.replace(EXPRESSION, (_match, expression: string) => evaluate(expression.trim(), contexts));
}

export function containsExpression(text: string): boolean {
  return text.includes("${{");
}
