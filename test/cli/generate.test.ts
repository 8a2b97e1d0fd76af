import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileGenerated, distBuilt } from "./generated-project";
import { cli, envFor } from "./run-cli";
import { useSeededAccount } from "./seeded-account-hooks";
import { SEEDED } from "./seed-account";

const seeded = useSeededAccount();

async function generate(name: string, ...args: string[]) {
  const out = join(seeded.scratch.dir, name);
  const run = await cli(["generate", "--out", out, ...args], envFor(seeded.emu));
  return { out, run, read: (file: string) => readFileSync(join(out, file), "utf8") };
}

async function loadOrg(out: string) {
  return (await import(join(out, "org.ts"))).org as {
    roles: { key: string }[];
    externalRoles: string[];
    teams: { key: string; roles: string[] }[];
    people: { email: string; id?: string; role: string; teams: string[]; maintains: string[]; roles: string[] }[];
  };
}

describe("generate", () => {
  it("writes org.ts, index.ts, Pulumi.yaml, package.json and tsconfig.json for the whole account, reading it with GETs only", async () => {
    seeded.emu.resetRequestLog();
    const { out, run, read } = await generate("all");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("all/: 10 custom roles, 15 teams, 121 people, 146 team memberships");
    expect(seeded.emu.requests.every((r) => r.method === "GET")).toBe(true);
    for (const file of ["org.ts", "index.ts", "Pulumi.yaml", "package.json", "tsconfig.json"]) expect(existsSync(join(out, file))).toBe(true);

    const org = await loadOrg(out);
    expect(org.roles).toHaveLength(SEEDED.roles);
    expect(org.teams).toHaveLength(SEEDED.teams);
    expect(org.people).toHaveLength(SEEDED.members + 1);
    // Only the owner carries an id: it is not managed, but teams may name it.
    expect(org.people.filter((p) => p.id !== undefined).map((p) => p.email)).toEqual(["owner@example.com"]);
    expect(org.teams.find((t) => t.key === "platform")!.roles).toEqual(["deployer-production", "deployer-staging"]);
    expect(org.people.find((p) => p.email === "person001@example.com")).toMatchObject({ role: "admin", teams: ["platform"], maintains: ["platform"] });

    const program = read("index.ts");
    expect(program.match(/adoptExisting: true,/g)).toHaveLength(3);
    // Adopted objects are released, not deleted, by a later destroy: every resource carries the option.
    expect(program).toContain("const adopted: pulumi.CustomResourceOptions = { retainOnDelete: true };");
    expect(program.match(/\}, adopted\)/g)).toHaveLength(4);
    expect(program).toContain("new ld.TeamMembership(");
    expect(program).not.toContain("memberIds: org.people");
    expect(read("Pulumi.yaml")).toContain("name: all");
    expect(JSON.parse(read("package.json")).dependencies).toHaveProperty("pulumi-launchdarkly-access");
  });

  it("--memberships authoritative writes Team.memberIds instead of TeamMembership resources", async () => {
    const { run, read } = await generate("authoritative", "--memberships", "authoritative");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("as Team.memberIds");
    expect(read("index.ts")).toContain("memberIds: org.people.filter((p) => p.teams.includes(t.key)).map(memberId),");
    expect(read("index.ts")).not.toContain("TeamMembership");
  });

  it("--teams keeps only those teams, their members and maintainers, and the roles they hold", async () => {
    const { out, run } = await generate("some", "--teams", "platform,security");
    expect(run.code).toBe(0);
    const org = await loadOrg(out);
    expect(org.teams.map((t) => t.key)).toEqual(["platform", "security"]);
    for (const person of org.people) {
      expect(person.teams.every((t) => ["platform", "security"].includes(t))).toBe(true);
      expect(person.teams.length + person.maintains.length).toBeGreaterThan(0);
    }
    const used = new Set([...org.teams.flatMap((t) => t.roles), ...org.people.flatMap((p) => p.roles)]);
    expect(new Set(org.roles.map((r) => r.key))).toEqual(used);
    expect(org.roles.map((r) => r.key)).not.toContain("env-admin");
  });

  it("rejects unknown teams, listing the account's teams", async () => {
    const { run } = await generate("unknown", "--teams", "platform,nope");
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toBe(
      "pulumi-launchdarkly-access generate: unknown team nope; the account's teams: compliance, data, design, empty, growth, it, mobile, payments, people-ops, platform, release, security, sre, support, web",
    );
  });

  it("refuses to overwrite a generated project unless --force", async () => {
    await generate("twice");
    const again = await generate("twice", "--quiet");
    expect(again.run.code).toBe(1);
    expect(again.run.stderr).toMatch(/already has org\.ts, index\.ts, .*pass --force/);
    expect((await generate("twice", "--quiet", "--force")).run.code).toBe(0);
  });

  it("--import-file writes a `pulumi import --file` file for the native provider: the same objects, by the ids read() takes", async () => {
    const importFile = join(seeded.scratch.dir, "import", "launchdarkly.json");
    const { out, run } = await generate("with-import", "--import-file", importFile);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("pulumi import --file ");
    const file = JSON.parse(readFileSync(importFile, "utf8")) as { resources: { type: string; name: string; logicalName: string; id: string }[] };
    expect(Object.keys(file)).toEqual(["resources"]);
    const ofType = (type: string) => file.resources.filter((r) => r.type === `launchdarkly-access:index:${type}`);
    const org = await loadOrg(out);

    // Pulumi names (logicalName) as in the generated program; ids as read() takes them.
    expect(ofType("CustomRole").map((r) => [r.logicalName, r.id])).toEqual(org.roles.map((r) => [r.key, r.key]));
    expect(ofType("Team").map((r) => [r.logicalName, r.id])).toEqual(org.teams.map((t) => [t.key, t.key]));
    const store = seeded.emu.store;
    const idOf = (email: string) => [...store.members.values()].find((m) => m.email === email)!._id;
    // The owner is no Member resource (the API cannot manage an owner) …
    expect(ofType("Member").map((r) => [r.logicalName, r.id])).toEqual(org.people.filter((p) => p.role !== "owner").map((p) => [p.email, idOf(p.email)]));
    // … but every membership is, the owner's too, by `teamKey/memberId`, and each one is a membership LaunchDarkly has.
    const memberships = ofType("TeamMembership");
    expect(memberships).toHaveLength(146);
    for (const m of memberships) {
      const [teamKey, memberId] = m.id.split("/");
      expect(store.teams.get(teamKey!)!.memberIds).toContain(memberId);
      expect(m.logicalName).toBe(`${teamKey}/${store.members.get(memberId!)!.email}`);
    }
    expect(file.resources).toHaveLength(SEEDED.roles + SEEDED.members + SEEDED.teams + 146);
    expect(new Set(file.resources.map((r) => `${r.type} ${r.logicalName}`)).size).toBe(file.resources.length);
    // Variable names are identifiers in every language (the import's code refers to resources by them).
    for (const r of file.resources) expect(r.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(ofType("TeamMembership").find((r) => r.logicalName === "platform/person001@example.com")!.name).toBe("platform_person001_example_com");

    const again = await generate("with-import-2", "--import-file", importFile, "--quiet");
    expect(again.run.code).toBe(1);
    expect(again.run.stderr).toMatch(/launchdarkly\.json already exists; .*--force/);
    expect(existsSync(again.out)).toBe(false);
  });

  it("--import-file lists TeamMembership resources with authoritative memberships too (an imported Team never manages memberIds)", async () => {
    const importFile = join(seeded.scratch.dir, "import-authoritative.json");
    const { run } = await generate("authoritative-import", "--memberships", "authoritative", "--import-file", importFile);
    expect(run.code).toBe(0);
    const resources = JSON.parse(readFileSync(importFile, "utf8")).resources as { type: string }[];
    expect(resources.filter((r) => r.type === "launchdarkly-access:index:TeamMembership")).toHaveLength(146);
  });

  it.skipIf(!distBuilt())("the generated project compiles with its own tsconfig (TeamMembership and authoritative styles)", async () => {
    for (const name of ["all", "authoritative"]) {
      expect(compileGenerated(join(seeded.scratch.dir, name), { emit: false })).toEqual([]);
    }
  });
});
