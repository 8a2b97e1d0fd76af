import { z } from "zod";
import { customRoleInputSchema } from "../resources/custom-role";
import { memberInputSchema } from "../resources/member";
import { teamInputSchema } from "../resources/team";
import { teamMembershipInputSchema } from "../resources/team-membership";
import type { ResourceKind } from "../resources/props";
import { CONFIG_KEYS } from "./provider-config";
import { readmeDescriptions, type ReadmeDescriptions } from "./readme-descriptions";
import { PACKAGE_NAME, RESOURCE_TOKENS } from "./tokens";

/** A property type in Pulumi's package schema (the subset this package uses). */
export interface SchemaType {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: SchemaType;
  additionalProperties?: SchemaType;
  $ref?: string;
}
export interface SchemaProperty extends SchemaType {
  description?: string;
  default?: unknown;
  secret?: boolean;
}
interface ObjectSchema {
  properties: Record<string, SchemaProperty>;
  required: string[];
}

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  default?: unknown;
};

/** The zod schemas `check` validates with: the one source of every input property and its type. */
const INPUT_SCHEMAS: Record<ResourceKind, z.ZodObject> = {
  customRole: customRoleInputSchema,
  member: memberInputSchema,
  team: teamInputSchema,
  teamMembership: teamMembershipInputSchema,
};

/**
 * Outputs that are not inputs (the core computes them; zod describes only what a program sends), and the
 * outputs a read always has. Internal keys (`__managedFields`) and `CustomRole._id` (the same as `roleId`, and
 * a name SDK generators cannot carry) are state only.
 */
const OUTPUT_ONLY: Record<ResourceKind, Record<string, SchemaType>> = {
  customRole: { roleId: { type: "string" } },
  member: { memberId: { type: "string" }, pendingInvite: { type: "boolean" }, verified: { type: "boolean" } },
  team: { maintainerEmails: { type: "array", items: { type: "string" } } },
  teamMembership: { memberEmail: { type: "string" } },
};
const ALWAYS_OUTPUT: Record<ResourceKind, string[]> = {
  customRole: ["roleId"],
  member: ["customRoles", "memberId", "pendingInvite", "verified"],
  team: [],
  teamMembership: [],
};

/** Named object types, by the JSON Schema property path that holds them. */
const NAMED_TYPES: Record<string, string> = { "CustomRole.policy[]": "PolicyStatement" };

const CONFIG_TYPES: Record<(typeof CONFIG_KEYS)[number], SchemaProperty> = {
  accessToken: { type: "string", secret: true },
  apiHost: { type: "string" },
  requestTimeoutMs: { type: "integer" },
  operationTimeoutMs: { type: "integer" },
  connectTimeoutMs: { type: "integer" },
};

const RESOURCE_NAMES: Record<ResourceKind, string> = { customRole: "CustomRole", member: "Member", team: "Team", teamMembership: "TeamMembership" };

/**
 * The Pulumi package schema of the native plugin: resources and their inputs generated from the zod input
 * schemas, descriptions from the README's tables, `accessToken` secret.
 */
export function packageSchema(version: string, descriptions: ReadmeDescriptions = readmeDescriptions()): Record<string, unknown> {
  const types: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};
  for (const kind of Object.keys(INPUT_SCHEMAS) as ResourceKind[]) {
    const name = RESOURCE_NAMES[kind];
    const described = descriptions.resources[name] ?? {};
    const json = z.toJSONSchema(INPUT_SCHEMAS[kind], { io: "input", unrepresentable: "any" }) as JsonSchema;
    const inputs = objectSchema(json, name, described, types, descriptions);
    const outputs: Record<string, SchemaProperty> = { ...inputs.properties };
    for (const [property, type] of Object.entries(OUTPUT_ONLY[kind])) outputs[property] = withDescription(type, described[property]);
    const withDefaults = Object.entries(json.properties ?? {}).filter(([, property]) => property.default !== undefined).map(([property]) => property);
    resources[RESOURCE_TOKENS[kind]] = {
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
      properties: outputs,
      required: [...new Set([...inputs.required, ...withDefaults, ...ALWAYS_OUTPUT[kind]])].sort(),
    };
  }
  const variables = Object.fromEntries(CONFIG_KEYS.map((key) => [key, withDescription(CONFIG_TYPES[key], descriptions.config[key])]));
  return {
    name: PACKAGE_NAME,
    displayName: "LaunchDarkly access",
    version,
    description: "LaunchDarkly account members, teams, team memberships and custom roles",
    keywords: ["pulumi", "launchdarkly", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: { variables },
    provider: { description: "The provider for LaunchDarkly access: where and with which token to reach the API.", inputProperties: variables },
    resources,
    types,
  };
}

function objectSchema(json: JsonSchema, path: string, described: Record<string, string>, types: Record<string, unknown>, descriptions: ReadmeDescriptions): ObjectSchema {
  const properties: Record<string, SchemaProperty> = {};
  for (const [property, value] of Object.entries(json.properties ?? {})) {
    const type = propertyType(value, `${path}.${property}`, types, descriptions);
    const schema = withDescription(type, described[property]);
    if (value.default !== undefined) schema.default = value.default;
    properties[property] = schema;
  }
  return { properties, required: [...(json.required ?? [])].sort() };
}

function propertyType(json: JsonSchema, path: string, types: Record<string, unknown>, descriptions: ReadmeDescriptions): SchemaType {
  if (json.type === "array") return { type: "array", items: propertyType(json.items ?? {}, `${path}[]`, types, descriptions) };
  if (json.type === "object" && json.properties) {
    const name = NAMED_TYPES[path];
    if (!name) throw new Error(`schema: no type name for the object at ${path}; add one to NAMED_TYPES`);
    const token = `${PACKAGE_NAME}:index:${name}`;
    const described = descriptions.resources[name] ?? {};
    types[token] = { type: "object", ...objectSchema(json, name, described, types, descriptions) };
    return { $ref: `#/types/${token}` };
  }
  if (json.type === "object") {
    const values = typeof json.additionalProperties === "object" ? json.additionalProperties : {};
    return { type: "object", additionalProperties: propertyType(values, `${path}{}`, types, descriptions) };
  }
  if (json.type === "boolean" || json.type === "integer" || json.type === "number") return { type: json.type };
  return { type: "string" };
}

function withDescription(type: SchemaType, description: string | undefined): SchemaProperty {
  return description ? { ...type, description } : { ...type };
}
