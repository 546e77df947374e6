"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import type { PercentileSeriesParams } from "@/server/modules/analytics/schemas";
import { BucketTable } from "./bucket-table";
import { PercentileChart } from "./percentile-chart";
import { chartLines, chartRows } from "./percentile-lines";
import type { AnalyticsSearch } from "./search";
import { SeriesLegend } from "./series-legend";
import { useAnalyticsNav } from "./use-analytics-nav";

/** Exact percentiles of duration or TTFT over time: legend with deltas, chart (points link to their runs), bucket table. */
export function PercentilesSection({ search, input }: { search: AnalyticsSearch; input: PercentileSeriesParams }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.percentiles.queryOptions(input));
  const lines = chartLines(data, search.focus);
  const rows = chartRows(data, lines);
  const total = data.series.reduce((n, s) => n + s.current.count, 0);
  const { go, pending } = useAnalyticsNav(search);
  // Tables and links count the runs the chart counted (the statuses default included).
  const counted = { ...search.filters, statuses: data.statuses };

  if (total === 0)
    return (
      <EmptyState title="No finished runs in this range">
        <p>
          Percentiles need runs with a {data.field === "duration" ? "duration" : "time to first token"}. Try a longer range or
          fewer filters.
        </p>
      </EmptyState>
    );

  return (
    <div className="space-y-3 p-3 sm:p-4">
      <SeriesLegend data={data} lines={lines} range={search.filters.range} />
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span data-testid="chart-statuses">
          Counting {data.statuses.join(" and ")} runs{search.filters.statuses ? "" : " (the default; choose statuses above)"}
        </span>
        <button
          type="button"
          aria-pressed={search.scale === "log"}
          disabled={pending}
          onClick={() => go({ scale: search.scale === "log" ? "linear" : "log" })}
          className={`ml-auto rounded-md border px-2 py-1 ${
            search.scale === "log"
              ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
              : "border-zinc-300 dark:border-zinc-700"
          }`}
          title="A log axis keeps one slow outlier from flattening every other line"
        >
          Log scale
        </button>
      </div>
      <PercentileChart data={data} lines={lines} rows={rows} filters={counted} scale={search.scale} />
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
        {data.bucket.label} buckets · exact percentiles · empty buckets are gaps · hollow points have n &lt; {data.thinBelow} and
        no p99 · deltas need n ≥ {data.thinBelow} in both periods · times in your time zone
        {data.hiddenGroups > 0 ? ` · ${data.hiddenGroups} smaller group${data.hiddenGroups > 1 ? "s" : ""} not shown` : ""}
      </p>
      <BucketTable data={data} filters={counted} />
    </div>
  );
}
