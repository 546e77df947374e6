import { RUN_FILTER_FIELDS } from "./run-search";

/** A URL patch that removes every runs filter (the saved view, if any, is the caller's to keep or drop). */
export function clearedFilters(): Record<string, null> {
  return { ...Object.fromEntries(RUN_FILTER_FIELDS.map((f) => [f.key, null])), agentId: null, stepCountOperator: null };
}
