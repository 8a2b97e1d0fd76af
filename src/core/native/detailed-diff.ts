import { isDeepStrictEqual } from "node:util";
import { withoutCheckOnlyFields } from "../policy/check-only-fields";
import { containsUnknown } from "../resources/common-schemas";
import type { Props, ResourceKind } from "../resources/props";

/** The kinds of `pulumirpc.PropertyDiff`, by name. */
export type PropertyDiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

/** Property path (`customRoleKeys[2]`, `roleAttributes.envs[0]`, `policy[1].actions[0]`) → what changes there. */
export type DetailedDiff = Record<string, PropertyDiffKind>;

/** List properties that are sets: an element is added or removed, never moved (they are kept sorted). */
const SET_PROPERTIES: Record<ResourceKind, readonly string[]> = {
  customRole: [],
  member: ["customRoles"],
  team: ["customRoleKeys", "maintainers", "memberIds"],
  teamMembership: [],
};

/** `roleAttributes.<key>` lists are sets too. */
const SET_VALUED_MAPS = ["roleAttributes"];

type Same = (olds: Props, news: Props) => boolean;
/** Where the core compares a property other than by value, the same rule here, so that no phantom entry shows. */
const SAME_VALUE: Partial<Record<ResourceKind, Record<string, Same>>> = {
  member: {
    email: (olds, news) => String(olds.email ?? "").toLowerCase() === String(news.email).toLowerCase(),
    firstName: (olds, news) => sameName(olds, news, "firstName"),
    lastName: (olds, news) => sameName(olds, news, "lastName"),
  },
  customRole: {
    description: (olds, news) => (olds.description ?? "") === news.description,
  },
};

/** A name the program already asked for in an earlier `up` is no change (the API cannot change names). */
function sameName(olds: Props, news: Props, field: "firstName" | "lastName"): boolean {
  const requested = (olds.__namesRequested ?? {}) as Record<string, unknown>;
  return (olds[field] ?? "") === news[field] || requested[field] === news[field];
}

/**
 * Per-property, element-level changes from the previous outputs (`olds`) to the checked inputs (`news`),
 * for the properties the program sets (an unset optional input is not managed, so never a change). Entries
 * under a property in `replaces` are replace kinds. The core's diff decides whether anything changes; this
 * only says where, for `pulumi preview --diff`.
 */
export function detailedDiff(kind: ResourceKind, olds: Props, news: Props, replaces: readonly string[]): DetailedDiff {
  const entries: DetailedDiff = {};
  const record = (path: string, change: "add" | "delete" | "update") => {
    const top = path.match(/^[^.[]+/)?.[0] ?? path;
    entries[path] = replaces.includes(top) ? (`${change}Replace` as PropertyDiffKind) : change;
  };
  for (const [property, value] of Object.entries(news)) {
    if (property.startsWith("__") || value === undefined) continue;
    const same = SAME_VALUE[kind]?.[property];
    if (same && !containsUnknown(value) && same(olds, news)) continue;
    const comparable = property === "policy" ? withoutCheckOnlyFields : <T>(v: T) => v;
    diffValue(property, comparable(olds[property]), comparable(value), SET_PROPERTIES[kind].includes(property), SET_VALUED_MAPS.includes(property), record);
  }
  for (const property of replaces) if (!Object.keys(entries).some((path) => path === property || path.startsWith(`${property}.`) || path.startsWith(`${property}[`))) record(property, "update");
  return entries;
}

function diffValue(
  path: string,
  old: unknown,
  next: unknown,
  isSet: boolean,
  valuesAreSets: boolean,
  record: (path: string, change: "add" | "delete" | "update") => void,
): void {
  if (next === undefined) {
    if (old !== undefined) record(path, "delete");
    return;
  }
  if (containsUnknown(next)) return record(path, "update");
  if (old === undefined || old === null) return next === null ? undefined : record(path, "add");
  if (isDeepStrictEqual(old, next)) return;
  if (Array.isArray(old) && Array.isArray(next)) {
    if (isSet) {
      next.forEach((element, index) => {
        if (!old.some((held) => isDeepStrictEqual(held, element))) record(`${path}[${index}]`, "add");
      });
      old.forEach((element, index) => {
        if (!next.some((wanted) => isDeepStrictEqual(wanted, element))) record(`${path}[${index}]`, "delete");
      });
      return;
    }
    for (let index = 0; index < Math.max(old.length, next.length); index++) diffValue(`${path}[${index}]`, old[index], next[index], false, false, record);
    return;
  }
  if (isPlainObject(old) && isPlainObject(next)) {
    for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
      diffValue(`${path}${propertyKeyPath(key)}`, old[key], next[key], valuesAreSets, false, record);
    }
    return;
  }
  record(path, "update");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Pulumi property path syntax: `.key` for plain names, `["key"]` for anything else. */
function propertyKeyPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
