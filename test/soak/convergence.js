"use strict";
/**
 * Compares the emulator's account with the desired organisation, field by field, and lists every
 * difference (an empty list means LaunchDarkly holds exactly what the program says, nothing more).
 * Also checks the state: every id in it names a live object, and every live object has a state entry.
 */

const sorted = (values) => [...(values ?? [])].sort();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function canonicalPolicy(policy) {
  return (policy ?? []).map((s) => {
    const out = { effect: s.effect };
    for (const field of ["resources", "notResources", "actions", "notActions"]) if (s[field] && s[field].length > 0) out[field] = s[field];
    return out;
  });
}

function canonicalAttributes(attributes) {
  const out = {};
  for (const key of Object.keys(attributes ?? {}).sort()) out[key] = sorted(attributes[key]);
  return out;
}

/**
 * The desired inputs of every resource, resolved against the engine's state (member ids, team keys).
 * A resource whose dependency never made it into state cannot be resolved: it is listed in `unresolved`.
 */
function resolveDesired(resources, outputsOf) {
  const resolved = [];
  const unresolved = [];
  for (const r of resources) {
    try {
      resolved.push({ urn: r.urn, kind: r.kind, inputs: r.inputs(outputsOf) });
    } catch {
      unresolved.push(r.urn);
    }
  }
  return { resolved, unresolved };
}

/**
 * @param {any} store the emulator store
 * @param {Array<{urn:string, kind:string, inputs:object}>} desired resolved desired resources
 * @param {Map<string, {kind:string, id:string}>} state the engine's state
 * @returns {string[]} differences
 */
function differences(store, desired, state) {
  const diffs = [];
  const ownerId = store.owner._id;
  const roleKeyById = new Map([...store.roles.values()].map((r) => [r._id, r.key]));

  const roles = desired.filter((r) => r.kind === "customRole").map((r) => r.inputs);
  const liveRoles = [...store.roles.values()];
  if (!same(sorted(roles.map((r) => r.key)), sorted(liveRoles.map((r) => r.key)))) diffs.push(`role keys differ: ${liveRoles.length} live, ${roles.length} desired`);
  for (const want of roles) {
    const live = store.roles.get(want.key);
    if (!live) continue;
    if (live.name !== want.name) diffs.push(`role ${want.key}: name ${live.name}`);
    if ((live.description ?? "") !== (want.description ?? "")) diffs.push(`role ${want.key}: description ${live.description}`);
    if (!same(canonicalPolicy(live.policy), canonicalPolicy(want.policy))) diffs.push(`role ${want.key}: policy differs`);
    if (live.basePermissions !== (want.basePermissions ?? "no_access")) diffs.push(`role ${want.key}: basePermissions ${live.basePermissions}`);
  }

  const members = desired.filter((r) => r.kind === "member").map((r) => r.inputs);
  const liveMembers = [...store.members.values()].filter((m) => m._id !== ownerId);
  const liveEmails = liveMembers.map((m) => m.email);
  if (new Set(liveEmails).size !== liveEmails.length) diffs.push("two members share an email");
  if (!same(sorted(members.map((m) => m.email.toLowerCase())), sorted(liveEmails))) diffs.push(`member emails differ: ${liveMembers.length} live, ${members.length} desired`);
  for (const want of members) {
    const live = store.memberByEmail(want.email);
    if (!live) continue;
    if (live.role !== (want.role ?? "reader")) diffs.push(`member ${want.email}: role ${live.role}`);
    const liveRoleKeys = sorted(live.customRoles.map((id) => roleKeyById.get(id) ?? id));
    if (!same(liveRoleKeys, sorted(want.customRoles))) diffs.push(`member ${want.email}: customRoles ${liveRoleKeys}`);
    if (!same(canonicalAttributes(live.roleAttributes), canonicalAttributes(want.roleAttributes))) diffs.push(`member ${want.email}: roleAttributes differ`);
  }

  const teams = desired.filter((r) => r.kind === "team").map((r) => r.inputs);
  const membershipsByTeam = new Map();
  for (const m of desired.filter((r) => r.kind === "teamMembership")) {
    if (!membershipsByTeam.has(m.inputs.teamKey)) membershipsByTeam.set(m.inputs.teamKey, []);
    membershipsByTeam.get(m.inputs.teamKey).push(m.inputs.memberId);
  }
  const liveTeams = [...store.teams.values()];
  if (!same(sorted(teams.map((t) => t.key)), sorted(liveTeams.map((t) => t.key)))) diffs.push(`team keys differ: ${liveTeams.length} live, ${teams.length} desired`);
  for (const want of teams) {
    const live = store.teams.get(want.key);
    if (!live) continue;
    if (live.name !== want.name) diffs.push(`team ${want.key}: name ${live.name}`);
    if ((live.description ?? "") !== (want.description ?? "")) diffs.push(`team ${want.key}: description ${live.description}`);
    if (!same(sorted(live.customRoleKeys), sorted(want.customRoleKeys))) diffs.push(`team ${want.key}: customRoleKeys ${live.customRoleKeys}`);
    if (!same(sorted(store.maintainerIds(live)), sorted(want.maintainers))) diffs.push(`team ${want.key}: maintainers differ`);
    const wantMembers = sorted(membershipsByTeam.get(want.key));
    if (!same(sorted(live.memberIds), wantMembers)) diffs.push(`team ${want.key}: ${live.memberIds.length} members, ${wantMembers.length} desired`);
  }

  diffs.push(...stateDifferences(store, state));
  return diffs;
}

/** Orphans (live objects nothing in state owns) and dangling state (ids of objects that do not exist). */
function stateDifferences(store, state) {
  const diffs = [];
  const ids = { member: new Set(), team: new Set(), customRole: new Set() };
  for (const entry of state.values()) {
    if (entry.kind === "member") {
      ids.member.add(entry.id);
      if (!store.members.has(entry.id)) diffs.push(`state ${entry.urn}: member ${entry.id} does not exist`);
    } else if (entry.kind === "team") {
      ids.team.add(entry.id);
      if (!store.teams.has(entry.id)) diffs.push(`state ${entry.urn}: team ${entry.id} does not exist`);
    } else if (entry.kind === "customRole") {
      ids.customRole.add(entry.id);
      if (!store.roles.has(entry.id)) diffs.push(`state ${entry.urn}: role ${entry.id} does not exist`);
    } else if (entry.kind === "teamMembership") {
      const [teamKey, memberId] = entry.id.split("/");
      if (!store.teams.get(teamKey)?.memberIds.includes(memberId)) diffs.push(`state ${entry.urn}: pair ${entry.id} does not exist`);
    }
  }
  for (const member of store.members.values()) {
    if (member._id !== store.owner._id && !ids.member.has(member._id)) diffs.push(`orphan member ${member.email}`);
  }
  for (const key of store.teams.keys()) if (!ids.team.has(key)) diffs.push(`orphan team ${key}`);
  for (const key of store.roles.keys()) if (!ids.customRole.has(key)) diffs.push(`orphan role ${key}`);
  return diffs;
}

module.exports = { differences, resolveDesired, stateDifferences };
