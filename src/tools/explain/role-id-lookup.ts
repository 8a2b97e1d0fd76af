import type { PreviewStep } from "./preview-json";
import { typeNameOfUrn } from "./unknown-values";

/**
 * Member PATCHes name custom roles by `_id`; the provider maps keys to ids at `up` with `GET /api/v2/roles`
 * (once per run). The preview knows the ids of roles already in the state; a role created or replaced
 * by the same `up` gets its id only then.
 */
export class RoleIdLookup {
  private readonly ids = new Map<string, string>();
  private readonly pending = new Set<string>();

  constructor(steps: readonly PreviewStep[]) {
    for (const step of steps) {
      if (typeNameOfUrn(step.urn) !== "CustomRole") continue;
      const key = (step.newState?.inputs.key ?? step.oldState?.outputs.key) as string | undefined;
      if (typeof key !== "string") continue;
      if (step.op === "create" || step.op === "replace" || step.op === "create-replacement") this.pending.add(key);
      else if (step.op !== "delete" && typeof step.oldState?.outputs.roleId === "string") this.ids.set(key, step.oldState.outputs.roleId);
    }
  }

  idFor(key: string): string {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.pending.has(key)) return `<id of CustomRole "${key}", known once it is created>`;
    return `<id of custom role "${key}", looked up at up>`;
  }

  /** True when every key's id is known from the state. */
  allKnown(keys: readonly string[]): boolean {
    return keys.every((key) => this.ids.has(key));
  }
}
