import { closestMatch } from "./closest";
import { RESOURCE_TYPES, SEGMENT_TYPES, UNNAMED_TYPES } from "./resource-types";

/**
 * The resource-specifier grammar of LaunchDarkly role policies, parsed by hand (it is tiny):
 *
 *   specifier   := "*" | segment (":" segment)*
 *   segment     := type ["/" name] [";" tags]
 *   name        := (namechar | "*" | placeholder)+        namechar := [A-Za-z0-9._-]
 *   tags        := tag ("," tag)*                          tag := ([A-Za-z0-9._*-] | placeholder)+
 *   placeholder := "${roleAttribute/" key "}"              key := [A-Za-z0-9._-]+
 *
 * and the nesting of `resource-types.ts` (`proj/…:env/…:flag/…`). A failure names the offending segment and,
 * where one can be built, the closest valid specifier.
 */
export interface ResourceSegment {
  type: string;
  /** Absent for `acct` and `ip-allowlist`. */
  name?: string;
  tags: string[];
}

export type ResourceSpecifier =
  | { kind: "any" }
  | { kind: "path"; segments: ResourceSegment[]; /** The innermost segment's type. */ type: string };

export interface SpecifierError {
  /** The segment the problem is in (the whole specifier when it is not about one segment). */
  segment: string;
  problem: string;
  /** The closest valid specifier, when one can be built. */
  closest?: string;
}

export type SpecifierParse = { ok: true; specifier: ResourceSpecifier } | { ok: false; error: SpecifierError };

const PLACEHOLDER_PREFIX = "${roleAttribute/";
const NAME_CHAR = /[A-Za-z0-9._*-]/;
const KEY_CHAR = /[A-Za-z0-9._-]/;

/** The role-attribute keys a specifier refers to (`${roleAttribute/projects}` → `projects`). */
export function placeholderKeys(text: string): string[] {
  return [...text.matchAll(/\$\{roleAttribute\/([A-Za-z0-9._-]+)\}/g)].map((m) => m[1]!);
}

export function parseResourceSpecifier(text: string): SpecifierParse {
  if (text === "*") return { ok: true, specifier: { kind: "any" } };
  if (text.trim() !== text) return fail(text, "spaces around the specifier", text.trim());
  const rawSegments = text.split(":");
  const segments: ResourceSegment[] = [];
  for (const [index, raw] of rawSegments.entries()) {
    const parsed = parseSegment(raw);
    if ("problem" in parsed) {
      const closest = parsed.fixed !== undefined ? replaceSegment(rawSegments, index, parsed.fixed) : undefined;
      return fail(raw, parsed.problem, closest);
    }
    segments.push(parsed);
  }
  return checkNesting(text, rawSegments, segments);
}

type SegmentParse = ResourceSegment | { problem: string; fixed?: string };

function parseSegment(raw: string): SegmentParse {
  if (raw === "") return { problem: "empty segment (two \":\" in a row, or a \":\" at an end)" };
  const typeEnd = firstOf(raw, ["/", ";"]);
  const type = raw.slice(0, typeEnd);
  let rest = raw.slice(typeEnd);
  if (!RESOURCE_TYPES.has(type)) {
    const suggestion = closestMatch(type, SEGMENT_TYPES);
    return {
      problem: `unknown resource type "${type}"${suggestion ? `; did you mean "${suggestion}"?` : ` (known types: ${SEGMENT_TYPES.join(", ")})`}`,
      ...(suggestion ? { fixed: suggestion + rest } : {}),
    };
  }
  let name: string | undefined;
  if (rest.startsWith("/")) {
    const nameEnd = firstOf(rest, [";"]);
    name = rest.slice(1, nameEnd);
    rest = rest.slice(nameEnd);
    if (UNNAMED_TYPES.has(type)) return { problem: `"${type}" takes no name: write it bare`, fixed: type + rest };
    if (name === "") return { problem: `empty name after "${type}/" (use "*" for every ${type})`, fixed: `${type}/*${rest}` };
    const nameProblem = checkName(name, `the name of "${type}"`);
    if (nameProblem) return { problem: nameProblem.problem, ...(nameProblem.fixed !== undefined ? { fixed: `${type}/${nameProblem.fixed}${rest}` } : {}) };
  } else if (!UNNAMED_TYPES.has(type)) {
    return { problem: `"${type}" needs a name: "${type}/<name>" or "${type}/*"`, fixed: `${type}/*${rest}` };
  }
  const tags: string[] = [];
  if (rest.startsWith(";")) {
    const prefix = name === undefined ? type : `${type}/${name}`;
    const list = rest.slice(1).split(",");
    const nonEmpty = list.filter((tag) => tag !== "");
    if (nonEmpty.length < list.length) {
      return {
        problem: list.length === 1 ? `empty tag list after ";"` : `empty tag in ";${rest.slice(1)}"`,
        fixed: nonEmpty.length > 0 ? `${prefix};${nonEmpty.join(",")}` : prefix,
      };
    }
    for (const tag of nonEmpty) {
      const tagProblem = checkName(tag, `the tag "${tag}"`);
      if (tagProblem) return { problem: tagProblem.problem, ...(tagProblem.fixed !== undefined ? { fixed: `${prefix};${nonEmpty.map((t) => (t === tag ? tagProblem.fixed : t)).join(",")}` } : {}) };
      tags.push(tag);
    }
  }
  return { type, ...(name !== undefined ? { name } : {}), tags };
}

/** A name or tag: name characters, `*` globs and `${roleAttribute/<key>}` placeholders. */
function checkName(text: string, what: string): { problem: string; fixed?: string } | undefined {
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$", i)) {
      const close = text.indexOf("}", i);
      const body = close === -1 ? text.slice(i) : text.slice(i, close + 1);
      const keyMatch = /^\$\{\s*role[_-]?attributes?\s*\/\s*([A-Za-z0-9._-]*)\s*\}?$/i.exec(body);
      const guessedKey = keyMatch?.[1] ?? "";
      const fixedPlaceholder = guessedKey !== "" ? `${PLACEHOLDER_PREFIX}${guessedKey}}` : undefined;
      const fixed = fixedPlaceholder !== undefined ? text.slice(0, i) + fixedPlaceholder + (close === -1 ? "" : text.slice(close + 1)) : undefined;
      if (!body.startsWith(PLACEHOLDER_PREFIX)) {
        return { problem: `${what} has a malformed placeholder "${body}": write \${roleAttribute/<key>}`, ...(fixed !== undefined ? { fixed } : {}) };
      }
      if (close === -1) return { problem: `${what} has a placeholder "${body}" without its closing "}"`, ...(fixed !== undefined ? { fixed } : {}) };
      const key = body.slice(PLACEHOLDER_PREFIX.length, -1);
      if (key === "") return { problem: `${what} has a placeholder without an attribute key: write \${roleAttribute/<key>}` };
      const bad = [...key].find((ch) => !KEY_CHAR.test(ch));
      if (bad !== undefined) return { problem: `${what} has a placeholder key "${key}" with the character "${bad}" (keys are letters, digits, ".", "_" and "-")` };
      i = close + 1;
      continue;
    }
    const ch = text[i]!;
    if (!NAME_CHAR.test(ch)) {
      const cleaned = [...text].filter((c) => NAME_CHAR.test(c) || c === "$" || c === "{" || c === "}" || c === "/").join("");
      return {
        problem: `${what} has the character ${JSON.stringify(ch)}: names are letters, digits, ".", "_", "-", "*" globs and \${roleAttribute/<key>} placeholders`,
        ...(cleaned !== "" && !/[{}/]/.test(cleaned.replace(/\$\{roleAttribute\/[A-Za-z0-9._-]+\}/g, "")) ? { fixed: cleaned } : {}),
      };
    }
    i++;
  }
  return undefined;
}

function checkNesting(text: string, rawSegments: string[], segments: ResourceSegment[]): SpecifierParse {
  const types = segments.map((s) => s.type);
  const innermost = types[types.length - 1]!;
  const spec = RESOURCE_TYPES.get(innermost)!;
  if (spec.chain.length === types.length && spec.chain.every((t, i) => t === types[i])) {
    return { ok: true, specifier: { kind: "path", segments, type: innermost } };
  }
  const duplicate = types.find((t, i) => types.indexOf(t) !== i);
  const closest = spec.chain
    .map((type) => {
      const index = types.lastIndexOf(type);
      if (index >= 0) return rawSegments[index]!;
      return UNNAMED_TYPES.has(type) ? type : `${type}/*`;
    })
    .join(":");
  const expected = spec.chain.join(" → ");
  const problem = duplicate
    ? `the segment type "${duplicate}" appears twice`
    : `cannot be nested this way: a ${innermost} sits at ${expected}, not ${types.join(" → ")}`;
  return fail(text, problem, closest);
}

function fail(segment: string, problem: string, closest?: string): SpecifierParse {
  return { ok: false, error: { segment, problem, ...(closest !== undefined ? { closest } : {}) } };
}

function replaceSegment(segments: readonly string[], index: number, replacement: string): string {
  return segments.map((s, i) => (i === index ? replacement : s)).join(":");
}

/** The index of the first of `chars` in `text` outside a `${…}` placeholder, or the length. */
function firstOf(text: string, chars: readonly string[]): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("${", i)) depth++;
    else if (text[i] === "}" && depth > 0) depth--;
    else if (depth === 0 && chars.includes(text[i]!)) return i;
  }
  return text.length;
}
