import { describe, expect, it } from "vitest";
import { ACTION_CATALOG } from "../../src/core/policy/action-catalog-data";
import { catalogProblems } from "../../src/core/policy/catalog-integrity";
import { RESOURCE_TYPES } from "../../src/core/policy/resource-types";

describe("the action catalog", () => {
  it("has a source date and URLs, no action twice, and actions for every resource type of the grammar", () => {
    expect(catalogProblems(ACTION_CATALOG)).toEqual([]);
    const qualified = Object.entries(ACTION_CATALOG.actions).flatMap(([type, actions]) => actions.map((a) => `${type}:${a}`));
    expect(new Set(qualified).size).toBe(qualified.length);
    console.log(`action catalog: ${qualified.length} actions (${new Set(Object.values(ACTION_CATALOG.actions).flat()).size} distinct names) on ${RESOURCE_TYPES.size} resource types, source date ${ACTION_CATALOG.sourceDate}`);
  });

  it("fails without a date, and when an action appears twice under its type", () => {
    const { sourceDate: _date, ...undated } = ACTION_CATALOG;
    expect(catalogProblems(undated)).toContain("the catalog has no source date (YYYY-MM-DD)");
    const doubled = { ...ACTION_CATALOG, actions: { ...ACTION_CATALOG.actions, flag: [...ACTION_CATALOG.actions.flag, "updateOn"] } };
    expect(catalogProblems(doubled)).toEqual(["the action flag:updateOn appears twice"]);
    const unknownType = { ...ACTION_CATALOG, actions: { ...ACTION_CATALOG.actions, flags: ["updateOn"] } };
    expect(catalogProblems(unknownType)).toEqual(['"flags" is not a resource type of the grammar']);
  });
});
