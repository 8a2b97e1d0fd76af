import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { consumerProject, installedCopies, runIn, TEMPLATE_COMPILER_OPTIONS, versionsInPeerRange } from "./consumer-project";

/**
 * A user's project: Pulumi's TypeScript template (pulumi/templates typescript: strict, no skipLibCheck),
 * the newest @pulumi/pulumi the registry serves, and the packed package. It must compile with 0 errors
 * both with the template's `module: commonjs` / `moduleResolution: node` and with `nodenext`, and hold
 * exactly one @pulumi/pulumi.
 */

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as ld from "pulumi-launchdarkly-access";

const statement: ld.PolicyStatementArgs = { effect: "allow", resources: ["proj/*:env/production:flag/*"], actions: ["updateOn"] };
const deployer = new ld.CustomRole("deployer", { key: "deployer", name: "Deployer", basePermissions: "reader", policy: [statement] });
const role: ld.MemberRole = "writer";
const ada = new ld.Member("ada", { email: "ada@example.com", firstName: "Ada", role, customRoles: [deployer.key], roleAttributes: { projects: ["web"] } });
const platform = new ld.Team("platform", { key: "platform", name: "Platform", customRoleKeys: [deployer.key], maintainers: [ada.id] });
new ld.TeamMembership("platform-ada", { teamKey: platform.key, memberId: ada.id });

const args: ld.MemberArgs = { email: pulumi.output("grace@example.com") };
export const adaId: pulumi.Output<string> = ada.memberId;
export const argsEmail = args.email;
export const isApiError = (error: unknown): boolean => error instanceof ld.LaunchDarklyApiError;
`;

const registry = versionsInPeerRange();
const skip = "skip" in registry ? registry.skip : undefined;
if (skip) console.warn(`package consumer tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`a consumer project compiles against the packed tarball${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let dir = "";
  let newest = "";

  beforeAll(async () => {
    newest = "versions" in registry ? registry.versions.at(-1)! : "";
    // The template's devDependencies: TypeScript 5 (Pulumi's peer range) and Node's types.
    dir = await consumerProject(`consumer-${newest}`, { pulumiVersion: newest, devDependencies: { typescript: "^5.0.0", "@types/node": "^22.0.0" } });
    writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  }, 900_000);

  it("holds exactly one @pulumi/pulumi, the project's own newest one", () => {
    expect(installedCopies(dir, "@pulumi/pulumi")).toEqual([{ path: path.join("node_modules", "@pulumi", "pulumi"), version: newest }]);
  });

  const compile = async (name: string, compilerOptions: Record<string, unknown>) => {
    writeFileSync(path.join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2));
    return runIn(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", `tsconfig.${name}.json`], dir).then(
      (out) => ({ errors: 0, out }),
      (error: Error) => ({ errors: (error.message.match(/error TS\d+/g) ?? []).length, out: error.message }),
    );
  };

  it("compiles with 0 errors under the template's tsconfig (strict, no skipLibCheck)", async () => {
    const result = await compile("template", TEMPLATE_COMPILER_OPTIONS);
    expect(result.out).not.toMatch(/error TS/);
    expect(result.errors).toBe(0);
  }, 300_000);

  it("compiles with 0 errors with module and moduleResolution nodenext", async () => {
    const result = await compile("nodenext", { ...TEMPLATE_COMPILER_OPTIONS, module: "nodenext", moduleResolution: "nodenext" });
    expect(result.out).not.toMatch(/error TS/);
    expect(result.errors).toBe(0);
  }, 300_000);

  it("installs the CLI as a bin that prints the package version", async () => {
    const out = await runIn(path.join(dir, "node_modules", ".bin", "pulumi-launchdarkly-access"), ["--version"], dir);
    expect(out.trim()).toMatch(/^pulumi-launchdarkly-access \d+\.\d+\.\d+/);
  }, 60_000);
});
