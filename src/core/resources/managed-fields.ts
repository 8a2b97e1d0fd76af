import type { Props } from "./props";

/**
 * Which optional inputs the program set, recorded in the outputs. A dynamic provider's `read` sees only the
 * previous outputs, and outputs mirror LaunchDarkly (a member always has `customRoles`, maybe names), so
 * without this record `read` cannot tell a field the program manages from one it leaves alone, and a
 * refresh would hand the engine `customRoles: []` as an input the program never wrote: the next preview
 * then shows `- customRoles: []`, which reads as a removal. Keys starting with `__` are Pulumi-internal
 * (like `__provider`): the CLI never displays or diffs them.
 */
export const MANAGED_FIELDS_KEY = "__managedFields";

/** The optional fields among `optional` that the checked inputs set. */
export function managedFieldsOf(inputs: Props, optional: readonly string[]): string[] {
  return optional.filter((field) => inputs[field] !== undefined);
}

/** The outputs with the record of which optional fields the program sets. */
export function withManagedFields<T extends object>(outs: T, inputs: Props, optional: readonly string[]): T {
  return { ...outs, [MANAGED_FIELDS_KEY]: managedFieldsOf(inputs, optional) };
}

/**
 * The managed optional fields of a state. State written before the record existed falls back to the
 * fields present in the outputs (the behaviour of those versions) until the next write records them.
 */
export function managedFieldsFromState(props: Props, optional: readonly string[]): string[] {
  const recorded = props[MANAGED_FIELDS_KEY];
  if (Array.isArray(recorded)) return optional.filter((field) => recorded.includes(field));
  return optional.filter((field) => props[field] !== undefined);
}

/**
 * The inputs `read` hands back to the engine: the always-managed fields and the managed optional ones, with
 * their live values (or `empty[field]` when LaunchDarkly omits an empty value), and nothing else.
 */
export function readInputs(
  live: Props,
  props: Props,
  always: readonly string[],
  optional: readonly string[],
  empty: Readonly<Record<string, unknown>>,
): Props {
  const inputs: Props = {};
  for (const field of always) if (live[field] !== undefined) inputs[field] = live[field];
  for (const field of managedFieldsFromState(props, optional)) {
    const value = live[field] ?? empty[field];
    if (value !== undefined) inputs[field] = value;
  }
  return inputs;
}
