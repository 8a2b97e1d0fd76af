import type { PolicyStatement } from "../account/snapshot-types";
import { statementSummary } from "../review/format-statement";

/** One statement of a policy change: kept (` `), removed (`-`) or added (`+`). */
export interface PolicyDiffLine {
  mark: " " | "-" | "+";
  statement: PolicyStatement;
}

function canonicalKey(statement: PolicyStatement): string {
  const { effect, resources, notResources, actions, notActions } = statement;
  return JSON.stringify({ effect, resources, notResources, actions, notActions });
}

/**
 * The statements that changed between two policies, in order (statement order matters: deny beats allow
 * within a role, and reviewers read top to bottom). A longest common subsequence keeps unchanged statements
 * as context, so a statement edited in place reads as `-` old, `+` new.
 */
export function policyDiff(before: readonly PolicyStatement[], after: readonly PolicyStatement[]): PolicyDiffLine[] {
  const a = before.map(canonicalKey);
  const b = after.map(canonicalKey);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const lines: PolicyDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ mark: " ", statement: before[i]! });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      lines.push({ mark: "-", statement: before[i++]! });
    } else {
      lines.push({ mark: "+", statement: after[j++]! });
    }
  }
  return lines;
}

/** The diff as the lines of a ```diff block: `- deny * on proj/*:env/production:flag/*`. */
export function policyDiffText(lines: readonly PolicyDiffLine[]): string[] {
  return lines.map((line) => `${line.mark} ${statementSummary(line.statement)}`);
}
