import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { findOutsidePaths, OUTSIDE_PATH_ALLOW_LIST, scannedFiles, type OutsidePathFinding } from "../support/outside-paths";

/**
 * Tests and scripts reach files outside the repository only through the OpenAPI spec lookup
 * (scripts/openapi-spec-location.js), so a bare clone behaves like CI minus the spec.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const describeFinding = (f: OutsidePathFinding) => `${f.file}:${f.line} ${f.rule}: ${f.text}`;

describe("paths outside the repository", () => {
  it("no test, script, benchmark, example or source file names one, except the spec lookup", () => {
    const files = scannedFiles(ROOT);
    expect(files).toEqual(expect.arrayContaining([...OUTSIDE_PATH_ALLOW_LIST, "test/support/openapi.ts", "scripts/install-pulumi-cli.sh", "vitest.config.mts"]));
    const findings = files.filter((file) => !OUTSIDE_PATH_ALLOW_LIST.includes(file)).flatMap((file) => findOutsidePaths(file, read(file)));
    expect(findings.map(describeFinding)).toEqual([]);
  });

  it("the allow-listed lookup is the one that does (so the allow-list is needed)", () => {
    const rules = new Set(findOutsidePaths("scripts/openapi-spec-location.js", read("scripts/openapi-spec-location.js")).map((f) => f.rule));
    expect(rules).toEqual(new Set(["escaping-path", "spec-location"]));
  });

  it.each([
    ["fixture.ts.txt", "test/unit/fixture.ts"],
    ["fixture.sh.txt", "scripts/fixture.sh"],
  ])("finds exactly the marked lines of %s", (fixture, asFile) => {
    const source = read(`test/fixtures/outside-paths/${fixture}`);
    const expected = source.split("\n").flatMap((line, index) => {
      const marker = /(?:\/\/|#) outside: ([a-z-]+)$/.exec(line);
      return marker ? [`${index + 1} ${marker[1]}`] : [];
    });
    expect(expected.length).toBeGreaterThan(1);
    const found = findOutsidePaths(asFile, source).map((f) => `${f.line} ${f.rule}`);
    expect(found.sort()).toEqual(expected.sort());
  });
});
