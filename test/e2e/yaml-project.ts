import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isMap, parse, parseDocument, type Document } from "yaml";
import { REPO_ROOT } from "./e2e-project";

export const YAML_EXAMPLE = path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml");
/** Where examples/yaml/Pulumi.yaml's `plugins: providers:` entry points: the repository's `bin/`. */
export const PLUGIN_DIR = path.join(REPO_ROOT, "bin");

export interface YamlProject {
  root: string;
  projectDir: string;
  backendDir: string;
  homeDir: string;
  /** The program as a YAML document (comments kept); `save()` writes it back. */
  program: Document;
  save(): void;
  /** Adds every entry of a `resources:` block that `pulumi import` generated to the program, and saves. */
  addGeneratedResources(generatedYaml: string): string[];
  remove(): void;
}

/**
 * A temp Pulumi YAML project running examples/yaml/Pulumi.yaml as it is in the repository, with only the
 * plugin path made absolute (the example's `../../bin` is relative to examples/yaml). With `empty`, the
 * example's project under another name, without its resources and outputs: a program to import into.
 */
export function createYamlProject(options: { empty?: { projectName: string } } = {}): YamlProject {
  const root = mkdtempSync(path.join(tmpdir(), "ld-access-yaml-e2e-"));
  const projectDir = path.join(root, "project");
  const backendDir = path.join(root, "backend");
  const homeDir = path.join(root, "pulumi-home");
  for (const dir of [projectDir, backendDir, homeDir]) mkdirSync(dir, { recursive: true });
  const program = parseDocument(readFileSync(YAML_EXAMPLE, "utf8"));
  const providers = program.getIn(["plugins", "providers"]) as { items: unknown[] } | undefined;
  if (!providers || providers.items.length !== 1) throw new Error(`${YAML_EXAMPLE}: expected one plugins.providers entry`);
  program.setIn(["plugins", "providers", 0, "path"], PLUGIN_DIR);
  if (options.empty) {
    program.set("name", options.empty.projectName);
    program.delete("resources");
    program.delete("outputs");
  }
  const programFile = path.join(projectDir, "Pulumi.yaml");
  const project: YamlProject = {
    root,
    projectDir,
    backendDir,
    homeDir,
    program,
    save: () => writeFileSync(programFile, program.toString()),
    addGeneratedResources(generatedYaml) {
      const resources = (parse(generatedYaml) as { resources?: Record<string, unknown> } | null)?.resources;
      if (!resources || Object.keys(resources).length === 0) throw new Error(`no resources in the generated code:\n${generatedYaml}`);
      if (!isMap(program.get("resources"))) program.set("resources", program.createNode({}));
      for (const [name, resource] of Object.entries(resources)) {
        if (program.hasIn(["resources", name])) throw new Error(`the program already has a resource named ${name}`);
        program.setIn(["resources", name], program.createNode(resource));
      }
      project.save();
      return Object.keys(resources);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  project.save();
  return project;
}
