import type { PolicyStatement } from "../../core/resources/custom-role";
import type { AccessWorld, WorldMember } from "./access-world";

/** One grant a member holds: an effect, an action token (`updateOn`, `*`, `all except deleteFlag`) and a resource pattern. */
interface Grant {
  effect: "allow" | "deny";
  action: string;
  resource: string;
}

export interface MemberAccessDelta {
  memberKey: string;
  /** The email, or `member <id>` when only the id is known. */
  who: string;
  name?: string;
  /** The member is gone after the change (deleted or replaced): every role goes. */
  removed?: { roles: string[] };
  baseRole?: { from?: string; to?: string };
  gains: GrantGroup[];
  loses: GrantGroup[];
  newlyDenied: GrantGroup[];
  noLongerDenied: GrantGroup[];
  /** Any of the lines above touches a production environment. */
  production: boolean;
}

/** Actions on the resource patterns that share exactly that action set. */
export interface GrantGroup {
  actions: string[];
  resources: string[];
  production: boolean;
}

export interface DeltaOptions {
  /** Globs of production environment names (`production`, `prod-*`). */
  productionEnvs: readonly string[];
}

/** Per member, what changes between two worlds: actions gained or lost and on which resource patterns, production first. */
export function accessDeltas(before: AccessWorld, after: AccessWorld, options: DeltaOptions): MemberAccessDelta[] {
  const keys = [...new Set([...before.members.keys(), ...after.members.keys()])];
  const deltas: MemberAccessDelta[] = [];
  for (const key of keys) {
    const old = before.members.get(key);
    const now = after.members.get(key);
    const who = displayWho(key, now ?? old!);
    const name = (now ?? old)?.name;
    if (old && !now) {
      const roles = heldRoles(before, key, old).map((h) => h.role);
      deltas.push({ memberKey: key, who, ...(name ? { name } : {}), removed: { roles }, gains: [], loses: [], newlyDenied: [], noLongerDenied: [], production: roles.some((role) => (before.roles.get(role) ?? []).some((s) => statementTouchesProduction(s, options))) });
      continue;
    }
    const oldGrants = old ? grantsOf(before, key, old) : [];
    const newGrants = now ? grantsOf(after, key, now) : [];
    const gained = minus(newGrants, oldGrants);
    const lost = minus(oldGrants, newGrants);
    const delta: MemberAccessDelta = {
      memberKey: key,
      who,
      ...(name ? { name } : {}),
      gains: group(gained.filter((g) => g.effect === "allow"), options),
      loses: group(lost.filter((g) => g.effect === "allow"), options),
      newlyDenied: group(gained.filter((g) => g.effect === "deny"), options),
      noLongerDenied: group(lost.filter((g) => g.effect === "deny"), options),
      production: false,
    };
    if ((old?.baseRole ?? now?.baseRole) !== undefined && old?.baseRole !== now?.baseRole) delta.baseRole = { ...(old?.baseRole ? { from: old.baseRole } : {}), ...(now?.baseRole ? { to: now.baseRole } : {}) };
    const groups = [...delta.gains, ...delta.loses, ...delta.newlyDenied, ...delta.noLongerDenied];
    if (groups.length === 0 && !delta.baseRole) continue;
    delta.production = groups.some((g) => g.production) || delta.baseRole?.to === "admin";
    deltas.push(delta);
  }
  return deltas.sort((a, b) => Number(b.production) - Number(a.production) || a.who.localeCompare(b.who));
}

function displayWho(key: string, member: WorldMember): string {
  if (member.email) return member.email;
  return key.startsWith("<") ? key : `member ${key}`;
}

/** Custom roles held directly, then through each team the member is on (with that team's role attributes). */
function heldRoles(world: AccessWorld, key: string, member: WorldMember): { role: string; attributes?: Record<string, string[]> }[] {
  const held: { role: string; attributes?: Record<string, string[]> }[] = member.customRoles.map((role) => ({ role, ...(member.roleAttributes ? { attributes: member.roleAttributes } : {}) }));
  for (const [, team] of [...world.teams].sort(([a], [b]) => a.localeCompare(b))) {
    if (!team.memberIds.includes(key)) continue;
    const attributes = { ...(member.roleAttributes ?? {}), ...(team.roleAttributes ?? {}) };
    for (const role of team.roleKeys) held.push({ role, attributes });
  }
  return held;
}

function grantsOf(world: AccessWorld, key: string, member: WorldMember): Grant[] {
  const grants = new Map<string, Grant>();
  for (const { role, attributes } of heldRoles(world, key, member)) {
    for (const statement of world.roles.get(role) ?? []) {
      const resources = statement.notResources ? [`all except ${statement.notResources.join(", ")}`] : (statement.resources ?? []);
      const actions = statement.notActions ? [`all except ${statement.notActions.join(", ")}`] : (statement.actions ?? []);
      for (const pattern of resources) {
        // A placeholder the holder does not define grants nothing; an unknown member's attributes are not known, so it stays as written.
        const expanded = member.known ? expandPlaceholders(pattern, attributes ?? {}) : [pattern];
        for (const resource of expanded) {
          for (const action of actions) grants.set(`${statement.effect}\u0000${action}\u0000${resource}`, { effect: statement.effect, action, resource });
        }
      }
    }
  }
  return [...grants.values()];
}

export function expandPlaceholders(pattern: string, attributes: Record<string, string[]>): string[] {
  const match = /\$\{roleAttribute\/([A-Za-z0-9._-]+)\}/.exec(pattern);
  if (!match) return [pattern];
  const values = attributes[match[1]!] ?? [];
  return values.flatMap((value) => expandPlaceholders(pattern.replace(match[0], value), attributes));
}

function minus(a: Grant[], b: Grant[]): Grant[] {
  const keys = new Set(b.map((g) => `${g.effect}\u0000${g.action}\u0000${g.resource}`));
  return a.filter((g) => !keys.has(`${g.effect}\u0000${g.action}\u0000${g.resource}`));
}

/** Resources sharing one action set become one line; production lines first, then by resource. */
function group(grants: Grant[], options: DeltaOptions): GrantGroup[] {
  const byResource = new Map<string, string[]>();
  for (const g of grants) byResource.set(g.resource, [...(byResource.get(g.resource) ?? []), g.action]);
  const byActions = new Map<string, GrantGroup>();
  const productionFirst = ([a]: [string, string[]], [b]: [string, string[]]) =>
    Number(resourceTouchesProduction(b, options)) - Number(resourceTouchesProduction(a, options)) || a.localeCompare(b);
  for (const [resource, actions] of [...byResource].sort(productionFirst)) {
    const signature = actions.join("\u0000");
    const existing = byActions.get(signature);
    const production = resourceTouchesProduction(resource, options);
    if (existing) {
      existing.resources.push(resource);
      existing.production ||= production;
    } else byActions.set(signature, { actions, resources: [resource], production });
  }
  return [...byActions.values()].sort((a, b) => Number(b.production) - Number(a.production));
}

function statementTouchesProduction(statement: PolicyStatement, options: DeltaOptions): boolean {
  return statement.notResources !== undefined || (statement.resources ?? []).some((r) => resourceTouchesProduction(r, options));
}

/** An `env/` segment whose name can be a production environment: it matches a production glob, or is a glob or placeholder matching one. */
export function resourceTouchesProduction(resource: string, options: DeltaOptions): boolean {
  if (resource === "*" || resource.startsWith("all except ")) return true;
  for (const segment of resource.split(":")) {
    if (!segment.startsWith("env/")) continue;
    const name = segment.slice("env/".length).split(";")[0]!;
    if (name.includes("${")) return true;
    if (options.productionEnvs.some((glob) => globMatches(glob, name) || globMatches(name, glob))) return true;
  }
  return false;
}

function globMatches(glob: string, value: string): boolean {
  const pattern = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${pattern}$`).test(value);
}
