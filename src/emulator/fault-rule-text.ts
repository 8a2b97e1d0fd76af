import { FAULT_KINDS, type FaultKind, type FaultRule } from "./faults";

/** The numeric fields of a rule, with what each accepts. */
const NUMBER_FIELDS = {
  count: "a positive integer",
  probability: "a number from 0 to 1",
  latencyMs: "a whole number of ms",
  retryAfterSeconds: "a whole number of seconds",
  resetInMs: "a whole number of ms",
} as const satisfies Partial<Record<keyof FaultRule, string>>;

type NumberField = keyof typeof NUMBER_FIELDS;

function numberFor(field: NumberField, raw: string): number | undefined {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) return undefined;
  if (field === "probability") return value >= 0 && value <= 1 ? value : undefined;
  if (!Number.isInteger(value) || value < 0) return undefined;
  return field === "count" && value === 0 ? undefined : value;
}

/**
 * A fault rule written as text (the emulator command's `--fault`): `KIND[,method=M][,path=P][,count=N]…`,
 * e.g. `reset-after,method=POST,path=/api/v2/members,count=1` (the next invite is applied, then its
 * connection reset). `path` is exact, or a prefix ending in `*`. Returns the reason when it is not a rule.
 */
export function parseFaultRule(text: string): FaultRule | { error: string } {
  const [kindText = "", ...fields] = text.split(",").map((part) => part.trim());
  if (!(FAULT_KINDS as readonly string[]).includes(kindText)) return { error: `the kind must be one of ${FAULT_KINDS.join(", ")} (got "${kindText}")` };
  const rule: FaultRule = { kind: kindText as FaultKind };
  for (const field of fields) {
    const at = field.indexOf("=");
    const name = at < 0 ? field : field.slice(0, at);
    const raw = at < 0 ? "" : field.slice(at + 1);
    if (name === "method" && /^[A-Za-z]+$/.test(raw)) rule.method = raw.toUpperCase();
    else if (name === "path" && raw.startsWith("/")) rule.path = raw;
    else if (Object.hasOwn(NUMBER_FIELDS, name)) {
      const value = numberFor(name as NumberField, raw);
      if (value === undefined) return { error: `${name} must be ${NUMBER_FIELDS[name as NumberField]} (got "${raw}")` };
      rule[name as NumberField] = value;
    } else if (name === "method" || name === "path") {
      return { error: name === "method" ? `method must be an HTTP method such as POST (got "${raw}")` : `path must start with / (got "${raw}")` };
    } else {
      return { error: `unknown field "${name}"; the fields are method, path, ${Object.keys(NUMBER_FIELDS).join(", ")}` };
    }
  }
  return rule;
}
