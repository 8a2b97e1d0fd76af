import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Property descriptions for the package schema, read from the README's tables, which are their one source:
 * each `### \`Name\`` (or `#### \`Name\``) section's table rows (`| input | … | notes |`, `| output | … | notes |`,
 * the name in the first cell, the description in the last) and the `### Configuration` table.
 */
export interface ReadmeDescriptions {
  /** Resource name (`Team`) → property → description. */
  resources: Record<string, Record<string, string>>;
  /** Configuration key (`accessToken`) → description. */
  config: Record<string, string>;
}

/** The package's README: two levels above `dist/core/native` (and `src/core/native`). */
export const README_PATH = join(__dirname, "..", "..", "..", "README.md");

export function readmeDescriptions(text: string = readFileSync(README_PATH, "utf8")): ReadmeDescriptions {
  const resources: Record<string, Record<string, string>> = {};
  const config: Record<string, string> = {};
  let section = "";
  for (const line of text.split("\n")) {
    const heading = line.match(/^#{3,4}\s+(.*)$/);
    if (heading) {
      section = heading[1]!.trim();
      continue;
    }
    if (/^#{1,2}\s/.test(line)) section = "";
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const cells = tableCells(line);
    const names = [...(cells[0] ?? "").matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    const description = cells[cells.length - 1] ?? "";
    if (names.length === 0 || description === "") continue;
    const resource = section.match(/^`([A-Za-z]+)`$/)?.[1];
    if (resource) {
      resources[resource] ??= {};
      for (const name of names) resources[resource][name] = description;
    } else if (section === "Configuration") {
      for (const name of names) config[name.slice(name.indexOf(":") + 1)] = description;
    }
  }
  return { resources, config };
}

/** A Markdown table row's cells, with `\|` kept as a literal bar inside a cell. */
function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, "|"));
}
