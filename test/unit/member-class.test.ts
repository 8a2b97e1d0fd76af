import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { CustomRole } from "../../src/core/resources/custom-role";
import { Member } from "../../src/core/resources/member";

/** The Member and CustomRole classes as a program sees them, under Pulumi's mocks (no engine, no API). */
const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const computed = args.type.endsWith(":Member")
        ? { memberId: "m1", pendingInvite: true, verified: false }
        : { roleId: "r1", _id: "r1" };
      return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
    },
    call: () => ({}),
  });
});

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("Member and CustomRole classes", () => {
  it("register readable types and expose every declared output, including computed ones", async () => {
    const role = new CustomRole("viewer", { key: "viewer", name: "Viewer", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }] });
    const ada = new Member("ada", { email: "ada@example.com", customRoles: [role.key] });

    expect(await value(role.roleId)).toBe("r1");
    expect(await value(role._id)).toBe("r1");
    expect(await value(role.key)).toBe("viewer");
    expect(await value(ada.memberId)).toBe("m1");
    expect(await value(ada.pendingInvite)).toBe(true);
    expect(await value(ada.customRoles)).toEqual(["viewer"]);
    expect(await value(ada.email)).toBe("ada@example.com");

    expect(registered.map((r) => r.type).sort()).toEqual(["pulumi-nodejs:dynamic/launchdarkly:CustomRole", "pulumi-nodejs:dynamic/launchdarkly:Member"]);
    for (const { inputs } of registered) {
      expect(JSON.stringify(inputs)).not.toMatch(/accessToken|api-/);
      expect(String(inputs.__provider ?? "").length).toBeLessThan(20_000);
    }
  });
});
