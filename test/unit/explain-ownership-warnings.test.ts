import { describe, expect, it } from "vitest";
import { planFromPreview } from "../../src/tools/explain/plan";
import { parsePreviewJson } from "../../src/tools/explain/preview-json";
import { renderExplainMarkdown } from "../../src/tools/explain/render-markdown";
import { state, urn } from "../support/preview-steps";

const plan = (steps: object[]) => planFromPreview(parsePreviewJson(JSON.stringify({ steps })).steps);
const linus = { email: "linus@example.com", role: "writer", adoptExisting: false, replaceOnNameChange: false, memberId: "m1" };

describe("explain warns when a plan creates and deletes resources pointing at one email or key", () => {
  it("a renamed Member without adoptExisting: the create fails; the warning names the alias to add", () => {
    const result = plan([
      { op: "create", urn: urn("Member", "linus-torvalds"), newState: state("Member", "linus-torvalds", { inputs: { email: "Linus@Example.com", role: "writer" } }) },
      { op: "delete", urn: urn("Member", "linus"), oldState: state("Member", "linus", { id: "m1", outputs: linus }) },
    ]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Member `linus` is deleted and Member `linus-torvalds` is created with the same email `linus@example.com`\. If this is a rename, add `aliases: \[\{ name: "linus" \}\]`.*`up` fails/),
    ]);
    expect(renderExplainMarkdown(result)).toContain("> **Warning:** Member `linus` is deleted");
  });

  it("a renamed Team with adoptExisting: the warning says it is handed over", () => {
    const result = plan([
      { op: "create", urn: urn("Team", "web-team"), newState: state("Team", "web-team", { inputs: { key: "web", name: "Web", adoptExisting: true } }) },
      { op: "delete", urn: urn("Team", "web"), oldState: state("Team", "web", { id: "web", outputs: { key: "web", name: "Web" } }) },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/Team `web` is deleted and Team `web-team` is created with the same key `web`.*hands the object over to `web-team`/)]);
  });

  it("different emails or keys: no warning", () => {
    const result = plan([
      { op: "create", urn: urn("Member", "grace"), newState: state("Member", "grace", { inputs: { email: "grace@example.com" } }) },
      { op: "delete", urn: urn("Member", "linus"), oldState: state("Member", "linus", { id: "m1", outputs: linus }) },
      { op: "create", urn: urn("CustomRole", "a"), newState: state("CustomRole", "a", { inputs: { key: "a" } }) },
      { op: "delete", urn: urn("CustomRole", "b"), oldState: state("CustomRole", "b", { id: "b", outputs: { key: "b" } }) },
    ]);
    expect(result.warnings).toEqual([]);
  });
});
