import { invalidRequest } from "./handlers/errors";
import type { EmulatorOptions } from "./options";
import type { EmulatorStore, MemberRecord } from "./store";

/**
 * `GET /members?filter=…&sort=…`. Filter syntax: comma-separated `field:value`, AND-combined,
 * `|` between alternative values. Fields: query, role, id, email, team, noteam, lastSeen.
 * `team` matches the key exactly or, with `teamFilter: "substring"`, any key containing the value (the
 * spec's "matches against" is the wording it also uses for the substring `query` filter).
 */
export function filterMembers(
  store: EmulatorStore,
  members: MemberRecord[],
  filter: string | null,
  teamFilter: EmulatorOptions["teamFilter"],
): MemberRecord[] {
  if (filter === null || filter.trim() === "") return members;
  const predicates = splitFilter(filter).map(([field, value]) => memberPredicate(store, field, value, teamFilter));
  return members.filter((member) => predicates.every((matches) => matches(member)));
}

function splitFilter(filter: string): [string, string][] {
  // lastSeen takes a JSON object, which may itself contain commas; split only on commas followed by `field:`.
  return filter
    .split(/,(?=\s*[A-Za-z]+:)/)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const colon = part.indexOf(":");
      if (colon < 1) throw invalidRequest(`Invalid filter "${part}"; expected field:value`);
      return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
    });
}

function memberPredicate(
  store: EmulatorStore,
  field: string,
  value: string,
  teamFilter: EmulatorOptions["teamFilter"],
): (member: MemberRecord) => boolean {
  const alternatives = value.split("|").map((alternative) => alternative.trim()).filter((alternative) => alternative !== "");
  switch (field) {
    case "query": {
      const needle = value.toLowerCase();
      return (member) =>
        [member.email, member.firstName ?? "", member.lastName ?? "", `${member.firstName ?? ""} ${member.lastName ?? ""}`].some((text) =>
          text.toLowerCase().includes(needle),
        );
    }
    case "role": {
      const wanted = alternatives.map((role) => role.toLowerCase());
      return (member) => {
        const base = member.role === "owner" ? "admin" : member.role;
        if (wanted.includes(base) || wanted.includes(member.role)) return true;
        return member.customRoles.some((id) => {
          const role = store.resolveRole(id);
          return role !== undefined && (wanted.includes(role.key.toLowerCase()) || wanted.includes(role._id));
        });
      };
    }
    case "id":
      return (member) => alternatives.includes(member._id);
    case "email": {
      const wanted = alternatives.map((email) => email.toLowerCase());
      return (member) => wanted.includes(member.email);
    }
    case "team": {
      const wanted = value.toLowerCase();
      const matches = teamFilter === "substring" ? (key: string) => key.includes(wanted) : (key: string) => key === wanted;
      return (member) => store.teamsOfMember(member._id).some((team) => matches(team.key.toLowerCase()));
    }
    case "noteam": {
      if (value !== "true" && value !== "false") throw invalidRequest("noteam filter takes true or false");
      const noTeam = value === "true";
      return (member) => (store.teamsOfMember(member._id).length === 0) === noTeam;
    }
    case "lastSeen":
      return lastSeenPredicate(value);
    default:
      throw invalidRequest(`Unsupported member filter field "${field}"`);
  }
}

function lastSeenPredicate(value: string): (member: MemberRecord) => boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidRequest("lastSeen filter takes a JSON object");
  }
  const spec = (parsed ?? {}) as { never?: boolean; noData?: boolean; before?: number };
  if (spec.never || spec.noData) return (member) => member._lastSeen === 0;
  if (typeof spec.before === "number") {
    const before = spec.before;
    return (member) => member._lastSeen !== 0 && member._lastSeen < before;
  }
  throw invalidRequest("lastSeen filter takes {\"never\":true}, {\"noData\":true} or {\"before\":<ms>}");
}

/** `sort=displayName|lastSeen`, `-` prefix for descending. Never-seen members sort as oldest. */
export function sortMembers(members: MemberRecord[], sort: string | null): MemberRecord[] {
  if (sort === null || sort === "") return members;
  const descending = sort.startsWith("-");
  const field = descending ? sort.slice(1) : sort;
  let compare: (a: MemberRecord, b: MemberRecord) => number;
  if (field === "displayName") {
    const name = (member: MemberRecord) => (`${member.firstName ?? ""} ${member.lastName ?? ""}`.trim() || member.email).toLowerCase();
    compare = (a, b) => name(a).localeCompare(name(b));
  } else if (field === "lastSeen") {
    compare = (a, b) => a._lastSeen - b._lastSeen;
  } else {
    throw invalidRequest(`Unsupported sort field "${field}"`);
  }
  const sorted = [...members].sort(compare);
  return descending ? sorted.reverse() : sorted;
}
