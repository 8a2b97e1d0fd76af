import { z } from "zod";
import type { Props } from "../../core/resources/props";

/**
 * The parts of `pulumi preview --json` (the engine's PreviewDigest: `{config, steps, diagnostics,
 * changeSummary}`) that explain reads. Lenient: the engine adds fields between releases.
 */
const resourceStateSchema = z.looseObject({
  urn: z.string(),
  type: z.string(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
});

const stepSchema = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: resourceStateSchema.optional(),
  newState: resourceStateSchema.optional(),
  replaceReasons: z.array(z.string()).optional(),
  diffReasons: z.array(z.string()).optional(),
});

const digestSchema = z.looseObject({
  steps: z.array(stepSchema).optional(),
  diagnostics: z.array(z.looseObject({ message: z.string().optional(), severity: z.string().optional() })).optional(),
});

export interface PreviewResourceState {
  urn: string;
  type: string;
  id?: string;
  /** Without the engine's `__provider` (the serialized provider, identical for every resource of a kind). */
  inputs: Props;
  outputs: Props;
  propertyDependencies: Record<string, string[]>;
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: PreviewResourceState;
  newState?: PreviewResourceState;
  replaceReasons: string[];
}

export interface PreviewDigest {
  steps: PreviewStep[];
  /** Error diagnostics: a preview that failed has no trustworthy steps. */
  errors: string[];
}

export class PreviewJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewJsonError";
  }
}

export function parsePreviewJson(text: string): PreviewDigest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const start = text.trimStart().slice(0, 40);
    throw new PreviewJsonError(
      `the input is not JSON (${error instanceof Error ? error.message : String(error)}; it starts with ${JSON.stringify(start)}). ` +
        "Pipe the output of `pulumi preview --json`.",
    );
  }
  const parsed = digestSchema.safeParse(raw);
  if (!parsed.success) throw new PreviewJsonError(`the input is not \`pulumi preview --json\` output: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.steps === undefined) throw new PreviewJsonError("the input has no `steps`: pipe the output of `pulumi preview --json`");
  const errors = (parsed.data.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => (d.message ?? "").trim());
  return { steps: parsed.data.steps.map(toStep), errors };
}

function toStep(step: z.output<typeof stepSchema>): PreviewStep {
  return {
    op: step.op,
    urn: step.urn,
    ...(step.oldState ? { oldState: toState(step.oldState) } : {}),
    ...(step.newState ? { newState: toState(step.newState) } : {}),
    replaceReasons: step.replaceReasons ?? [],
  };
}

function toState(state: z.output<typeof resourceStateSchema>): PreviewResourceState {
  const { __provider: _inputProvider, ...inputs } = state.inputs ?? {};
  const { __provider: _outputProvider, ...outputs } = state.outputs ?? {};
  return {
    urn: state.urn,
    type: state.type,
    ...(state.id !== undefined && state.id !== "" ? { id: state.id } : {}),
    inputs,
    outputs,
    propertyDependencies: state.propertyDependencies ?? {},
  };
}

/** The resource's name, the last URN segment (`urn:pulumi:stack::project::type::name`). */
export function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}
