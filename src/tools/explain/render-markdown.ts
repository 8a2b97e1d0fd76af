import type { ApiRequest } from "../../core/client/http";
import { compactJson } from "./compact-json";
import type { ExplainPlan } from "./plan";
import { policyDiffText } from "./policy-diff";
import type { PlannedRequest, PlannedStep } from "./planned-request";


function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The one line a reviewer reads first: `1 create, 2 updates, 1 delete, 2 replaces, 9 requests`. */
export function summaryLine(plan: ExplainPlan): string {
  const { creates, updates, deletes, replaces } = plan.counts;
  const { min, max } = plan.requestRange;
  const requests = min === max ? plural(min, "request") : `${min}–${max} requests (invites and team memberships coalesce: ${min} when they reach the provider together)`;
  const parts = [plural(creates, "create"), plural(updates, "update"), plural(deletes, "delete")];
  if (replaces > 0) parts.push(plural(replaces, "replace"));
  return `${parts.join(", ")}, ${requests}`;
}

/** `PATCH /api/v2/teams/platform?expand=roles,maintainers` as the request line shows it (query unencoded for reading). */
export function requestLine(request: ApiRequest): string {
  const query = Object.entries(request.query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join("&");
  return `${request.method} ${request.path}${query ? `?${query}` : ""}`;
}

function renderRequest(lines: string[], planned: PlannedRequest): void {
  const { request, caveat, policyDiff } = planned;
  lines.push(`\`${requestLine(request)}\``);
  if (request.contentType) lines.push(`Content-Type: \`${request.contentType}\``);
  if (request.apiVersion) lines.push(`LD-API-Version: \`${request.apiVersion}\``);
  if (request.body !== undefined) {
    if (caveat) lines.push("", `> **Body known only at up:** ${caveat}`);
    else if (policyDiff) {
      // Reviewers read the statements that change; the body (the whole new policy) stays one click away.
      lines.push("", "Policy statements that change (`-` removed, `+` added; the request replaces `/policy` whole):", "", "```diff", ...policyDiffText(policyDiff), "```");
      lines.push("", "<details><summary>Request body</summary>", "", "```json", compactJson(request.body), "```", "", "</details>");
    } else lines.push("", "```json", compactJson(request.body), "```");
  } else if (caveat) {
    lines.push("", `> ${caveat}`);
  }
  lines.push("");
}

function stepHeading(step: PlannedStep): string {
  if (step.op === "invite-members") return `### invite ${step.people?.length === 1 ? `Member \`${step.people[0]!.id}\`` : `${step.people?.length ?? 0} Members`}`;
  if (step.op === "add-team-members") {
    const teams = step.name.split(", ");
    return `### add members to ${teams.length > 1 ? "Teams" : "Team"} ${teams.map((team) => `\`${team}\``).join(", ")} (TeamMembership)`;
  }
  if (step.op === "remove-team-members") return `### remove members from Team \`${step.name}\` (TeamMembership)`;
  const id = step.id !== undefined && step.id !== step.name ? ` (id \`${step.id}\`)` : "";
  const reasons = step.replaceReasons?.length ? `, because ${step.replaceReasons.map((r) => `\`${r}\``).join(", ")} changed` : "";
  return `### ${step.replaced ? "delete replaced" : step.op} ${step.typeName} \`${step.name}\`${id}${reasons}`;
}

/** `**Who:** \`1607…\` is ada@example.com, …`: the members a step's requests name, by email. */
function peopleLine(step: PlannedStep): string | undefined {
  if (!step.people?.length) return undefined;
  return `**Who:** ${step.people.map((person) => `\`${person.id}\` is ${person.email}`).join("; ")}`;
}

/** Markdown ready to post as a pull-request comment. */
export function renderExplainMarkdown(plan: ExplainPlan, title = `LaunchDarkly requests \`pulumi ${plan.command}\` will send`, accessChanges?: string): string {
  const lines = [`## ${title}`, "", `**${summaryLine(plan)}**`, ""];
  for (const warning of plan.warnings ?? []) lines.push(`> **Warning:** ${warning}`, "");
  if (plan.steps.length === 0) lines.push(`No LaunchDarkly changes: \`${plan.command}\` sends no write requests.`, "");
  for (const step of plan.steps) {
    lines.push(stepHeading(step), "");
    const who = peopleLine(step);
    if (who) lines.push(who, "");
    // A step whose notes say where its work goes (e.g. a replace whose invite joins the invite step) needs no "No request." line.
    if (step.requests.length === 0 && step.notes.length === 0) lines.push("No request.", "");
    for (const planned of step.requests) renderRequest(lines, planned);
    for (const note of step.notes) lines.push(`> ${note}`, "");
  }
  if (plan.skipped.length > 0) {
    lines.push("### Not explained", "");
    for (const skip of plan.skipped) lines.push(`- \`${skip.urn}\` (${skip.op}): ${skip.reason}`);
    lines.push("");
  }
  if (accessChanges !== undefined) lines.push(accessChanges);
  lines.push(
    `<sub>Steps are in the order \`${plan.command}\` sends them: creates, invites and updates, team membership additions, membership removals, ` +
      "then deletes (what points at an object is removed before the object). " +
      "Reads are not listed except where a body depends on them. " +
      (plan.command === "up" ? "Ids in `<…>` exist only once `up` creates the resource. " : "") +
      "Generated by `pulumi-launchdarkly-access explain` from `pulumi preview --json`.</sub>",
    "",
  );
  return lines.join("\n");
}
