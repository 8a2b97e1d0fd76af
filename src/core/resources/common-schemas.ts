import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { canonicalRoleAttributes } from "../patch/role-attributes";
import { formatPropertyPath } from "../property-path";
import { omitUndefined } from "./struct-safe";

/**
 * Pieces of input validation shared by the resources: role and team keys, member ids, the role-attribute
 * map, the engine's "unknown during preview" sentinel, and turning zod issues into check failures with the
 * property paths users see (`policy[2].notActions`).
 */

/** What the engine sends for a value that is not known yet (preview, output of a resource not yet created). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Role and team keys. LaunchDarkly documents no rule; this is the Terraform provider's. */
export const KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const KEY_RULE = "must start with a letter or digit and contain only letters, digits, '_', '.' and '-'";

export const roleKeySchema = z.string().trim().regex(KEY_PATTERN, KEY_RULE);

/** A member's `_id`. An email address in its place is the usual mistake, so it gets its own message. */
export const memberIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "is required: the member's id, e.g. a Member resource's `id` output" : undefined) })
  .trim()
  .min(1, "must be a member id, not empty")
  .refine((id) => !id.includes("@"), {
    error: "looks like an email address; pass the member's id (e.g. a Member resource's `id` output)",
  });

/** A set of role keys: deduplicated and sorted so that order never shows as a change. */
export const roleKeySetSchema = z
  .array(roleKeySchema)
  .transform((keys) => [...new Set(keys)].sort());

/**
 * `roleAttributes`: attribute key → values, used by `${roleAttribute/<key>}` placeholders in policies.
 * Values are a set (the order carries no meaning), so they are deduplicated and sorted.
 */
export const roleAttributesSchema = z
  .record(z.string().trim().min(1, "attribute keys must not be empty"), z.array(z.string().trim().min(1, "values must not be empty")))
  .transform(canonicalRoleAttributes);

export function zodIssuesToCheckFailures(issues: readonly z.core.$ZodIssue[]): pulumi.dynamic.CheckFailure[] {
  return issues.map((issue) => ({ property: formatPropertyPath(issue.path), reason: issue.message }));
}

/**
 * Validates and normalizes inputs. Fields whose value is still unknown (preview) are passed through
 * unvalidated; they are checked again once known.
 */
export function checkInputs<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckResult {
  const unknownKeys = Object.keys(schema.shape).filter((key) => containsUnknown(news[key]));
  const effective = unknownKeys.length === 0 ? schema : schema.extend(Object.fromEntries(unknownKeys.map((key) => [key, z.unknown()])));
  const parsed = effective.safeParse(news);
  if (!parsed.success) return { inputs: news, failures: zodIssuesToCheckFailures(parsed.error.issues) };
  return { inputs: omitUndefined(parsed.data as Record<string, unknown>) };
}
