/**
 * Links from charts and tables to /runs, spelled the way the runs page parses its URL
 * (components/runs/run-search.ts: listRunsInput's field names, lists comma-separated, dates ISO).
 */
import { encodeValue } from "@/components/runs/run-search";
import type { AnalyticsFilters, AnalyticsGroup } from "@/server/modules/analytics/schemas";
import type { ListRunsInput } from "@/server/modules/runs/schemas";

type RunsParams = Partial<
  Pick<
    ListRunsInput,
    | "agentId"
    | "agentIds"
    | "statuses"
    | "stopReason"
    | "projectId"
    | "startDate"
    | "endDate"
    | "durationPercentile"
    | "orderBy"
    | "ascending"
  >
>;

export function runsHref(params: RunsParams): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const encoded = encodeValue(key, value);
    if (encoded !== null) q.set(key, encoded);
  }
  const s = q.toString();
  return s ? `/runs?${s}` : "/runs";
}

/** The analytics filters as runs filters (agents, project, statuses). */
export function runsFiltersOf(filters: AnalyticsFilters): RunsParams {
  return { agentIds: filters.agentIds, projectId: filters.projectId, statuses: filters.statuses };
}

/** runs.list has no model filter: a model group narrows nothing there. */
export function groupFilter(groupBy: AnalyticsGroup, key: string): RunsParams | null {
  if (groupBy === "agent") return { agentId: key };
  if (groupBy === "stop_reason") return key === "(none)" ? null : { stopReason: key as ListRunsInput["stopReason"] };
  return null;
}

/**
 * Percentile → rows: the runs of one time window (and group) at or above a percentile of duration,
 * slowest first. `end` is exclusive in the chart and inclusive in runs.list, hence the millisecond.
 */
export function percentileRunsHref(opts: {
  filters: AnalyticsFilters;
  start: Date;
  end: Date;
  percentile: number;
  groupBy?: AnalyticsGroup;
  groupKey?: string;
}): string {
  const group = opts.groupBy && opts.groupKey ? groupFilter(opts.groupBy, opts.groupKey) : null;
  return runsHref({
    ...runsFiltersOf(opts.filters),
    ...group,
    startDate: opts.start,
    endDate: new Date(opts.end.getTime() - 1),
    durationPercentile: opts.percentile,
    orderBy: "duration",
    ascending: false,
  });
}
