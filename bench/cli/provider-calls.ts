import { readFileSync } from "node:fs";

/**
 * The engine's calls to the dynamic provider, from the CLI's own gRPC debug log (`PULUMI_DEBUG_GRPC=<file>`:
 * one JSON line per request start and per completion, with an RFC 3339 timestamp and, on completion, the
 * duration in nanoseconds). Only `ResourceProvider` calls on resources are kept.
 */
export type ProviderMethod = "Check" | "Diff" | "Create" | "Read" | "Update" | "Delete";

export interface ProviderCall {
  method: ProviderMethod;
  /** The resource type's last segment ("TeamMembership") and name. */
  type: string;
  name: string;
  /** The membership's team, for TeamMembership calls. */
  teamKey?: string;
  /** Milliseconds since the epoch. */
  startMs: number;
  endMs: number;
}

interface DebugLogLine {
  method: string;
  progress?: "request_started" | "response_completed";
  timestamp: string;
  duration?: number;
  request?: { urn?: string; properties?: Record<string, unknown>; news?: Record<string, unknown> };
}

const PROVIDER_METHODS = new Set<string>(["Check", "Diff", "Create", "Read", "Update", "Delete"]);

export function readProviderCalls(logFile: string): ProviderCall[] {
  const calls: ProviderCall[] = [];
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as DebugLogLine;
    const method = entry.method.replace("/pulumirpc.ResourceProvider/", "");
    if (method === entry.method || !PROVIDER_METHODS.has(method) || entry.progress !== "response_completed") continue;
    // urn:pulumi:<stack>::<project>::<type token>::<name>
    const [, , typeToken = "", name = ""] = (entry.request?.urn ?? "").split("::");
    const props = entry.request?.properties ?? entry.request?.news ?? {};
    // Millisecond precision is plenty: the windows measured are tens of milliseconds.
    const endMs = Date.parse(entry.timestamp);
    const startMs = endMs - (entry.duration ?? 0) / 1e6;
    calls.push({
      method: method as ProviderMethod,
      type: typeToken.split(":").pop() ?? typeToken,
      name,
      ...(typeof props.teamKey === "string" ? { teamKey: props.teamKey } : {}),
      startMs,
      endMs,
    });
  }
  return calls.sort((a, b) => a.startMs - b.startMs);
}

/** Milliseconds during which at least one provider call was in flight (the union of the calls' intervals). */
export function busyMs(calls: readonly ProviderCall[]): number {
  let busy = 0;
  let coveredUntil = -Infinity;
  for (const call of [...calls].sort((a, b) => a.startMs - b.startMs)) {
    const from = Math.max(call.startMs, coveredUntil);
    if (call.endMs > from) busy += call.endMs - from;
    coveredUntil = Math.max(coveredUntil, call.endMs);
  }
  return busy;
}
