import type { SnapshotMember } from "../account/snapshot-types";
import type { OrgData } from "./org-selection";

/** The native provider's resource type tokens (package `launchdarkly-access`). */
export const NATIVE_TYPE = {
  customRole: "launchdarkly-access:index:CustomRole",
  member: "launchdarkly-access:index:Member",
  team: "launchdarkly-access:index:Team",
  teamMembership: "launchdarkly-access:index:TeamMembership",
} as const;

export type NativeResourceType = (typeof NATIVE_TYPE)[keyof typeof NATIVE_TYPE];

/** One entry of `pulumi import --file`: the resource's type token, its Pulumi name, and the id its provider reads. */
export interface ImportFileResource {
  type: NativeResourceType;
  name: string;
  id: string;
}

/** The JSON file `pulumi import --file` reads (only the fields this package needs; no nameTable: default provider). */
export interface PulumiImportFile {
  resources: ImportFileResource[];
}

/**
 * The bulk-import file for the same selection the generated program adopts, for the native provider plugin:
 * any Pulumi language imports it with `pulumi import --file` and gets code generated from what `read` returns.
 * Names match the generated TypeScript program's (role key, email, team key, `teamKey/email`). Owners are
 * left out as Members (the API cannot manage them) but their team memberships are in. Memberships are always
 * TeamMembership resources, whatever `--memberships` chose for the TypeScript program: an imported Team never
 * manages `memberIds` (authoritative membership would fight the imported pairs).
 */
export function renderImportFile(org: OrgData, members: readonly SnapshotMember[]): PulumiImportFile {
  const idByEmail = new Map(members.map((m) => [m.email, m.id]));
  const memberId = (email: string): string => {
    const id = idByEmail.get(email);
    if (id === undefined) throw new Error(`${email} is in the selection but not in the account snapshot`);
    return id;
  };
  const resources: ImportFileResource[] = [
    ...org.roles.map((r) => ({ type: NATIVE_TYPE.customRole, name: r.key, id: r.key })),
    ...org.people.filter((p) => p.role !== "owner").map((p) => ({ type: NATIVE_TYPE.member, name: p.email, id: memberId(p.email) })),
    ...org.teams.map((t) => ({ type: NATIVE_TYPE.team, name: t.key, id: t.key })),
  ];
  for (const person of org.people) {
    for (const teamKey of person.teams) {
      resources.push({ type: NATIVE_TYPE.teamMembership, name: `${teamKey}/${person.email}`, id: `${teamKey}/${memberId(person.email)}` });
    }
  }
  return { resources };
}
