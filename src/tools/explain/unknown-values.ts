import { UNKNOWN_VALUE } from "../../core/resources/common-schemas";
import { resourceName } from "./preview-json";

/**
 * A preview shows values that only exist after `up` (ids of members being created) as the engine's unknown
 * sentinel. Explain writes a readable placeholder in their place, naming the resource when the property
 * depends on exactly one resource whose id is not known yet.
 */
export function unknownPlaceholder(dependencyUrns: readonly string[], pendingUrns: ReadonlySet<string>): string {
  const pending = dependencyUrns.filter((urn) => pendingUrns.has(urn));
  if (pending.length === 1) return `<id of ${typeNameOfUrn(pending[0]!)} "${resourceName(pending[0]!)}", known once it is created>`;
  if (pending.length > 1) {
    return `<id of one of ${pending.map((urn) => `${typeNameOfUrn(urn)} "${resourceName(urn)}"`).join(", ")}, known once created>`;
  }
  return "<unknown until up>";
}

/** `value` with every unknown sentinel replaced by `placeholder`. */
export function withPlaceholders<T>(value: T, placeholder: string): T {
  if (value === UNKNOWN_VALUE) return placeholder as T;
  if (Array.isArray(value)) return value.map((item) => withPlaceholders(item, placeholder)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withPlaceholders(item, placeholder)])) as T;
  }
  return value;
}

/** Every property value of `inputs` with its unknowns replaced, each by the placeholder for that property's dependencies. */
export function inputsWithPlaceholders(
  inputs: Record<string, unknown>,
  propertyDependencies: Record<string, string[]>,
  pendingUrns: ReadonlySet<string>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [key, withPlaceholders(value, unknownPlaceholder(propertyDependencies[key] ?? [], pendingUrns))]),
  );
}

/** `pulumi-nodejs:dynamic/launchdarkly:Member` → `Member`. */
export function typeNameOfUrn(urn: string): string {
  const type = urn.split("::")[2] ?? "";
  return type.slice(type.lastIndexOf(":") + 1);
}
