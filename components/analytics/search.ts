/**
 * The analytics URL codec. The RSC page parses the URL once and hands the result to the client
 * components, so the prefetched query keys are exactly the ones the client reads. URL keys are the
 * analytics schema's own field names (lists comma-separated, dates ISO), plus `p` (percentiles) and
 * `focus` (the percentile drawn per group when grouped).
 */
import type { RunStatus } from "@/components/trpc/router-outputs";
import { runStatus } from "@/server/lib/common-schemas";
import {
  ANALYTICS_FIELDS,
  ANALYTICS_GROUPS,
  ANALYTICS_PERCENTILES,
  ANALYTICS_RANGES,
  DEFAULT_PERCENTILES,
  analyticsFilters,
  type AnalyticsField,
  type AnalyticsFilters,
  type AnalyticsGroup,
  type AnalyticsPercentile,
  type AnalyticsRange,
} from "@/server/modules/analytics/schemas";

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export interface AnalyticsSearch {
  filters: AnalyticsFilters;
  field: AnalyticsField;
  percentiles: AnalyticsPercentile[];
  groupBy: AnalyticsGroup;
  /** Percentile drawn per group when grouped (one line per group). */
  focus: AnalyticsPercentile;
  /** The chart's y axis: log keeps one slow outlier from flattening every other line. */
  scale: "linear" | "log";
}

function get(params: SearchParamsLike, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

const list = (v: string | undefined) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** URL → analytics state; anything invalid falls back to its default instead of failing the page. */
export function parseAnalyticsSearch(params: SearchParamsLike, defaults: { range?: AnalyticsRange } = {}): AnalyticsSearch {
  const range = (ANALYTICS_RANGES as readonly string[]).includes(get(params, "range") ?? "")
    ? (get(params, "range") as AnalyticsRange)
    : (defaults.range ?? "7d");
  const raw: Record<string, unknown> = { range };
  if (range === "custom") {
    raw.from = get(params, "from");
    raw.to = get(params, "to");
  }
  const agentIds = list(get(params, "agentIds"));
  if (agentIds) raw.agentIds = agentIds;
  const projectId = get(params, "projectId");
  if (projectId) raw.projectId = projectId;
  const statuses = list(get(params, "statuses"))?.filter((s): s is RunStatus =>
    (runStatus.options as readonly string[]).includes(s),
  );
  if (statuses?.length) raw.statuses = statuses;

  let filters: AnalyticsFilters;
  const parsed = analyticsFilters.safeParse(raw);
  if (parsed.success) filters = parsed.data;
  else {
    // Drop whatever did not validate (a bad id, a half-given custom range) and keep the rest.
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    if (bad.has("from") || bad.has("to") || bad.has("range")) {
      raw.range = defaults.range ?? "7d";
      delete raw.from;
      delete raw.to;
    }
    for (const key of bad) if (key !== "range" && key !== "from" && key !== "to") delete raw[key];
    filters = analyticsFilters.safeParse(raw).data ?? analyticsFilters.parse({ range: defaults.range ?? "7d" });
  }

  const field = (ANALYTICS_FIELDS as readonly string[]).includes(get(params, "field") ?? "")
    ? (get(params, "field") as AnalyticsField)
    : "duration";
  const groupBy = (ANALYTICS_GROUPS as readonly string[]).includes(get(params, "groupBy") ?? "")
    ? (get(params, "groupBy") as AnalyticsGroup)
    : "none";
  const asPercentile = (s: string) => Number(s) as AnalyticsPercentile;
  const given = list(get(params, "p"))
    ?.map(asPercentile)
    .filter((p) => (ANALYTICS_PERCENTILES as readonly number[]).includes(p));
  const percentiles = (given?.length ? [...new Set(given)] : DEFAULT_PERCENTILES).sort((a, b) => a - b);
  const focusRaw = asPercentile(get(params, "focus") ?? "");
  const focus = percentiles.includes(focusRaw) ? focusRaw : percentiles.includes(95) ? 95 : percentiles[percentiles.length - 1];
  const scale = get(params, "scale") === "log" ? "log" : "linear";
  return { filters, field, percentiles, groupBy, focus, scale };
}

/** Analytics state → query string (defaults omitted). */
export function analyticsQuery(search: AnalyticsSearch): string {
  const q = new URLSearchParams();
  const f = search.filters;
  if (f.range !== "7d") q.set("range", f.range);
  if (f.range === "custom" && f.from && f.to) {
    q.set("from", f.from.toISOString());
    q.set("to", f.to.toISOString());
  }
  if (f.agentIds?.length) q.set("agentIds", f.agentIds.join(","));
  if (f.projectId) q.set("projectId", f.projectId);
  if (f.statuses?.length) q.set("statuses", f.statuses.join(","));
  if (search.field !== "duration") q.set("field", search.field);
  if (search.groupBy !== "none") q.set("groupBy", search.groupBy);
  if (search.percentiles.join(",") !== DEFAULT_PERCENTILES.join(",")) q.set("p", search.percentiles.join(","));
  if (search.groupBy !== "none" && search.focus !== 95) q.set("focus", String(search.focus));
  if (search.scale === "log") q.set("scale", "log");
  const s = q.toString();
  return s ? `?${s}` : "";
}

export type AnalyticsPatch = Partial<Omit<AnalyticsSearch, "filters">> & { filters?: Partial<AnalyticsFilters> };

export function patchSearch(search: AnalyticsSearch, patch: AnalyticsPatch): AnalyticsSearch {
  const filters = { ...search.filters, ...patch.filters };
  if (filters.range !== "custom") {
    delete filters.from;
    delete filters.to;
  }
  for (const key of Object.keys(filters) as (keyof AnalyticsFilters)[]) if (filters[key] === undefined) delete filters[key];
  const next = { ...search, ...patch, filters };
  if (!next.percentiles.includes(next.focus))
    next.focus = next.percentiles.includes(95) ? 95 : next.percentiles[next.percentiles.length - 1];
  return next;
}

export const RANGE_LABELS: Record<AnalyticsRange, string> = {
  "1h": "Last 1 h",
  "24h": "Last 24 h",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom",
};
/** "vs previous 7 days" */
export const PREVIOUS_LABELS: Record<AnalyticsRange, string> = {
  "1h": "vs previous hour",
  "24h": "vs previous 24 h",
  "7d": "vs previous 7 days",
  "30d": "vs previous 30 days",
  custom: "vs previous period",
};
export const GROUP_LABELS: Record<AnalyticsGroup, string> = {
  none: "None",
  agent: "Agent",
  model: "Model",
  stop_reason: "Stop reason",
};
