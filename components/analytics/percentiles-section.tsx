"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDurationNs, formatNumber } from "@/components/format";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState, useIsClient } from "@/components/ui/primitives";
import type { PercentileSeriesInput } from "@/server/modules/analytics/schemas";
import {
  GROUP_COLORS,
  PERCENTILE_COLORS,
  THIN_COLOR,
  formatAxisNs,
  formatBucket,
  formatDelta,
  tickFormatter,
  utcBucket,
} from "./chart-utils";
import { percentileRunsHref } from "./runs-link";
import { PREVIOUS_LABELS, type AnalyticsSearch } from "./search";

interface LineDef {
  id: string;
  seriesIndex: number;
  percentile: number;
  label: string;
  color: string;
}
interface Row {
  t: number;
  start: Date;
  end: Date;
  /** value per line id (null = gap) */
  v: Record<string, number | null>;
}

export function PercentilesSection({ search, input }: { search: AnalyticsSearch; input: PercentileSeriesInput }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.percentiles.queryOptions(input));
  const router = useRouter();
  const isClient = useIsClient();
  const grouped = data.groupBy !== "none";

  const lines: LineDef[] = grouped
    ? data.series.map((s, i) => ({
        id: `l${i}`,
        seriesIndex: i,
        percentile: search.focus,
        label: `${s.label} · p${search.focus}`,
        color: GROUP_COLORS[i % GROUP_COLORS.length],
      }))
    : data.percentiles.map((p, i) => ({ id: `l${i}`, seriesIndex: 0, percentile: p, label: `p${p}`, color: PERCENTILE_COLORS[p] }));

  const bucketCount = data.series[0]?.points.length ?? 0;
  const rows: Row[] = Array.from({ length: bucketCount }, (_, b) => {
    const point = data.series[0].points[b];
    const v: Row["v"] = {};
    for (const line of lines) v[line.id] = data.series[line.seriesIndex].points[b].values[`p${line.percentile}` as "p50"] ?? null;
    return { t: point.start.getTime(), start: point.start, end: point.end, v };
  });
  const total = data.series.reduce((n, s) => n + s.current.count, 0);
  const rangeMs = data.to.getTime() - data.from.getTime();

  if (total === 0)
    return (
      <EmptyState title="No finished runs in this range">
        <p>Percentiles need runs with a {data.field === "duration" ? "duration" : "time to first token"}. Try a longer range or fewer filters.</p>
      </EmptyState>
    );

  const hrefOf = (line: LineDef, b: number) =>
    percentileRunsHref({
      filters: search.filters,
      start: rows[b].start,
      end: rows[b].end,
      percentile: line.percentile,
      groupBy: data.groupBy,
      groupKey: data.series[line.seriesIndex].key,
    });

  const renderDot = (line: LineDef, active: boolean) =>
    function PointDot(props: { cx?: number; cy?: number; index: number }) {
      const { cx, cy, index } = props;
      const value = rows[index]?.v[line.id];
      if (cx == null || cy == null || value == null) return <g key={`${line.id}-${index}`} />;
      const point = data.series[line.seriesIndex].points[index];
      const href = hrefOf(line, index);
      return (
        <circle
          key={`${line.id}-${index}${active ? "-a" : ""}`}
          cx={cx}
          cy={cy}
          r={active ? 6 : point.thin ? 3 : 3.5}
          fill={point.thin ? "transparent" : line.color}
          stroke={point.thin && !grouped ? THIN_COLOR : line.color}
          strokeOpacity={point.thin ? 0.7 : 1}
          strokeWidth={point.thin ? 1.5 : active ? 2 : 1}
          className="cursor-pointer"
          data-testid="chart-point"
          data-line={line.label}
          data-n={point.count}
          data-thin={point.thin || undefined}
          data-href={href}
          role="link"
          aria-label={`${line.label} ${formatDurationNs(value)}, n = ${point.count}`}
          onClick={() => router.push(href)}
        />
      );
    };

  return (
    <div className="space-y-3 p-3 sm:p-4">
      <ul className="flex flex-wrap gap-x-5 gap-y-2 text-xs" aria-label="Series">
        {lines.map((line) => {
          const s = data.series[line.seriesIndex];
          const key = `p${line.percentile}` as "p50";
          const delta = formatDelta(s.deltas[key]);
          const worse = (s.deltas[key] ?? 0) > 0;
          return (
            <li key={line.id} className="flex items-center gap-1.5" data-testid="series-legend">
              <span className="inline-block size-2.5 rounded-full" style={{ background: line.color }} aria-hidden />
              <span className="font-medium">{line.label}</span>
              <span className="tabular-nums">{formatDurationNs(s.current.values[key] ?? null)}</span>
              {s.current.values[key] == null && s.current.thin && <span className="text-zinc-500">(n too small)</span>}
              {delta ? (
                <span
                  className={`tabular-nums ${worse ? "text-red-600 dark:text-red-400" : "text-emerald-600 dark:text-emerald-400"}`}
                  title={`previous period: ${formatDurationNs(s.previous.values[key] ?? null)} (n = ${formatNumber(s.previous.count)})`}
                >
                  {delta} {PREVIOUS_LABELS[search.filters.range]}
                </span>
              ) : (
                <span className="text-zinc-400">
                  {s.previous.count === 0 ? "no previous data" : s.current.thin || s.previous.thin ? `too few runs to compare (n < ${data.thinBelow})` : "no change data"}
                </span>
              )}
              <span className="text-zinc-500">n = {formatNumber(s.current.count)}</span>
            </li>
          );
        })}
      </ul>

      <div className="h-[320px] w-full text-zinc-400 dark:text-zinc-500" data-testid="percentile-chart">
        {isClient ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="currentColor" strokeOpacity={0.25} strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[data.from.getTime(), data.to.getTime()]}
                tickFormatter={tickFormatter(rangeMs)}
                stroke="currentColor"
                tick={{ fill: "currentColor", fontSize: 11 }}
                minTickGap={24}
              />
              <YAxis
                tickFormatter={(v: number) => formatAxisNs(v)}
                stroke="currentColor"
                tick={{ fill: "currentColor", fontSize: 11 }}
                width={64}
              />
              <Tooltip
                content={({ active, payload }) => {
                  if (!active || !payload?.length) return null;
                  const row = payload[0].payload as Row;
                  const b = rows.indexOf(row);
                  return (
                    <div
                      data-testid="chart-tooltip"
                      className="max-w-sm rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-800 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
                    >
                      <p className="font-medium">{formatBucket(row.start, row.end)}</p>
                      <p className="text-[10px] text-zinc-500">{utcBucket(row.start, row.end)}</p>
                      <table className="mt-1">
                        <tbody>
                          {lines.map((line) => {
                            const p = data.series[line.seriesIndex].points[b];
                            const value = row.v[line.id];
                            return (
                              <tr key={line.id}>
                                <td className="pr-2">
                                  <span className="mr-1 inline-block size-2 rounded-full" style={{ background: line.color }} />
                                  {line.label}
                                </td>
                                <td className="pr-2 text-right tabular-nums">
                                  {value == null ? (p.count ? `withheld (n < ${data.thinBelow})` : "no runs") : formatDurationNs(value)}
                                </td>
                                <td className={`tabular-nums ${p.thin ? "text-zinc-400" : ""}`}>n = {p.count}</td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                      <p className="mt-1 text-[10px] text-zinc-500">
                        Click a point: runs of this bucket with duration ≥ that percentile, slowest first
                        {data.field === "ttft" ? " (the runs list filters by duration, not TTFT)" : ""}
                        {data.groupBy === "model" ? "; the runs list cannot filter by model" : ""}
                      </p>
                    </div>
                  );
                }}
              />
              {lines.map((line) => (
                <Line
                  key={line.id}
                  dataKey={(row: Row) => row.v[line.id]}
                  name={line.label}
                  stroke={line.color}
                  strokeWidth={1.75}
                  connectNulls={false}
                  isAnimationActive={false}
                  dot={renderDot(line, false)}
                  activeDot={renderDot(line, true)}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <div className="h-full w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" aria-hidden />
        )}
      </div>

      <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
        {data.bucket.label} buckets · exact percentiles · empty buckets are gaps · hollow points have n &lt; {data.thinBelow}{" "}
        and no p99 · deltas need n ≥ {data.thinBelow} in both periods · times in your time zone
        {data.hiddenGroups > 0 ? ` · ${data.hiddenGroups} smaller group${data.hiddenGroups > 1 ? "s" : ""} not shown` : ""}
      </p>

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
                                      filters: search.filters,
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
    </div>
  );
}
