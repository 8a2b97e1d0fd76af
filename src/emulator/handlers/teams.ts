import { http, HttpResponse } from "msw";
import { z } from "zod";
import { expandSet, type HandlerContext } from "../handler-context";
import { filterMembers } from "../member-query";
import { paginate, readPageRequest } from "../pagination";
import { teamMaintainersPage, teamRepresentation, teamRolesPage } from "../representations/team";
import { readJsonBody } from "../request-json";
import { readBulkTeamInstructions, readTeamInstructions, type BulkTeamInstruction } from "../semantic-patch-body";
import { applyTeamInstructions, cloneTeam, type TeamPermissionGrant } from "../team-apply";
import type { MemberRecord, TeamRecord } from "../store";
import { EmulatorHttpError, conflict, forbidden, handled, invalidRequest, invalidRequestFromIssues, notFound } from "./errors";

const permissionGrantInputSchema = z
  .object({
    actionSet: z.literal("maintainTeam").optional(),
    actions: z.array(z.string()).optional(),
    memberIDs: z.array(z.string()).optional(),
  })
  .refine((grant) => (grant.actionSet === undefined) !== (grant.actions === undefined), {
    message: "exactly one of actionSet or actions is required",
  });

const teamPostInputSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  customRoleKeys: z.array(z.string()).optional(),
  memberIDs: z.array(z.string()).optional(),
  permissionGrants: z.array(permissionGrantInputSchema).optional(),
  roleAttributes: z.record(z.string(), z.array(z.string())).optional(),
});

const BETA_API_VERSION = "beta";

export function teamHandlers(ctx: HandlerContext) {
  const { store, options } = ctx;

  const requireTeam = (key: string): TeamRecord => {
    const team = store.teams.get(key);
    if (!team) throw notFound(`Team not found: ${key}`);
    return team;
  };

  /** The ids naming members: an unknown id is a 400, or silently left out with `unknownMemberIds: "ignore"`. */
  const knownMembers = (ids: readonly string[]): string[] => {
    const unknown = ids.filter((id) => !store.members.has(id));
    if (unknown.length > 0 && options.unknownMemberIds === "reject") throw invalidRequest(`Unknown member id(s): ${unknown.join(", ")}`);
    return ids.filter((id) => store.members.has(id));
  };

  const lookups = {
    memberExists: (id: string) => store.members.has(id),
    roleExists: (key: string) => store.roles.has(key),
    unknownRoleKeys: options.unknownTeamRoleKeys,
    unknownMemberIds: options.unknownMemberIds,
  };

  return [
    http.get(
      "*/api/v2/teams",
      handled(({ request }) => {
        const url = new URL(request.url);
        const page = readPageRequest(url, options.teamPageCap, options.limitAboveCap);
        const teams = filterTeams([...store.teams.values()], url.searchParams.get("filter"));
        const expand = expandSet(url);
        const result = paginate(teams, page, url, options.links);
        return HttpResponse.json({ ...result, items: result.items.map((team) => teamRepresentation(store, team, expand, options, "list")) });
      }),
    ),

    http.post(
      "*/api/v2/teams",
      handled(async ({ request }) => {
        const parsed = teamPostInputSchema.safeParse(await readJsonBody(request));
        if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues);
        const input = parsed.data;
        if (store.teams.has(input.key)) {
          const message = `A team with key "${input.key}" already exists`;
          throw options.duplicateTeamKeyStatus === 409 ? conflict(message) : invalidRequest(message);
        }
        const memberIds = knownMembers(input.memberIDs ?? []);
        const grants: TeamPermissionGrant[] = (input.permissionGrants ?? []).map((grant) => {
          return {
            memberIds: [...new Set(knownMembers(grant.memberIDs ?? []))],
            ...(grant.actionSet !== undefined ? { actionSet: grant.actionSet } : {}),
            ...(grant.actions !== undefined ? { actions: grant.actions } : {}),
          };
        });
        const roleKeys = (input.customRoleKeys ?? []).filter((key) => {
          if (store.roles.has(key)) return true;
          if (options.unknownTeamRoleKeys === "drop") return false;
          throw invalidRequest(`Unknown custom role key "${key}"`);
        });
        const team = store.addTeam({
          key: input.key,
          name: input.name,
          ...(input.description !== undefined ? { description: input.description } : {}),
          memberIds,
          customRoleKeys: roleKeys,
          permissionGrants: grants.filter((grant) => grant.memberIds.length > 0),
          roleAttributes: input.roleAttributes ?? {},
        });
        return HttpResponse.json(teamRepresentation(store, team, expandSet(new URL(request.url)), options), { status: 201 });
      }),
    ),

    http.patch(
      "*/api/v2/teams",
      handled(async ({ request }) => {
        if (options.bulkTeamPatch === "method-not-allowed") {
          throw new EmulatorHttpError(405, "method_not_allowed", "Method PATCH is not allowed on /api/v2/teams for this account");
        }
        if (options.bulkTeamPatch === "forbidden") throw forbidden("This account cannot use the beta endpoint PATCH /api/v2/teams");
        if (request.headers.get("ld-api-version")?.trim().toLowerCase() !== BETA_API_VERSION) {
          throw forbidden("This beta endpoint requires the header LD-API-Version: beta");
        }
        const instructions = readBulkTeamInstructions(await readJsonBody(request));
        if (instructions.length > 1 && options.bulkTeamInstructions === "one") {
          throw invalidRequest(`Expected exactly one instruction, got ${instructions.length}`);
        }
        // All-or-nothing before any team is touched: an unknown member id refuses the request (or is left out).
        for (const instruction of instructions) {
          if (instruction.kind === "addMembersToTeams") knownMembers(instruction.memberIDs);
        }
        const addedMembers = new Set<string>();
        const changedTeams = new Set<string>();
        const namedTeams = new Set<string>();
        const failed = new Map<string, string>();
        for (const instruction of instructions) {
          const memberIds = bulkInstructionMembers(instruction, [...store.members.values()]);
          for (const teamKey of instruction.teamKeys) {
            namedTeams.add(teamKey);
            const team = store.teams.get(teamKey);
            if (!team) {
              failed.set(teamKey, "team not found");
              continue;
            }
            const next = cloneTeam(team);
            for (const id of memberIds) {
              if (next.memberIds.includes(id)) continue;
              next.memberIds.push(id);
              addedMembers.add(id);
              changedTeams.add(teamKey);
            }
            if (changedTeams.has(teamKey)) store.commitTeam(teamKey, next);
          }
        }
        const listed = [...namedTeams].filter((key) => !failed.has(key) && (options.bulkUnchangedTeams === "listed" || changedTeams.has(key)));
        return HttpResponse.json({
          memberIDs: [...addedMembers],
          teamKeys: listed,
          errors: [...failed].map(([key, message]) => ({ [key]: message })),
        });
      }),
    ),

    http.get(
      "*/api/v2/teams/:teamKey",
      handled(({ request, params }) => {
        const team = requireTeam(String(params.teamKey));
        return HttpResponse.json(teamRepresentation(store, team, expandSet(new URL(request.url)), options));
      }),
    ),

    http.patch(
      "*/api/v2/teams/:teamKey",
      handled(async ({ request, params }) => {
        const team = requireTeam(String(params.teamKey));
        // The semantic-patch media-type parameter is optional here (digest §6.14): any JSON content type is read as semantic patch.
        const instructions = readTeamInstructions(await readJsonBody(request));
        const result = applyTeamInstructions(team, instructions, lookups);
        if (!result.ok) throw invalidRequest(result.message);
        const updated = store.commitTeam(team.key, result.team, result.changed);
        return HttpResponse.json(teamRepresentation(store, updated, expandSet(new URL(request.url)), options));
      }),
    ),

    http.delete(
      "*/api/v2/teams/:teamKey",
      handled(({ params }) => {
        const team = requireTeam(String(params.teamKey));
        if (team.memberIds.length > 0) {
          throw new EmulatorHttpError(409, "conflict", `Team "${team.key}" still has ${team.memberIds.length} member(s); remove them first`);
        }
        store.teams.delete(team.key);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(
      "*/api/v2/teams/:teamKey/roles",
      handled(({ request, params }) => {
        const team = requireTeam(String(params.teamKey));
        const url = new URL(request.url);
        return HttpResponse.json(teamRolesPage(store, team, readPageRequest(url, options.teamPageCap, options.limitAboveCap), url, options.links));
      }),
    ),

    http.get(
      "*/api/v2/teams/:teamKey/maintainers",
      handled(({ request, params }) => {
        const team = requireTeam(String(params.teamKey));
        const url = new URL(request.url);
        return HttpResponse.json(teamMaintainersPage(store, team, readPageRequest(url, options.teamPageCap, options.limitAboveCap), url, options));
      }),
    ),
  ];

  /** Members an instruction adds; for addAllMembersToTeams, members matching any filter are excluded (spec). */
  function bulkInstructionMembers(instruction: BulkTeamInstruction, allMembers: MemberRecord[]): string[] {
    if (instruction.kind === "addMembersToTeams") return [...new Set(knownMembers(instruction.memberIDs))];
    const excluded = new Set<string>(instruction.ignoredMemberIDs ?? []);
    const exclusionFilters: string[] = [];
    if (instruction.filterQuery !== undefined) exclusionFilters.push(`query:${instruction.filterQuery}`);
    if (instruction.filterRoles !== undefined) {
      const roles = Array.isArray(instruction.filterRoles) ? instruction.filterRoles.join("|") : instruction.filterRoles;
      exclusionFilters.push(`role:${roles}`);
    }
    if (instruction.filterTeamKey !== undefined) exclusionFilters.push(`team:${instruction.filterTeamKey}`);
    if (instruction.filterLastSeen !== undefined) exclusionFilters.push(`lastSeen:${JSON.stringify(instruction.filterLastSeen)}`);
    for (const filter of exclusionFilters) {
      for (const member of filterMembers(store, allMembers, filter, options.teamFilter)) excluded.add(member._id);
    }
    return allMembers.filter((member) => !excluded.has(member._id)).map((member) => member._id);
  }
}

/** `filter=query:<text>,nomembers:true|false` on `GET /teams`. */
function filterTeams(teams: TeamRecord[], filter: string | null): TeamRecord[] {
  if (filter === null || filter.trim() === "") return teams;
  let result = teams;
  for (const part of filter.split(",").map((piece) => piece.trim()).filter((piece) => piece !== "")) {
    const colon = part.indexOf(":");
    if (colon < 1) throw invalidRequest(`Invalid filter "${part}"; expected field:value`);
    const field = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (field === "query") {
      const needle = value.toLowerCase();
      result = result.filter((team) => team.key.toLowerCase().includes(needle) || team.name.toLowerCase().includes(needle));
    } else if (field === "nomembers") {
      if (value !== "true" && value !== "false") throw invalidRequest("nomembers filter takes true or false");
      result = result.filter((team) => (team.memberIds.length === 0) === (value === "true"));
    } else {
      throw invalidRequest(`Unsupported team filter field "${field}"`);
    }
  }
  return result;
}
