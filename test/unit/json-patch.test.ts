import fc from "fast-check";
import { applyPatch, deepClone } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { buildJsonPatch } from "../../src/core/patch/json-patch";

const jsonScalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, jsonScalar, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 4 })),
})).value;
const fieldName = fc.constantFrom("role", "name", "customRoles", "roleAttributes", "policy", "a/b", "t~ilde");
const document = fc.dictionary(fieldName, jsonValue, { maxKeys: 6 });
const wholeFields = fc.subarray(["customRoles", "roleAttributes", "policy", "a/b"]);

function apply(live: Record<string, unknown>, ops: ReturnType<typeof buildJsonPatch>) {
  return applyPatch(deepClone(live), ops, true, false).newDocument as Record<string, unknown>;
}

describe("buildJsonPatch", () => {
  it("takes live to desired on every field the user set, and leaves the others alone", () => {
    fc.assert(
      fc.property(document, document, wholeFields, (live, desired, whole) => {
        const ops = buildJsonPatch(live, desired, { wholeValueFields: whole });
        const result = apply(live, ops);
        for (const key of Object.keys(desired)) expect(result[key]).toEqual(desired[key]);
        for (const key of Object.keys(live)) if (!(key in desired)) expect(result[key]).toEqual(live[key]);
      }),
    );
  });

  it("yields no ops when nothing the user set differs", () => {
    fc.assert(
      fc.property(document, document, wholeFields, (live, extra, whole) => {
        const desired = Object.fromEntries(Object.entries(live).slice(0, 3));
        expect(buildJsonPatch({ ...extra, ...live }, desired, { wholeValueFields: whole })).toEqual([]);
      }),
    );
  });

  it("sends whole-value fields as one op at the field's own path, never an index op", () => {
    fc.assert(
      fc.property(document, document, wholeFields, (live, desired, whole) => {
        const ops = buildJsonPatch(live, desired, { wholeValueFields: whole });
        for (const field of whole) {
          const pointer = `/${field.replace(/~/g, "~0").replace(/\//g, "~1")}`;
          const touching = ops.filter((op) => op.path === pointer || op.path.startsWith(`${pointer}/`));
          expect(touching.length).toBeLessThanOrEqual(1);
          if (touching[0]) {
            expect(touching[0].path).toBe(pointer);
            expect(touching[0].op).toBe(field in live ? "replace" : "add");
          }
        }
      }),
    );
  });

  it("never removes a top-level field", () => {
    fc.assert(
      fc.property(document, document, (live, desired) => {
        const ops = buildJsonPatch(live, desired, { wholeValueFields: [] });
        for (const op of ops) if (op.op === "remove") expect(op.path.split("/").length).toBeGreaterThan(2);
      }),
    );
  });

  it("replaces a scalar, adds a missing field, replaces a set whole", () => {
    expect(
      buildJsonPatch(
        { role: "reader", customRoles: ["a", "b"] },
        { role: "writer", customRoles: ["a", "c"], roleAttributes: { env: ["prod"] } },
        { wholeValueFields: ["customRoles", "roleAttributes"] },
      ),
    ).toEqual(
      expect.arrayContaining([
        { op: "replace", path: "/role", value: "writer" },
        { op: "replace", path: "/customRoles", value: ["a", "c"] },
        { op: "add", path: "/roleAttributes", value: { env: ["prod"] } },
      ]),
    );
  });

  it("ignores undefined desired values (unset inputs are not managed)", () => {
    expect(buildJsonPatch({ description: "kept" }, { description: undefined })).toEqual([]);
  });
});
