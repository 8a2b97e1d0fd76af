import { describe, expect, test } from "vitest";
import { skipWithoutSpec, specPathFor, validateRequestBody, validateResponse, validateSchema } from "../support/openapi";

/** The validator must reject bad bodies, or the contract tests prove nothing. */
describe.skipIf(skipWithoutSpec)("test/support/openapi validator", () => {
  test("rejects a Member missing required fields and a wrong-typed field", () => {
    expect(validateResponse("GET", "/api/v2/members/{id}", 200, {}).valid).toBe(false);
    const result = validateSchema("Member", {
      _links: {}, _id: "x", role: "reader", email: "a@b.c", _pendingInvite: "yes", _verified: false, customRoles: [], mfa: "disabled", _lastSeen: 0, creationDate: 0,
    });
    expect(result.valid).toBe(false);
    expect(result.errors.join()).toContain("_pendingInvite");
  });

  test("rejects error bodies without code/message, and undeclared success statuses", () => {
    expect(validateResponse("GET", "/api/v2/members/{id}", 404, { message: "x" }).valid).toBe(false);
    const undeclared = validateResponse("DELETE", "/api/v2/teams/{teamKey}", 409, { code: "conflict", message: "m" });
    expect(undeclared).toMatchObject({ valid: true, declared: false });
    expect(validateResponse("GET", "/api/v2/roles", 299, {}).valid).toBe(false);
  });

  test("204 must have no body", () => {
    expect(validateResponse("DELETE", "/api/v2/roles/{customRoleKey}", 204, undefined).valid).toBe(true);
    expect(validateResponse("DELETE", "/api/v2/roles/{customRoleKey}", 204, { a: 1 }).valid).toBe(false);
  });

  test("request bodies: invite must be an array; role post needs key, name and policy", () => {
    expect(validateRequestBody("POST", "/api/v2/members", { email: "a@b.c" }).valid).toBe(false);
    expect(validateRequestBody("POST", "/api/v2/members", [{ email: "a@b.c", role: "reader" }]).valid).toBe(true);
    expect(validateRequestBody("POST", "/api/v2/members", [{ email: "a@b.c", role: "owner" }]).valid).toBe(false);
    expect(validateRequestBody("POST", "/api/v2/roles", { key: "k", name: "n" }).valid).toBe(false);
  });

  test("specPathFor prefers literal segments", () => {
    expect(specPathFor("GET", "/api/v2/members/me")).toBe("/api/v2/members/{id}");
    expect(specPathFor("POST", "/api/v2/members/abc/teams")).toBe("/api/v2/members/{id}/teams");
    expect(specPathFor("GET", "/api/v2/teams/t/maintainers")).toBe("/api/v2/teams/{teamKey}/maintainers");
    expect(specPathFor("PUT", "/api/v2/teams")).toBeUndefined();
  });
});
