"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import type { PercentileSeriesInput } from "@/server/modules/analytics/schemas";
import { BucketTable } from "./bucket-table";
import { PercentileChart } from "./percentile-chart";
import { chartLines, chartRows } from "./percentile-lines";
import type { AnalyticsSearch } from "./search";
import { SeriesLegend } from "./series-legend";

/** Exact percentiles of duration or TTFT over time: legend with deltas, chart (points link to their runs), bucket table. */
export function PercentilesSection({ search, input }: { search: AnalyticsSearch; input: PercentileSeriesInput }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.percentiles.queryOptions(input));
  const lines = chartLines(data, search.focus);
  const rows = chartRows(data, lines);
  const total = data.series.reduce((n, s) => n + s.current.count, 0);

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
      <PercentileChart data={data} lines={lines} rows={rows} filters={search.filters} />
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
        {data.bucket.label} buckets · exact percentiles · empty buckets are gaps · hollow points have n &lt; {data.thinBelow} and
        no p99 · deltas need n ≥ {data.thinBelow} in both periods · times in your time zone
        {data.hiddenGroups > 0 ? ` · ${data.hiddenGroups} smaller group${data.hiddenGroups > 1 ? "s" : ""} not shown` : ""}
      </p>
      <BucketTable data={data} filters={search.filters} />
    </div>
  );
}
