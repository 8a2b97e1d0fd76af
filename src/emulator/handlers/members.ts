import { http, HttpResponse } from "msw";
import { z } from "zod";
import { expandSet, type HandlerContext } from "../handler-context";
import { applyJsonPatch, readJsonPatchOperations, type PatchOperation } from "../json-patch-apply";
import { filterMembers, sortMembers } from "../member-query";
import { paginate, readPageRequest, selfLink } from "../pagination";
import { memberRepresentation } from "../representations/member";
import { isSemanticPatchContentType, readJsonBody } from "../request-json";
import { cloneTeam } from "../team-apply";
import type { BaseRole, MemberRecord } from "../store";
import { EmulatorHttpError, handled, invalidRequest, invalidRequestFromIssues, notFound } from "./errors";

export const MAX_INVITES_PER_REQUEST = 50;

const roleAttributesSchema = z.record(z.string(), z.array(z.string()));
const invitableRole = z.enum(["reader", "writer", "admin", "no_access"]);

const newMemberFormSchema = z.object({
  email: z.string().regex(/^[^@\s]+@[^@\s]+$/, "must be an email address"),
  password: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  role: invitableRole.optional(),
  customRoles: z.array(z.string()).optional(),
  teamKeys: z.array(z.string()).optional(),
  roleAttributes: roleAttributesSchema.optional(),
});

const memberTeamsPostSchema = z.object({ teamKeys: z.array(z.string()).min(1) });

const PATCHABLE_MEMBER_PATH = /^\/(role|customRoles(\/(\d+|-))?|roleAttributes(\/[^/]+(\/(\d+|-))?)?)$/;

interface PatchableMember {
  role: string;
  customRoles: string[];
  roleAttributes: Record<string, string[]>;
}

const patchedMemberSchema = z.object({
  role: z.enum(["reader", "writer", "admin", "no_access", "owner"]),
  customRoles: z.array(z.string()),
  roleAttributes: roleAttributesSchema,
});

export function memberHandlers(ctx: HandlerContext) {
  const { store, options } = ctx;

  const requireMember = (id: string): MemberRecord => {
    const member = store.findMember(id);
    if (!member) throw notFound(`Member not found: ${id}`);
    return member;
  };

  const roleIdFor = (ref: unknown): string => {
    if (typeof ref !== "string") throw invalidRequest("Custom role references must be strings");
    const role = store.resolveRole(ref);
    if (!role) throw invalidRequest(`Unknown custom role "${ref}"`);
    return role._id;
  };

  /** The spec says conflicts are reported in `invalid_emails`, not whether every offending email is. */
  const namedInvalidEmails = (emails: string[]): string[] => (options.inviteInvalidEmails === "first" ? emails.slice(0, 1) : emails);

  /** customRoles values may name roles by key or id; the member stores ids. */
  const normalizeCustomRoleOps = (ops: PatchOperation[]): PatchOperation[] =>
    ops.map((op) => {
      if (!op.path.startsWith("/customRoles") || op.value === undefined) return op;
      if (op.path === "/customRoles") {
        if (!Array.isArray(op.value)) throw invalidRequest("/customRoles takes an array of custom role keys or ids");
        return { ...op, value: op.value.map(roleIdFor) };
      }
      return { ...op, value: roleIdFor(op.value) };
    });

  return [
    http.get(
      "*/api/v2/members",
      handled(({ request }) => {
        const url = new URL(request.url);
        const page = readPageRequest(url, options.memberPageCap, options.limitAboveCap);
        const filtered = filterMembers(store, [...store.members.values()], url.searchParams.get("filter"), options.teamFilter);
        const sorted = sortMembers(filtered, url.searchParams.get("sort"));
        const expand = expandSet(url);
        const result = paginate(sorted, page, url, options.links);
        return HttpResponse.json({ ...result, items: result.items.map((member) => memberRepresentation(store, member, expand, options)) });
      }),
    ),

    http.post(
      "*/api/v2/members",
      handled(async ({ request }) => {
        const body = await readJsonBody(request);
        if (!Array.isArray(body)) throw invalidRequest("Body must be a JSON array of new member forms");
        if (body.length < 1 || body.length > MAX_INVITES_PER_REQUEST) {
          throw invalidRequest(`Between 1 and ${MAX_INVITES_PER_REQUEST} members may be invited per request; got ${body.length}`);
        }
        const forms = body.map((entry, index) => {
          const parsed = newMemberFormSchema.safeParse(entry);
          if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues, `member form ${index}`);
          const form = parsed.data;
          if (form.role === undefined && (form.customRoles === undefined || form.customRoles.length === 0)) {
            throw invalidRequest(`member form ${index}: either role or customRoles is required`);
          }
          return { ...form, email: form.email.toLowerCase() };
        });
        for (const form of forms) {
          for (const ref of form.customRoles ?? []) roleIdFor(ref);
          for (const key of form.teamKeys ?? []) if (!store.teams.has(key)) throw invalidRequest(`Unknown team key "${key}"`);
        }
        const seen = new Set<string>();
        const duplicates = new Set<string>();
        for (const form of forms) (seen.has(form.email) ? duplicates : seen).add(form.email);
        if (duplicates.size > 0) {
          throw new EmulatorHttpError(400, "duplicate_emails", "The request contains the same email more than once", {
            invalid_emails: namedInvalidEmails([...duplicates]),
          });
        }
        const existing = forms.filter((form) => store.memberByEmail(form.email)).map((form) => form.email);
        if (existing.length > 0) {
          throw new EmulatorHttpError(400, "email_already_exists_in_account", "A member with this email already exists in the account", {
            invalid_emails: namedInvalidEmails(existing),
          });
        }
        const created = forms.map((form) => {
          const member = store.addMember({
            email: form.email,
            role: form.role ?? "reader",
            customRoleKeys: form.customRoles ?? [],
            ...(form.firstName !== undefined ? { firstName: form.firstName } : {}),
            ...(form.lastName !== undefined ? { lastName: form.lastName } : {}),
            ...(form.roleAttributes !== undefined ? { roleAttributes: form.roleAttributes } : {}),
          });
          for (const key of form.teamKeys ?? []) store.addTeamMembers(key, [member._id]);
          return member;
        });
        const expand = expandSet(new URL(request.url));
        return HttpResponse.json(
          {
            items: created.map((member) => memberRepresentation(store, member, expand, options)),
            totalCount: created.length,
            _links: { self: selfLink("/api/v2/members") },
          },
          { status: 201 },
        );
      }),
    ),

    http.get(
      "*/api/v2/members/:id",
      handled(({ request, params }) => {
        const member = requireMember(String(params.id));
        return HttpResponse.json(memberRepresentation(store, member, expandSet(new URL(request.url)), options));
      }),
    ),

    http.patch(
      "*/api/v2/members/:id",
      handled(async ({ request, params }) => {
        const member = requireMember(String(params.id));
        if (isSemanticPatchContentType(request)) throw invalidRequest("This endpoint accepts JSON Patch, not semantic patch");
        const ops = readJsonPatchOperations(await readJsonBody(request)).filter((op) => {
          const allowed = PATCHABLE_MEMBER_PATH.test(op.path) && (op.from === undefined || PATCHABLE_MEMBER_PATH.test(op.from));
          if (allowed) return true;
          if (options.nonPatchableMemberPath === "ignore") return false;
          throw invalidRequest(`Path "${op.path}" cannot be patched; only /role, /customRoles and /roleAttributes can`);
        });
        const document: PatchableMember = {
          role: member.role,
          customRoles: [...member.customRoles],
          roleAttributes: structuredClone(member.roleAttributes),
        };
        const patched = applyJsonPatch(document, normalizeCustomRoleOps(ops), options.jsonPatchTestFailureStatus);
        const parsed = patchedMemberSchema.safeParse(patched);
        if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues, "member after patch");
        const next = parsed.data;
        if (next.role !== member.role && (next.role === "owner" || member.role === "owner")) {
          throw invalidRequest("The owner role cannot be granted or changed through the API");
        }
        const customRoles = [...new Set(next.customRoles.map(roleIdFor))];
        member.role = next.role as BaseRole;
        member.customRoles = customRoles;
        member.roleAttributes = next.roleAttributes;
        return HttpResponse.json(memberRepresentation(store, member, expandSet(new URL(request.url)), options));
      }),
    ),

    http.delete(
      "*/api/v2/members/:id",
      handled(({ params }) => {
        const member = requireMember(String(params.id));
        store.deleteMember(member._id);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.post(
      "*/api/v2/members/:id/teams",
      handled(async ({ request, params }) => {
        const member = requireMember(String(params.id));
        const parsed = memberTeamsPostSchema.safeParse(await readJsonBody(request));
        if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues);
        for (const key of parsed.data.teamKeys) if (!store.teams.has(key)) throw invalidRequest(`Unknown team key "${key}"`);
        for (const key of parsed.data.teamKeys) {
          const team = store.teams.get(key);
          if (!team) continue;
          const next = cloneTeam(team);
          if (!next.memberIds.includes(member._id)) next.memberIds.push(member._id);
          store.commitTeam(key, next);
        }
        return HttpResponse.json(memberRepresentation(store, member, expandSet(new URL(request.url)), options), { status: 201 });
      }),
    ),
  ];
}
