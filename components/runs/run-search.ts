/**
 * The runs URL codec. ONE filter schema — `listRunsInput`, built from the run-filter catalogue
 * (server/modules/runs/filters.ts) — validates what the URL says, on the RSC page (prefetch), in the client hook
 * (query) and in the export route, so all three build the same `runs.list` input and the prefetched query key is
 * the one the client reads. URL keys are the catalogue's filter names; the catalogue says how each is spelled
 * (its `url` kind) and which control the filter bar shows for it.
 */
import {
  COMPARISON_OPERATORS,
  DURATION_OPERATORS,
  listRunsInput,
  RUN_FILTER_KEYS,
  RUN_FILTERS,
} from "@/server/modules/runs/schemas";
import type { ListRunsInput, RunFilterDef, RunFilterKey, UrlKind as Kind } from "@/server/modules/runs/schemas";
import { parseCols } from "./columns";

type Filters = typeof RUN_FILTERS;
type BarKey = { [K in RunFilterKey]: Filters[K] extends { control: object } ? K : never }[RunFilterKey];
type BarField<K extends BarKey> = { key: K; kind: Filters[K]["url"] } & Filters[K]["control"];
type AnyBarField = { [K in BarKey]: BarField<K> }[BarKey];

/** Every filter of the bar, in catalogue order (statuses first: the status chips). */
export const RUN_FILTER_FIELDS = RUN_FILTER_KEYS.flatMap((key) => {
  const def: RunFilterDef = RUN_FILTERS[key];
  return def.control ? [{ key, kind: def.url, ...def.control }] : [];
}) as unknown as readonly [BarField<"statuses">, ...AnyBarField[]];

/** URL keys that are not filters: paging and sorting. */
const LIST_FIELDS: Record<string, Kind> = {
  orderBy: "string",
  ascending: "boolean",
  before: "string",
  after: "string",
  limit: "number",
};

export const FILTER_KINDS: Record<string, Kind> = {
  ...Object.fromEntries(
    RUN_FILTER_KEYS.flatMap((key) => {
      const { url }: RunFilterDef = RUN_FILTERS[key];
      return url ? [[key, url]] : [];
    }),
  ),
  ...LIST_FIELDS,
};

/** Keys whose change starts the list over from the first page. */
export const CURSOR_KEYS = ["before", "after"] as const;
export const DEFAULT_LIMIT = 50;
export { COMPARISON_OPERATORS, DURATION_OPERATORS };

const NS_PER_MS = 1_000_000;

function decode(kind: Kind, value: string): unknown {
  switch (kind) {
    case "list":
      return value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
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
  return Object.entries(params).flatMap(([k, v]) =>
    v === undefined ? [] : [[k, Array.isArray(v) ? v[0] : v] as [string, string]],
  );
}

export interface RunSearch {
  /** The validated `runs.list` input. */
  input: ListRunsInput;
  /** Visible column ids (`cols=`), catalogue order. */
  cols: string[];
  /** URL keys that did not validate and were ignored, with zod's message. */
  ignored: { key: string; message: string }[];
  /** URL keys that are neither a filter, nor paging or sorting, nor `cols` (ignored; the export refuses them). */
  unknown: string[];
}

/** URL → `runs.list` input. Invalid keys are dropped (and reported) instead of failing the whole page. */
export function parseRunSearch(params: SearchParamsLike): RunSearch {
  const raw: Record<string, unknown> = { limit: DEFAULT_LIMIT };
  let cols: string | null = null;
  const unknown: string[] = [];
  for (const [key, value] of entries(params)) {
    if (key === "cols") cols = value;
    else if (Object.hasOwn(FILTER_KINDS, key)) raw[key] = decode(FILTER_KINDS[key], value);
    else unknown.push(key);
  }
  const ignored: RunSearch["ignored"] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = listRunsInput.safeParse(raw);
    if (parsed.success) return { input: parsed.data, cols: parseCols(cols), ignored, unknown };
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
  return { input: listRunsInput.parse({ limit: DEFAULT_LIMIT }), cols: parseCols(cols), ignored, unknown };
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

/** The filter part of a parsed input (no paging/sort, no view), e.g. for saving as a view. */
export function filtersOf(input: ListRunsInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RUN_FILTER_KEYS) {
    const value = input[key];
    if (value === undefined || key === "viewId" || !FILTER_KINDS[key]) continue;
    // The operator has a default: kept only with the step count it qualifies.
    if (key !== "stepCountOperator" || input.stepCount !== undefined) out[key] = value;
  }
  return out;
}

/** Number of filters set in the URL (for the "Filters (3)" badge). */
export function activeFilterCount(input: ListRunsInput): number {
  return RUN_FILTER_FIELDS.filter((f) => input[f.key] !== undefined).length + (input.agentId ? 1 : 0);
}
