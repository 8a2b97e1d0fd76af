import type { EmulatorOptions } from "./options";

/**
 * The values each open-question switch accepts, for setting one switch from text (the emulator command's
 * `--option NAME=VALUE`). Typed against `EmulatorOptions`, so a new switch cannot be left out.
 */
type AcceptedValues<T> = [T] extends [boolean] ? "boolean" : [T] extends [number] ? readonly T[] | "positive integer" : readonly T[];

export const EMULATOR_OPTION_VALUES: { readonly [K in keyof EmulatorOptions]: AcceptedValues<EmulatorOptions[K]> } = {
  jsonPatchTestFailureStatus: [400, 409],
  duplicateTeamKeyStatus: [400, 409],
  limitAboveCap: ["clamp", "reject"],
  unknownTeamRoleKeys: ["drop", "reject"],
  allowDeletingAssignedRole: "boolean",
  nonPatchableMemberPath: ["reject", "ignore"],
  enterprise: "boolean",
  memberPageCap: "positive integer",
  teamPageCap: "positive integer",
  rolePageCap: "positive integer",
  links: ["full", "self-only"],
  nulls: "boolean",
  undocumentedQueryValues: ["ignore", "reject"],
  unknownMemberIds: ["reject", "ignore"],
  teamFilter: ["exact", "substring"],
  resourceCategoryPatch: ["allow", "reject"],
  inviteInvalidEmails: ["all", "first"],
  bulkTeamInstructions: ["one", "several"],
  bulkUnchangedTeams: ["omitted", "listed"],
  bulkTeamPatch: ["served", "forbidden", "method-not-allowed"],
};

export type OptionAssignment = { [K in keyof EmulatorOptions]: { name: K; value: EmulatorOptions[K] } }[keyof EmulatorOptions];

/** `NAME=VALUE` as one switch's setting, or the reason it is not one (naming what is accepted). */
export function parseOptionAssignment(text: string): OptionAssignment | { error: string } {
  const at = text.indexOf("=");
  const name = (at < 0 ? text : text.slice(0, at)).trim();
  const raw = at < 0 ? "" : text.slice(at + 1).trim();
  if (!Object.hasOwn(EMULATOR_OPTION_VALUES, name)) {
    return { error: `no switch is named "${name}"; the switches are ${Object.keys(EMULATOR_OPTION_VALUES).join(", ")}` };
  }
  const key = name as keyof EmulatorOptions;
  const accepted: "boolean" | "positive integer" | readonly (string | number)[] = EMULATOR_OPTION_VALUES[key];
  if (at < 0 || raw === "") return { error: `${key} needs a value: ${describe(accepted)}` };
  if (accepted === "boolean") {
    if (raw === "true" || raw === "false") return { name: key, value: raw === "true" } as OptionAssignment;
  } else if (accepted === "positive integer") {
    if (/^[1-9]\d*$/.test(raw)) return { name: key, value: Number(raw) } as OptionAssignment;
  } else {
    const match = accepted.find((value) => String(value) === raw);
    if (match !== undefined) return { name: key, value: match } as OptionAssignment;
  }
  return { error: `${key} must be ${describe(accepted)} (got "${raw}")` };
}

function describe(accepted: "boolean" | "positive integer" | readonly (string | number)[]): string {
  if (accepted === "boolean") return "true or false";
  if (accepted === "positive integer") return "a positive integer";
  return accepted.map(String).join(" or ");
}
