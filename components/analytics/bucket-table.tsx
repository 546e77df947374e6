"use client";

import Link from "next/link";
import { formatDurationNs } from "@/components/ui/format";
import { useIsClient } from "@/components/ui/use-is-client";
import type { AnalyticsFilters } from "@/server/modules/analytics/schemas";
import { formatBucket, utcBucket } from "./chart-utils";
import type { PercentileData } from "./percentile-lines";
import { percentileRunsHref } from "./runs-link";

/** The chart's numbers as a table (every non-empty bucket of every series), each value linking to its runs. */
export function BucketTable({ data, filters }: { data: PercentileData; filters: AnalyticsFilters }) {
  const isClient = useIsClient();
  const grouped = data.groupBy !== "none";
  return (
    <details className="text-xs">
      <summary className="cursor-pointer select-none text-zinc-600 dark:text-zinc-400">Show buckets as a table</summary>
      <div className="mt-2 max-h-96 overflow-auto">
        <table className="w-full text-left tabular-nums" data-testid="bucket-table">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Bucket</th>
              {grouped && <th className="pr-3 font-medium">Group</th>}
              <th className="pr-3 font-medium">n</th>
              {data.percentiles.map((p) => (
                <th key={p} className="pr-3 font-medium">
                  p{p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.series.flatMap((s, si) =>
              s.points.flatMap((point, b) =>
                point.count === 0
                  ? []
                  : [
                      <tr key={`${si}-${b}`} className="border-t border-zinc-100 dark:border-zinc-800">
                        <td className="py-1 pr-3 whitespace-nowrap" title={utcBucket(point.start, point.end)}>
                          {isClient ? formatBucket(point.start, point.end) : utcBucket(point.start, point.end)}
                        </td>
                        {grouped && <td className="pr-3">{s.label}</td>}
                        <td className={`pr-3 ${point.thin ? "text-zinc-400" : ""}`}>{point.count}</td>
                        {data.percentiles.map((p) => {
                          const value = point.values[`p${p}` as "p50"];
                          return (
                            <td key={p} className="pr-3 whitespace-nowrap">
                              {value == null ? (
                                <span className="text-zinc-400">—</span>
                              ) : (
                                <Link
                                  className="text-sky-700 hover:underline dark:text-sky-400"
                                  href={percentileRunsHref({
                                    filters,
                                    start: point.start,
                                    end: point.end,
                                    percentile: p,
                                    groupBy: data.groupBy,
                                    groupKey: s.key,
                                  })}
                                >
                                  {formatDurationNs(value)}
                                </Link>
                              )}
                            </td>
                          );
                        })}
                      </tr>,
                    ],
              ),
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
