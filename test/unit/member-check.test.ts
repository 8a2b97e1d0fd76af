import { checkInputs } from "../../src/core/resources/common-schemas";
import { memberInputSchema } from "../../src/core/resources/member";
import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";
import { memberProvider } from "../../src/core/resources/member";

async function failures(news: Record<string, unknown>) {
  const result = await checkInputs(memberInputSchema, news);
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("Member check", () => {
  it("lower-cases the email, fills defaults, sorts and dedupes sets", async () => {
    const result = await checkInputs(memberInputSchema, {
      __provider: "source",
      email: "  Ada.Lovelace@Example.COM ",
      firstName: " Ada ",
      customRoles: ["writers", "deployer", "writers"],
      roleAttributes: { projects: ["web", "api", "web"], envs: ["prod"] },
    });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({
      email: "ada.lovelace@example.com",
      firstName: "Ada",
      role: "reader",
      customRoles: ["deployer", "writers"],
      roleAttributes: { envs: ["prod"], projects: ["api", "web"] },
      adoptExisting: false,
      replaceOnNameChange: false,
    });
    expect(Object.keys(result.inputs.roleAttributes)).toEqual(["envs", "projects"]);
  });

  it("leaves unset customRoles and roleAttributes unset (not managed)", async () => {
    const result = await checkInputs(memberInputSchema, { email: "a@b.co" });
    expect(result.inputs).not.toHaveProperty("customRoles");
    expect(result.inputs).not.toHaveProperty("roleAttributes");
  });

  it("reports each bad input with its path and an actionable message", async () => {
    expect(
      await failures({
        email: "not-an-email",
        role: "owner",
        customRoles: ["ok", "bad key"],
        roleAttributes: { projects: [""] },
        adoptExisting: "yes",
      }),
    ).toEqual(
      expect.arrayContaining([
        'email: "not-an-email" is not an email address',
        'role: role must be one of "reader", "writer", "admin", "no_access"',
        "customRoles[1]: must start with a letter or digit and contain only letters, digits, '_', '.' and '-'",
        "roleAttributes.projects[0]: values must not be empty",
        "adoptExisting: adoptExisting must be true or false",
      ]),
    );
    expect(await failures({})).toEqual(["email: email is required"]);
  });

  it("passes unknown (preview) values through", async () => {
    const result = await checkInputs(memberInputSchema, { email: "a@b.co", customRoles: [UNKNOWN_VALUE, "b", "a"] });
    expect(result.failures).toBeUndefined();
    expect(result.inputs.customRoles).toEqual([UNKNOWN_VALUE, "b", "a"]);
  });
});
