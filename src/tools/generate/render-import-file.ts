import { RESOURCE_TOKENS } from "../../core/native/tokens";
import type { ResourceKind } from "../../core/resources/props";
import type { SnapshotMember } from "../account/snapshot-types";
import type { OrgData } from "./org-selection";

/**
 * One entry of `pulumi import --file`: the resource's type token, the id its provider reads, its Pulumi name
 * (`logicalName`, in the URN) and the variable the generated code gives it (`name`).
 */
export interface ImportFileResource {
  /** The native plugin's type token, e.g. `launchdarkly-access:index:Team`. */
  type: string;
  name: string;
  logicalName: string;
  id: string;
}

/** The JSON file `pulumi import --file` reads (only the fields this package needs; no nameTable: default provider). */
export interface PulumiImportFile {
  resources: ImportFileResource[];
}

/**
 * The bulk-import file for the same selection the generated program adopts, for the native provider plugin:
 * any Pulumi language imports it with `pulumi import --file` and gets code generated from what `read` returns.
 * Logical names match the generated TypeScript program's (role key, email, team key, `teamKey/email`); the
 * variable names are those made identifiers, since the import's code generator refers to one imported
 * resource from another by variable (a membership's `memberId` becomes `grace_example_com.id`) and keeps
 * characters such as `@` that no language accepts there. Owners are left out as Members (the API cannot
 * manage them) but their team memberships are in. Memberships are always TeamMembership resources, whatever
 * `--memberships` chose for the TypeScript program: an imported Team never manages `memberIds`
 * (authoritative membership would fight the imported pairs).
 */
export function renderImportFile(org: OrgData, members: readonly SnapshotMember[]): PulumiImportFile {
  const idByEmail = new Map(members.map((m) => [m.email, m.id]));
  const memberId = (email: string): string => {
    const id = idByEmail.get(email);
    if (id === undefined) throw new Error(`${email} is in the selection but not in the account snapshot`);
    return id;
  };
  const entry = (kind: ResourceKind, logicalName: string, id: string): ImportFileResource => ({
    type: RESOURCE_TOKENS[kind],
    name: identifierFor(logicalName),
    logicalName,
    id,
  });
  const resources: ImportFileResource[] = [
    ...org.roles.map((r) => entry("customRole", r.key, r.key)),
    ...org.people.filter((p) => p.role !== "owner").map((p) => entry("member", p.email, memberId(p.email))),
    ...org.teams.map((t) => entry("team", t.key, t.key)),
  ];
  for (const person of org.people) {
    for (const teamKey of person.teams) {
      resources.push(entry("teamMembership", `${teamKey}/${person.email}`, `${teamKey}/${memberId(person.email)}`));
    }
  }
  return { resources };
}

/** A variable name every Pulumi language accepts: letters, digits and `_`, not starting with a digit. */
function identifierFor(logicalName: string): string {
  const identifier = logicalName.replace(/[^A-Za-z0-9_]+/g, "_");
  return /^[0-9]/.test(identifier) ? `_${identifier}` : identifier;
}
