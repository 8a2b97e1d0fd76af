import { describe, expect, test } from "vitest";
import { DOCUMENTED_EXPANDS } from "../../src/core/api/documented-expands";
import { DOCUMENTED_EXPAND_VALUES } from "../../src/emulator/documented-query-values";
import { ROUTES } from "../../src/emulator/routes";
import { openApiSpec, skipWithoutSpec } from "../support/openapi";

/**
 * The provider's and the emulator's tables of documented `expand` values agree with LaunchDarkly's spec: each
 * operation's "Expanding the … response" section lists its values as "* `value` includes …".
 */

interface Operation {
  operationId?: string;
  description?: string;
  parameters?: { name?: string; in?: string }[];
}

function operations(): { method: string; template: string; operation: Operation }[] {
  const paths = openApiSpec().paths as unknown as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ["get", "post", "patch", "put", "delete"].includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), template, operation })),
  );
}

function documentedExpands(operation: Operation): string[] {
  const description = operation.description ?? "";
  const start = description.search(/#+ Expanding/);
  if (start < 0) return [];
  const rest = description.slice(start);
  const end = rest.indexOf("\n#", 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\* `([A-Za-z]+)`/gm)].map((match) => match[1]!);
}

function byOperationId(operationId: string): Operation & { method: string; template: string } {
  const found = operations().find(({ operation }) => operation.operationId === operationId);
  if (!found) throw new Error(`operationId ${operationId} is not in the spec`);
  return { ...found.operation, method: found.method, template: found.template };
}

describe.skipIf(skipWithoutSpec)("documented expand values", () => {
  test("the provider's table (src/core/api/documented-expands.ts) lists exactly what each operation documents", () => {
    for (const [operationId, values] of Object.entries(DOCUMENTED_EXPANDS)) {
      expect([...values].sort(), operationId).toEqual(documentedExpands(byOperationId(operationId)).sort());
    }
  });

  test("the emulator's table lists exactly what each operation documents, under the right route", () => {
    for (const [route, entry] of Object.entries(DOCUMENTED_EXPAND_VALUES)) {
      const operation = byOperationId(entry.operationId);
      expect(route, entry.operationId).toBe(`${operation.method} ${operation.template.replace(/\{([^}]+)\}/g, ":$1")}`);
      expect([...entry.expand].sort(), entry.operationId).toEqual(documentedExpands(operation).sort());
    }
  });

  test("every operation the emulator serves that documents expand values is in the emulator's table", () => {
    const served = new Set(ROUTES.flatMap(({ template, methods }) => methods.map((method) => `${method} ${template}`)));
    const expanding = operations()
      .filter(({ method, template }) => served.has(`${method} ${template.replace(/\{([^}]+)\}/g, ":$1")}`))
      .filter(({ operation }) => documentedExpands(operation).length > 0)
      .map(({ operation }) => operation.operationId);
    expect(expanding.length).toBeGreaterThanOrEqual(6);
    expect(new Set(Object.values(DOCUMENTED_EXPAND_VALUES).map((entry) => entry.operationId))).toEqual(new Set(expanding));
  });
});
