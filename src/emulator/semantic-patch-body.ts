import { z } from "zod";
import { TEAM_INSTRUCTION_KINDS, teamInstructionSchema, type TeamInstruction } from "../core/patch/team-instructions";
import { BULK_TEAM_INSTRUCTION_KINDS, bulkTeamInstructionSchema, type BulkTeamInstruction } from "../core/patch/bulk-team-instructions";
import { invalidRequest, invalidRequestFromIssues } from "./handlers/errors";

export type { BulkTeamInstruction };

const envelopeSchema = z.object({ comment: z.string().optional(), instructions: z.array(z.unknown()) });

/** `{comment?, instructions}` with every instruction checked against `schema`; messages follow the real API (`unknown field "x"`). */
function readInstructions<T>(body: unknown, schema: z.ZodType<T>, kinds: readonly string[]): T[] {
  if (Array.isArray(body)) throw invalidRequest("This endpoint accepts semantic patch ({\"instructions\": [...]}), not JSON Patch");
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw invalidRequestFromIssues(envelope.error.issues, "semantic patch");
  const unknownTopLevel = Object.keys(body as object).filter((key) => key !== "comment" && key !== "instructions");
  if (unknownTopLevel.length > 0) throw invalidRequest(`unknown field "${unknownTopLevel[0]}"`);
  if (envelope.data.instructions.length === 0) throw invalidRequest("instructions must not be empty");
  return envelope.data.instructions.map((raw, index) => {
    const kind = raw !== null && typeof raw === "object" ? (raw as { kind?: unknown }).kind : undefined;
    if (typeof kind !== "string") throw invalidRequest(`instruction ${index}: kind is required`);
    if (!kinds.includes(kind)) throw invalidRequest(`instruction ${index}: unknown instruction kind "${kind}"`);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw invalidRequestFromIssues(parsed.error.issues, `instruction ${index} (${kind})`);
    return parsed.data;
  });
}

export function readTeamInstructions(body: unknown): TeamInstruction[] {
  return readInstructions(body, teamInstructionSchema, TEAM_INSTRUCTION_KINDS);
}

export function readBulkTeamInstructions(body: unknown): BulkTeamInstruction[] {
  return readInstructions(body, bulkTeamInstructionSchema, BULK_TEAM_INSTRUCTION_KINDS);
}
