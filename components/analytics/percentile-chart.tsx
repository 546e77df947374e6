"use client";

import { useRouter } from "next/navigation";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDurationNs } from "@/components/ui/format";
import { useIsClient } from "@/components/ui/use-is-client";
import type { AnalyticsFilters } from "@/server/modules/analytics/schemas";
import { THIN_COLOR, formatAxisNs, tickFormatter } from "./chart-utils";
import type { ChartRow, LineDef, PercentileData } from "./percentile-lines";
import { PercentileTooltip } from "./percentile-tooltip";
import { percentileRunsHref } from "./runs-link";

/** The percentile lines over time; each point is a link to the runs of its bucket at or above that percentile. */
export function PercentileChart({
  data,
  lines,
  rows,
  filters,
}: {
  data: PercentileData;
  lines: LineDef[];
  rows: ChartRow[];
  filters: AnalyticsFilters;
}) {
  const router = useRouter();
  const isClient = useIsClient();
  const grouped = data.groupBy !== "none";
  const rangeMs = data.to.getTime() - data.from.getTime();

  const hrefOf = (line: LineDef, b: number) =>
    percentileRunsHref({
      filters,
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
                const row = payload[0].payload as ChartRow;
                return <PercentileTooltip data={data} lines={lines} row={row} bucket={rows.indexOf(row)} />;
              }}
            />
            {lines.map((line) => (
              <Line
                key={line.id}
                dataKey={(row: ChartRow) => row.v[line.id]}
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
  );
}
