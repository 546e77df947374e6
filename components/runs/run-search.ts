/**
 * The runs URL codec. ONE filter schema — `listRunsInput` from server/modules/runs/schemas.ts — validates what the
 * URL says, on the RSC page (prefetch), in the client hook (query) and in the export route, so all three
 * build the same `runs.list` input and the prefetched query key is the one the client reads.
 * URL keys are listRunsInput's own field names; this file only says how each is spelled as a string.
 */
import { RUN_STATUSES, STOP_REASONS } from "@/db/schema/enums";
import { COMPARISON_OPERATORS, DURATION_OPERATORS, listRunsInput, type ListRunsInput } from "@/server/modules/runs/schemas";
import { parseCols } from "./columns";

type Kind = "list" | "boolean" | "number" | "string" | "duration";

/** Every filter of `runs.list`, with its control: the filter bar is rendered from this list. */
export const RUN_FILTER_FIELDS = [
  { key: "statuses", label: "Status", kind: "list", control: "chips", options: RUN_STATUSES },
  { key: "agentIds", label: "Agent", kind: "list", control: "agents" },
  { key: "stopReason", label: "Stop reason", kind: "string", control: "select", options: STOP_REASONS },
  { key: "active", label: "Open runs only", kind: "boolean", control: "tristate" },
  { key: "background", label: "Background", kind: "boolean", control: "tristate" },
  { key: "startDate", label: "Created from", kind: "string", control: "datetime" },
  { key: "endDate", label: "Created to", kind: "string", control: "datetime" },
  { key: "stepCount", label: "Steps", kind: "number", control: "steps" },
  { key: "durationFilter", label: "Duration (ms)", kind: "duration", control: "duration" },
  { key: "durationPercentile", label: "Duration ≥ percentile", kind: "number", control: "number" },
  { key: "conversationId", label: "Conversation", kind: "string", control: "text" },
  { key: "templateFamily", label: "Template", kind: "string", control: "text" },
  { key: "projectId", label: "Project id", kind: "string", control: "text" },
  { key: "toolsUsed", label: "Tool ids (comma)", kind: "list", control: "text" },
  { key: "runId", label: "Run id", kind: "string", control: "text" },
] as const satisfies readonly { key: keyof ListRunsInput; label: string; kind: Kind; control: string; options?: readonly string[] }[];

/** URL keys that are not filters: paging, sorting, the view, and the column list. */
const OTHER_FIELDS: Record<string, Kind> = {
  agentId: "string",
  stepCountOperator: "string",
  orderBy: "string",
  ascending: "boolean",
  before: "string",
  after: "string",
  limit: "number",
  viewId: "string",
};

export const FILTER_KINDS: Record<string, Kind> = {
  ...Object.fromEntries(RUN_FILTER_FIELDS.map((f) => [f.key, f.kind])),
  ...OTHER_FIELDS,
};

/** Keys whose change starts the list over from the first page. */
export const CURSOR_KEYS = ["before", "after"] as const;
export const DEFAULT_LIMIT = 50;
export { COMPARISON_OPERATORS, DURATION_OPERATORS };

const NS_PER_MS = 1_000_000;

function decode(kind: Kind, value: string): unknown {
  switch (kind) {
    case "list":
      return value.split(",").map((v) => v.trim()).filter(Boolean);
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    case "number":
      return value.trim() === "" ? value : Number(value);
    case "duration": {
      // "gt:2500" = longer than 2,500 ms
      const [operator, ms] = value.split(":");
      return { operator, value: Math.round(Number(ms) * NS_PER_MS) };
    }
    default:
      return value;
  }
}

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(params: SearchParamsLike): [string, string][] {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v[0] : v] as [string, string]]));
}

export interface RunSearch {
  /** The validated `runs.list` input. */
  input: ListRunsInput;
  /** Visible column ids (`cols=`), catalogue order. */
  cols: string[];
  /** URL keys that did not validate and were ignored, with zod's message. */
  ignored: { key: string; message: string }[];
}

/** URL → `runs.list` input. Invalid keys are dropped (and reported) instead of failing the whole page. */
export function parseRunSearch(params: SearchParamsLike): RunSearch {
  const raw: Record<string, unknown> = { limit: DEFAULT_LIMIT };
  let cols: string | null = null;
  for (const [key, value] of entries(params)) {
    if (key === "cols") cols = value;
    else if (FILTER_KINDS[key]) raw[key] = decode(FILTER_KINDS[key], value);
  }
  const ignored: RunSearch["ignored"] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = listRunsInput.safeParse(raw);
    if (parsed.success) return { input: parsed.data, cols: parseCols(cols), ignored };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (key in raw) {
        ignored.push({ key, message: issue.message });
        delete raw[key];
        if (key === "limit") raw.limit = DEFAULT_LIMIT;
      }
    }
    if (!parsed.error.issues.some((i) => i.path.length)) break;
  }
  return { input: listRunsInput.parse({ limit: DEFAULT_LIMIT }), cols: parseCols(cols), ignored };
}

/** One filter's value as the URL spells it (inverse of decode), or null to remove it. */
export function encodeValue(key: string, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.join(",") : null;
  if (value instanceof Date) return value.toISOString();
  if (key === "durationFilter" && typeof value === "object") {
    const { operator, value: ns } = value as { operator: string; value: number };
    return `${operator}:${ns / NS_PER_MS}`;
  }
  return String(value);
}

/** The filter part of a parsed input (no paging/sort), e.g. for saving as a view. */
export function filtersOf(input: ListRunsInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of RUN_FILTER_FIELDS) {
    const value = input[field.key];
    if (value !== undefined) out[field.key] = value;
  }
  if (input.agentId) out.agentId = input.agentId;
  if (input.stepCount !== undefined) out.stepCountOperator = input.stepCountOperator;
  return out;
}

/** Number of filters set in the URL (for the "Filters (3)" badge). */
export function activeFilterCount(input: ListRunsInput): number {
  return RUN_FILTER_FIELDS.filter((f) => input[f.key] !== undefined).length + (input.agentId ? 1 : 0);
}
