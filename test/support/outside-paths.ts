import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/**
 * A static scan for code that reaches a file outside the repository. Outside paths are found only through
 * scripts/openapi-spec-location.js (the OpenAPI spec lookup); test/unit/no-outside-paths.test.ts runs this scan
 * over test/, scripts/, bench/, src/, examples/ and the root configs.
 *
 * JavaScript and TypeScript files are parsed (TypeScript's own parser), and every path the code builds is
 * evaluated with the repository at a virtual root: `__dirname`, `__filename`, `import.meta.dirname`,
 * `new URL(…, import.meta.url)`, `process.cwd()` (npm runs scripts from the root) and `os.homedir()` are
 * known places, `path.resolve/join/normalize/dirname`, `+` and template strings are followed, and so are
 * `const` bindings in the same file. Reported:
 * - `relative-import`: an import, `require` or `import()` of a relative specifier that leaves the repository;
 * - `escaping-path`: a path built from a known place (or a relative path handed to `fs`) that ends outside it;
 * - `absolute-path`: a string literal naming a host directory (`/work/…`, `/home/…`, `/tmp/…`, `C:\…`, `~/…`);
 * - `spec-location`: a string naming where the spec lives (`../shared`, `launchdarkly-openapi.json`), or a read
 *   of LAUNCHDARKLY_OPENAPI_SPEC, anywhere but the lookup module.
 * Shell scripts get the `spec-location` check and a narrower `absolute-path` check line by line: they may name
 * system tool directories (`/usr/local/go/bin`), but not host data directories (`/work`, `/home`, `/tmp`, …).
 * `os.tmpdir()` is not a finding: scratch directories a test creates for itself are not read from the host.
 */
export type OutsidePathRule = "relative-import" | "escaping-path" | "absolute-path" | "spec-location";

export interface OutsidePathFinding {
  file: string;
  line: number;
  rule: OutsidePathRule;
  text: string;
}

export const SCANNED_DIRECTORIES = ["test", "scripts", "bench", "src", "examples"];
/** The one module allowed to name paths outside the repository. */
export const OUTSIDE_PATH_ALLOW_LIST = ["scripts/openapi-spec-location.js"];

const CODE_EXTENSIONS = /\.(?:[cm]?ts|[cm]?js)$/;
const SHELL_EXTENSION = /\.sh$/;
const VIRTUAL_ROOT = "/__repository__";
const VIRTUAL_HOME = "/__home__";
const HOST_DIRECTORY = /^(?:\/(?:work|home|Users|root|tmp|var|etc|usr|opt|mnt|srv|private|Volumes)(?:\/|$)|~\/|[A-Za-z]:[\\/])/;
const SHELL_HOST_DIRECTORY = /^(?:\/(?:work|home|Users|root|tmp|mnt|srv|private|Volumes)(?:\/|$)|~\/)/;
const SPEC_LOCATION_TEXT = /(?:^|[^.\w])\.\.[\\/]+shared(?:[\\/]|$)|launchdarkly-openapi\.json/;
const SPEC_ENV = "LAUNCHDARKLY_OPENAPI_SPEC";
const FS_READS = /^(?:readFileSync|readFile|existsSync|exists|statSync|stat|lstatSync|lstat|readdirSync|readdir|openSync|open|createReadStream|accessSync|access|realpathSync|realpath|copyFileSync|copyFile|cpSync|cp|readlinkSync|readlink|opendir|opendirSync)$/;
const PATH_FUNCTIONS = new Set(["resolve", "join", "normalize", "dirname"]);

/** Every file the scan covers, as repository-relative POSIX paths. */
export function scannedFiles(repoRoot: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(repoRoot, relative), { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "__snapshots__") continue;
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (CODE_EXTENSIONS.test(entry.name) || SHELL_EXTENSION.test(entry.name)) files.push(child);
    }
  };
  for (const directory of SCANNED_DIRECTORIES) if (fs.existsSync(path.join(repoRoot, directory))) walk(directory);
  for (const entry of fs.readdirSync(repoRoot)) if (/^vitest\..*\.mts$/.test(entry) || /^vitest\.config\.mts$/.test(entry)) files.push(entry);
  return files.sort();
}

/** Findings in one file; `file` is its repository-relative POSIX path (it decides where `__dirname` is). */
export function findOutsidePaths(file: string, source: string): OutsidePathFinding[] {
  if (SHELL_EXTENSION.test(file)) return scanShell(file, source);
  return new CodeScan(file, source).run();
}

function scanShell(file: string, source: string): OutsidePathFinding[] {
  const findings: OutsidePathFinding[] = [];
  source.split("\n").forEach((text, index) => {
    const code = text.replace(/^\s*#.*$/, "");
    if (SPEC_LOCATION_TEXT.test(code)) findings.push({ file, line: index + 1, rule: "spec-location", text: text.trim() });
    if (code.split(/[\s"'=:(]+/).some((word) => SHELL_HOST_DIRECTORY.test(word))) {
      findings.push({ file, line: index + 1, rule: "absolute-path", text: text.trim() });
    }
  });
  return findings;
}

interface Evaluated {
  value: string;
  /** Built from a known place, so `value` is where it points. */
  anchored: boolean;
}

class CodeScan {
  private readonly sourceFile: ts.SourceFile;
  private readonly virtualFile: string;
  private readonly constants = new Map<string, ts.Expression>();
  private readonly pathModuleNames = new Set<string>();
  private readonly pathFunctionNames = new Map<string, string>();
  private readonly osModuleNames = new Set<string>();
  private readonly homedirNames = new Set<string>();
  private readonly findings: OutsidePathFinding[] = [];
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly file: string,
    source: string,
  ) {
    this.sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : undefined);
    this.virtualFile = path.posix.join(VIRTUAL_ROOT, file);
  }

  run(): OutsidePathFinding[] {
    this.collectBindings(this.sourceFile);
    this.visit(this.sourceFile);
    const seen = new Set<string>();
    return this.findings.filter((finding) => {
      const key = `${finding.line}:${finding.rule}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private report(node: ts.Node, rule: OutsidePathRule): void {
    const line = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile)).line + 1;
    this.findings.push({ file: this.file, line, rule, text: node.getText(this.sourceFile).replace(/\s+/g, " ").slice(0, 160) });
  }

  /** `const` bindings, and the names under which node:path and node:os (or their functions) are imported. */
  private collectBindings(node: ts.Node): void {
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isVariableDeclarationList(node.parent) && node.parent.flags & ts.NodeFlags.Const) {
      const moduleName = requiredModule(node.initializer);
      if (ts.isIdentifier(node.name)) {
        this.constants.set(node.name.text, node.initializer);
        if (moduleName) this.bindModule(moduleName, node.name.text);
      } else if (ts.isObjectBindingPattern(node.name) && moduleName) {
        for (const element of node.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          this.bindFunction(moduleName, imported, element.name.text);
        }
      }
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause) {
      const moduleName = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause.name) this.bindModule(moduleName, clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.bindModule(moduleName, bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) this.bindFunction(moduleName, (element.propertyName ?? element.name).text, element.name.text);
      }
    }
    ts.forEachChild(node, (child) => this.collectBindings(child));
  }

  private bindModule(moduleName: string, local: string): void {
    if (isModule(moduleName, "path")) this.pathModuleNames.add(local);
    if (isModule(moduleName, "os")) this.osModuleNames.add(local);
  }

  private bindFunction(moduleName: string, imported: string, local: string): void {
    if (isModule(moduleName, "path") && PATH_FUNCTIONS.has(imported)) this.pathFunctionNames.set(local, imported);
    if (isModule(moduleName, "path") && imported === "posix") this.pathModuleNames.add(local);
    if (isModule(moduleName, "os") && imported === "homedir") this.homedirNames.add(local);
  }

  private visit(node: ts.Node): void {
    this.checkImport(node);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) this.checkLiteral(node, node.text);
    if (ts.isTemplateExpression(node)) {
      for (const part of [node.head, ...node.templateSpans.map((span) => span.literal)]) this.checkLiteral(part, part.text);
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === SPEC_ENV) this.report(node, "spec-location");
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === SPEC_ENV) {
      this.report(node, "spec-location");
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTemplateExpression(node) || ts.isBinaryExpression(node)) {
      const evaluated = this.evaluate(node);
      if (evaluated?.anchored && isOutside(evaluated.value)) this.report(node, "escaping-path");
    }
    if (ts.isCallExpression(node) && FS_READS.test(calleeName(node.expression) ?? "") && node.arguments[0]) {
      const target = this.evaluate(node.arguments[0]);
      if (target && !target.anchored && !path.posix.isAbsolute(target.value) && isOutside(path.posix.resolve(VIRTUAL_ROOT, target.value))) {
        this.report(node, "escaping-path");
      }
    }
    ts.forEachChild(node, (child) => this.visit(child));
  }

  private checkLiteral(node: ts.Node, text: string): void {
    if (HOST_DIRECTORY.test(text)) this.report(node, "absolute-path");
    if (SPEC_LOCATION_TEXT.test(text)) this.report(node, "spec-location");
  }

  private checkImport(node: ts.Node): void {
    let specifier: string | undefined;
    let base = path.posix.dirname(this.virtualFile);
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifier = node.moduleSpecifier.text;
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifier = node.argument.literal.text;
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === "require") || callee.kind === ts.SyntaxKind.ImportKeyword) {
        specifier = node.arguments[0].text;
      } else {
        // createRequire(place)("./x"), or `const load = createRequire(place); load("./x")`: relative to that place.
        const requireOf = ts.isIdentifier(callee) ? this.constants.get(callee.text) : callee;
        if (!requireOf || !ts.isCallExpression(requireOf) || calleeName(requireOf.expression) !== "createRequire" || !requireOf.arguments[0]) return;
        const place = this.evaluate(requireOf.arguments[0]);
        if (!place?.anchored) return;
        specifier = node.arguments[0].text;
        base = path.posix.dirname(place.value);
      }
    }
    if (specifier === undefined || !specifier.startsWith(".")) return;
    if (isOutside(path.posix.resolve(base, specifier))) this.report(node, "relative-import");
  }

  /** Where an expression points, when it can be worked out statically. */
  private evaluate(node: ts.Node): Evaluated | undefined {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) return this.evaluate(node.expression);
    if (ts.isStringLiteralLike(node)) return { value: node.text, anchored: false };
    if (ts.isIdentifier(node)) return this.evaluateIdentifier(node.text);
    if (ts.isPropertyAccessExpression(node) && isImportMeta(node.expression)) {
      if (node.name.text === "dirname") return { value: path.posix.dirname(this.virtualFile), anchored: true };
      if (node.name.text === "filename") return { value: this.virtualFile, anchored: true };
      return undefined;
    }
    if (ts.isTemplateExpression(node)) {
      let value = node.head.text;
      let anchored = false;
      for (const span of node.templateSpans) {
        const part = this.evaluate(span.expression);
        if (!part) return undefined;
        value += part.value + span.literal.text;
        anchored ||= part.anchored;
      }
      return { value, anchored };
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.evaluate(node.left);
      const right = this.evaluate(node.right);
      return left && right ? { value: left.value + right.value, anchored: left.anchored || right.anchored } : undefined;
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL" && node.arguments?.length === 2) {
      const [relative, base] = node.arguments;
      if (ts.isPropertyAccessExpression(base!) && isImportMeta(base.expression) && base.name.text === "url") {
        const target = this.evaluate(relative!);
        return target ? { value: path.posix.resolve(path.posix.dirname(this.virtualFile), target.value), anchored: true } : undefined;
      }
      return undefined;
    }
    if (ts.isCallExpression(node)) return this.evaluateCall(node);
    return undefined;
  }

  private evaluateIdentifier(name: string): Evaluated | undefined {
    if (name === "__dirname") return { value: path.posix.dirname(this.virtualFile), anchored: true };
    if (name === "__filename") return { value: this.virtualFile, anchored: true };
    const initializer = this.constants.get(name);
    if (!initializer || this.evaluating.has(name)) return undefined;
    this.evaluating.add(name);
    try {
      return this.evaluate(initializer);
    } finally {
      this.evaluating.delete(name);
    }
  }

  private evaluateCall(node: ts.CallExpression): Evaluated | undefined {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "process" && callee.name.text === "cwd") {
      return { value: VIRTUAL_ROOT, anchored: true };
    }
    if (this.isHomedir(callee)) return { value: VIRTUAL_HOME, anchored: true };
    if (ts.isIdentifier(callee) && callee.text === "fileURLToPath" && node.arguments[0]) return this.evaluate(node.arguments[0]);
    const fn = this.pathFunction(callee);
    if (!fn) return undefined;
    const args: Evaluated[] = [];
    for (const argument of node.arguments) {
      const evaluated = this.evaluate(argument);
      if (!evaluated) return undefined;
      args.push(evaluated);
    }
    const values = args.map((arg) => arg.value);
    const anchored = args.some((arg) => arg.anchored);
    switch (fn) {
      case "resolve":
        // Relative to the working directory, which is the repository root under npm.
        return { value: path.posix.resolve(VIRTUAL_ROOT, ...values), anchored: true };
      case "join":
        return { value: path.posix.join(...values), anchored };
      case "normalize":
        return { value: path.posix.normalize(values[0] ?? ""), anchored };
      case "dirname":
        return { value: path.posix.dirname(values[0] ?? ""), anchored };
    }
    return undefined;
  }

  private pathFunction(callee: ts.Expression): string | undefined {
    if (ts.isIdentifier(callee)) return this.pathFunctionNames.get(callee.text);
    if (!ts.isPropertyAccessExpression(callee) || !PATH_FUNCTIONS.has(callee.name.text)) return undefined;
    const owner = callee.expression;
    if (ts.isIdentifier(owner) && this.pathModuleNames.has(owner.text)) return callee.name.text;
    // path.posix.join / path.win32.join
    if (ts.isPropertyAccessExpression(owner) && ts.isIdentifier(owner.expression) && this.pathModuleNames.has(owner.expression.text)) return callee.name.text;
    return undefined;
  }

  private isHomedir(callee: ts.Expression): boolean {
    if (ts.isIdentifier(callee)) return this.homedirNames.has(callee.text);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === "homedir" && ts.isIdentifier(callee.expression) && this.osModuleNames.has(callee.expression.text);
  }
}

function isOutside(virtualPath: string): boolean {
  const normalized = path.posix.normalize(virtualPath);
  if (!path.posix.isAbsolute(normalized)) return false;
  return normalized !== VIRTUAL_ROOT && !normalized.startsWith(`${VIRTUAL_ROOT}/`);
}

function isModule(specifier: string, name: "path" | "os"): boolean {
  return specifier === name || specifier === `node:${name}` || (name === "path" && (specifier === "path/posix" || specifier === "node:path/posix"));
}

function isImportMeta(node: ts.Expression): boolean {
  return ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword && node.name.text === "meta";
}

/** `require("node:path")` or `await import("node:os")` as a binding's initializer. */
function requiredModule(initializer: ts.Expression): string | undefined {
  let expression = initializer;
  if (ts.isAwaitExpression(expression)) expression = expression.expression;
  if (!ts.isCallExpression(expression) || !expression.arguments[0] || !ts.isStringLiteralLike(expression.arguments[0])) return undefined;
  const callee = expression.expression;
  const isRequire = ts.isIdentifier(callee) && callee.text === "require";
  const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
  return isRequire || isImport ? expression.arguments[0].text : undefined;
}

function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}
