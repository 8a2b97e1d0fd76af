import { expect, it } from "vitest";
import { memberProvider } from "../../src/core/resources/member";
import { useEmulatorSession } from "../support/emulator-session";

// Found by `npm run demo`: refresh reported `roleAttributes: {}` as drift on a member whose program never
// set roleAttributes, because read returned every live field as an input.
const { emulator, session } = useEmulatorSession();

it("read reports as inputs only the fields the program manages", async () => {
  const checked = await memberProvider.check(session(), {}, { email: "barbara@example.com", role: "reader" });
  const created = await memberProvider.create(session(), checked.inputs!);
  const read = await memberProvider.read(session(), created.id, created.outs);
  expect(read.inputs).not.toHaveProperty("roleAttributes");
  expect(read.inputs).not.toHaveProperty("firstName");
  expect(read.inputs).toMatchObject({ email: "barbara@example.com", role: "reader" });
  expect(await memberProvider.diff(session(), created.id, read.props!, checked.inputs!)).toMatchObject({ changes: false });
});
