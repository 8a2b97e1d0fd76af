/**
 * Reads the CLI's `--diff` text: per resource block, the operation and the top-level properties marked as
 * changed (`~`), added (`+`) or removed (`-`). Nested lines (inside a changed list or object) are not
 * properties and are skipped.
 */
export interface DiffBlock {
  typeName: string;
  op: string;
  /** The resource name, from the block's `[urn=…]` line. */
  name: string;
  /** Top-level property → marker. */
  marked: Record<string, "~" | "+" | "-">;
}

/** A dynamic resource (`pulumi-nodejs:dynamic/launchdarkly:Team`) or the native plugin's (`launchdarkly-access:index:Team`). */
const HEADER = /^( *)(\+-|[+~-]) ?(?:pulumi-nodejs:dynamic\/launchdarkly|launchdarkly-access:index):(\w+): \(([\w-]+)\)/;
const URN = /^\s*\[urn=urn:pulumi:[^\]]*::([^:\]]+)\]/;

export function parseDiffText(text: string): DiffBlock[] {
  const blocks: Array<DiffBlock & { indent: number }> = [];
  let current: (DiffBlock & { indent: number }) | undefined;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      current = { typeName: header[3]!, op: header[4]!, name: "", marked: {}, indent: header[1]!.length };
      blocks.push(current);
      continue;
    }
    if (!current) continue;
    const urn = URN.exec(line);
    if (urn) {
      if (current.name === "") current.name = urn[1]!;
      continue;
    }
    const leading = line.length - line.trimStart().length;
    if (line.trim() === "" || leading <= current.indent) {
      // Back at (or above) the header's level: the block is over.
      if (line.trim() !== "") current = undefined;
      continue;
    }
    const property = new RegExp(`^ {${current.indent + 2}}([~+-]) (\\w+)\\s*:`).exec(line);
    if (property) current.marked[property[2]!] = property[1] as "~" | "+" | "-";
  }
  return blocks.map(({ typeName, op, name, marked }) => ({ typeName, op, name, marked }));
}
