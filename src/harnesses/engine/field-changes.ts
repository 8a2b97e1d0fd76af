import { compare, getValueByPointer } from "fast-json-patch";
import type { Props } from "../host/dynamic-provider-host";

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

const HIDDEN_FIELDS = new Set(["__provider"]);

/**
 * Input changes at the depth a reviewer needs: `policy[0].actions[4]` rather than two whole policies.
 * Built on fast-json-patch's `compare`; paths are rendered the way check failures name properties.
 */
export function fieldChanges(before: Props, after: Props): FieldChange[] {
  const visible = (props: Props) => Object.fromEntries(Object.entries(props).filter(([k]) => !HIDDEN_FIELDS.has(k)));
  const old = visible(before);
  return compare(old, visible(after)).map((op) => {
    const pointer = op.path;
    const change: FieldChange = { field: propertyPath(pointer) };
    if (op.op !== "add") change.before = getValueByPointer(old, pointer);
    if (op.op !== "remove") change.after = (op as { value: unknown }).value;
    return change;
  });
}

function propertyPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}
