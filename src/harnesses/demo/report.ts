import type { FieldChange } from "../engine/field-changes";
import type { Step } from "../engine/harness-engine";

/** Printing for the demo: resource diffs as a reviewer reads them, and the requests LaunchDarkly saw. */
export interface LoggedRequest {
  method: string;
  path: string;
  query?: Record<string, string> | string;
  body?: unknown;
  status: number;
}

export interface StageSummary {
  title: string;
  /** Present for the harness engine; the CLI reports its own changes in its output. */
  steps: Step[] | undefined;
  requests: LoggedRequest[];
  ms: number;
}

const SYMBOL: Record<Step["op"], string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
  "refresh-changed": "~",
  "refresh-deleted": "-",
};

function shortType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic(\/[^:]+)?:/, "");
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describe(change: FieldChange): string {
  if (!("before" in change)) return `+ ${change.field}: ${show(change.after)}`;
  if (!("after" in change)) return `- ${change.field}: ${show(change.before)}`;
  return `~ ${change.field}: ${show(change.before)} → ${show(change.after)}`;
}

export function printSteps(steps: Step[]): void {
  const changed = steps.filter((s) => s.op !== "same");
  if (!changed.length) {
    console.log(`  no changes (${steps.length} resources unchanged)`);
    return;
  }
  for (const step of changed) {
    const note = step.op === "replace" ? ` (replace: ${step.replaces?.join(", ")})` : step.op.startsWith("refresh") ? ` (${step.op})` : "";
    console.log(`  ${SYMBOL[step.op].padEnd(2)} ${shortType(step.type)} ${step.name}${note}`);
    if (step.op === "update" || step.op === "replace" || step.op === "refresh-changed") {
      for (const change of step.changes) console.log(`       ${describe(change)}`);
    }
  }
  const same = steps.length - changed.length;
  if (same) console.log(`     ${same} unchanged`);
}

/** Interactive progress the CLI prints while it works; the outcome lines that follow say the same, once. */
const CLI_PROGRESS = [/\b(refreshing|creating|updating|deleting|running)\b( \(\d+s\))?\s*$/, /^\s*@ /, /^\s*(pulumi:pulumi:Stack|pulumi-nodejs:dynamic\/\S+) \S+\s*$/];

/** The CLI's own output, indented, without blank lines and progress chatter. */
export function printCliOutput(text: string): void {
  for (const line of text.split("\n")) {
    if (line.trim() === "" || CLI_PROGRESS.some((re) => re.test(line))) continue;
    console.log(`  | ${line}`);
  }
}

/**
 * Prints the writes LaunchDarkly received. `emailOf` names the members a request points at by id (paths and
 * semantic-patch member lists carry ids), so the reader sees who, not only an id.
 */
export function printRequests(requests: LoggedRequest[], emailOf: (memberId: string) => string | undefined = () => undefined): void {
  const reads = requests.filter((r) => r.method === "GET");
  const writes = requests.filter((r) => r.method !== "GET");
  console.log(`  LaunchDarkly requests: ${requests.length} (${writes.length} writes, ${reads.length} reads)`);
  for (const r of writes) {
    const body = r.body === undefined || r.body === null || r.body === "" ? "" : ` ${show(r.body)}`;
    console.log(`    ${r.method} ${r.path} → ${r.status}${body}`);
    const who = [...new Set(memberIdsIn(r).flatMap((id) => emailOf(id) ?? []))];
    if (who.length > 0) console.log(`      members: ${who.join(", ")}`);
  }
}

/** Member ids in a request: `/members/{id}` paths and the id lists of team semantic patches. */
function memberIdsIn(request: LoggedRequest): string[] {
  const ids: string[] = [];
  const inPath = /\/members\/([^/?]+)/.exec(request.path);
  if (inPath) ids.push(inPath[1]!);
  const instructions = (request.body as { instructions?: Array<{ values?: unknown; memberIDs?: unknown }> } | undefined)?.instructions;
  for (const instruction of Array.isArray(instructions) ? instructions : []) {
    for (const list of [instruction.values, instruction.memberIDs]) if (Array.isArray(list)) ids.push(...list.filter((v): v is string => typeof v === "string"));
  }
  return ids;
}

export function printSummary(stages: StageSummary[]): void {
  console.log("\n━━ Summary ━━");
  console.log("  stage".padEnd(70) + "changes  writes  reads   ms");
  for (const s of stages) {
    const changes = s.steps ? String(s.steps.filter((x) => x.op !== "same").length) : "-";
    const writes = s.requests.filter((r) => r.method !== "GET").length;
    const reads = s.requests.length - writes;
    console.log(`  ${s.title.slice(0, 66).padEnd(68)}${changes.padStart(7)}${String(writes).padStart(8)}${String(reads).padStart(7)}${String(s.ms).padStart(6)}`);
  }
}
