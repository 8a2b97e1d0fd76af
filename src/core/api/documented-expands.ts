/**
 * The `expand` values LaunchDarkly documents for each operation this package calls (from each operation's
 * "Expanding the … response" section in LaunchDarkly's OpenAPI spec, keyed by operationId). Only these are
 * sent: a server may answer 400 to any other (emulator switch `undocumentedQueryValues`). Operations missing
 * here document no `expand` at all. test/contract checks this table against the spec.
 */
export const DOCUMENTED_EXPANDS = {
  getMembers: ["customRoles", "roleAttributes"],
  getMember: ["roleAttributes"],
  getTeams: ["members", "roles", "roleAttributes", "projects", "maintainers"],
  getTeam: ["members", "roles", "roleAttributes", "projects", "maintainers"],
  /** No `roleAttributes`, unlike getTeam. */
  postTeam: ["members", "roles", "projects", "maintainers"],
  /** No `roleAttributes`, unlike getTeam. */
  patchTeam: ["members", "roles", "projects", "maintainers"],
} as const satisfies Record<string, readonly string[]>;

export type ExpandingOperation = keyof typeof DOCUMENTED_EXPANDS;

/** The expand values `operationId` documents, as a type: passing another one does not compile. */
export type ExpandOf<Op extends ExpandingOperation> = (typeof DOCUMENTED_EXPANDS)[Op][number];
