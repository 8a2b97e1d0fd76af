import type { EmulatorOptions } from "./options";
import type { EmulatorStore } from "./store";

/** What every handler family closes over. */
export interface HandlerContext {
  store: EmulatorStore;
  options: EmulatorOptions;
  token: string;
}

export function expandSet(url: URL): Set<string> {
  const raw = url.searchParams.getAll("expand").join(",");
  return new Set(raw.split(",").map((part) => part.trim()).filter((part) => part !== ""));
}
