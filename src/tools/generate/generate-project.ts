import type { AccountSnapshot } from "../account/snapshot-types";
import { selectOrg, type MembershipStyle, type OrgData } from "./org-selection";
import { renderOrgFile } from "./render-org-file";
import { renderProgram } from "./render-program";
import { renderProjectFiles } from "./render-project-files";

export interface GenerateOptions {
  projectName: string;
  teams?: readonly string[];
  memberships: MembershipStyle;
}

export interface GeneratedProject {
  org: OrgData;
  /** File name → content. */
  files: Record<string, string>;
}

/** Pure: the snapshot and options in, the project's files out. */
export function generateProject(snapshot: AccountSnapshot, options: GenerateOptions): GeneratedProject {
  const org = selectOrg(snapshot, options.teams);
  const header = { apiHost: snapshot.apiHost, readAt: snapshot.readAt, ...(options.teams ? { teams: options.teams } : {}) };
  return {
    org,
    files: {
      "org.ts": renderOrgFile(org, header),
      "index.ts": renderProgram(options.memberships),
      ...renderProjectFiles(options.projectName),
    },
  };
}
