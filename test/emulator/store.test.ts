import { describe, expect, test } from "vitest";
import { useEmulators } from "./emulator-fixture";

const start = useEmulators();

describe("store helpers for out-of-band changes", () => {
  test("add*, snapshot and reset; changes are visible through the API", async () => {
    const { emu, call } = await start();
    const role = emu.store.addRole({ key: "dev", name: "Dev" });
    const member = emu.store.addMember({ email: "OOB@Example.com", customRoleKeys: ["dev"], firstName: "O" });
    emu.store.addTeam({ key: "t", name: "T", customRoleKeys: ["dev"] });
    emu.store.addTeamMembers("t", [member._id]);
    expect(member.email).toBe("oob@example.com");
    expect(member.customRoles).toEqual([role._id]);
    const fetched = await call("GET", `/api/v2/members/${member._id}`);
    expect(fetched.body.teams).toEqual([expect.objectContaining({ key: "t", customRoleKeys: ["dev"] })]);
    const snapshot = emu.store.snapshot();
    expect(snapshot.members).toHaveLength(2);
    expect(snapshot.teams[0]).toMatchObject({ key: "t", memberIds: [member._id], _version: 2 });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const ownerId = (await call("GET", "/api/v2/members/me")).body._id;
    emu.store.reset();
    expect(emu.store.snapshot()).toMatchObject({ teams: [], roles: [], members: [expect.objectContaining({ _id: ownerId, role: "owner" })] });
    expect(() => emu.store.addTeamMembers("nope", [])).toThrow();
  });
});
