"use client";

import { useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisTickContentProps } from "recharts";
import { formatDurationNs } from "@/components/ui/format";
import { useIsClient } from "@/components/ui/use-is-client";
import type { AnalyticsFilters } from "@/server/modules/analytics/schemas";
import { BucketLinks } from "./bucket-links";
import { THIN_COLOR, formatAxisNs, linearTicks, logTicks, tickFormatter } from "./chart-utils";
import type { ChartRow, LineDef, PercentileData } from "./percentile-lines";
import { PercentileTooltip } from "./percentile-tooltip";
import { percentileRunsHref } from "./runs-link";

/**
 * The percentile lines over time, on round ticks, linear or log. A click pins its bucket below the chart as one link
 * per line (to the runs of that bucket at or above that line's percentile): overlapping points cannot open the wrong
 * percentile.
 */
export function PercentileChart({
  data,
  lines,
  rows,
  filters,
  scale,
}: {
  data: PercentileData;
  lines: LineDef[];
  rows: ChartRow[];
  filters: AnalyticsFilters;
  scale: "linear" | "log";
}) {
  const isClient = useIsClient();
  const [pinned, setPinned] = useState<number | null>(null);
  const grouped = data.groupBy !== "none";
  const rangeMs = data.to.getTime() - data.from.getTime();

  const hrefOf = (line: LineDef, b: number) =>
    percentileRunsHref({
      // The runs behind a point are the statuses the chart counted (the default included).
      filters: { ...filters, statuses: data.statuses },
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
          r={active ? 6 : 4}
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
          aria-label={`${line.label} ${formatDurationNs(value)}, n = ${point.count}`}
        />
      );
    };

  const values = rows.flatMap((r) => lines.map((l) => r.v[l.id]).filter((v): v is number => v != null));
  const max = Math.max(0, ...values);
  const minPositive = Math.min(...values.filter((v) => v > 0), max || 1e6);
  const linear = linearTicks(max);
  const log = logTicks(minPositive, Math.max(max, minPositive));
  const ticks = scale === "log" ? log.ticks : linear.ticks;
  const format = scale === "log" ? formatAxisNs : linear.format;
  // Wide enough for the longest label, so none is clipped at the left edge.
  const axisWidth = Math.max(40, 12 + 7 * Math.max(...ticks.map((t) => format(t).length)));
  // A log axis has no 0: a 0 ns value sits on the axis floor.
  const plotted = scale === "log" ? rows.map((r) => ({ ...r, v: floorValues(r.v, log.domain[0]) })) : rows;

  return (
    <div className="space-y-2">
      <div className="h-[320px] w-full text-zinc-400 dark:text-zinc-500" data-testid="percentile-chart" data-scale={scale}>
        {isClient ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={plotted}
              margin={{ top: 14, right: 16, bottom: 4, left: 4 }}
              className="cursor-pointer"
              onClick={(state) => {
                const index = Number(state?.activeTooltipIndex);
                if (Number.isInteger(index) && rows[index]) setPinned(index);
              }}
            >
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
                scale={scale === "log" ? "log" : "linear"}
                domain={scale === "log" ? log.domain : [0, linear.ticks[linear.ticks.length - 1]]}
                ticks={ticks}
                interval={0}
                allowDataOverflow
                // A plain <text>: recharts' own tick text wraps "10 min" onto two lines when it thinks space is short.
                tick={({ x, y, payload }: YAxisTickContentProps) => (
                  <text x={x} y={y} dy={4} textAnchor="end" fill="currentColor" fontSize={11} data-testid="y-tick">
                    {format(Number(payload.value))}
                  </text>
                )}
                stroke="currentColor"
                width={axisWidth}
              />
              <Tooltip
                content={({ active, payload }) => {
                  if (!active || !payload?.length) return null;
                  const row = payload[0].payload as ChartRow;
                  const bucket = plotted.indexOf(row);
                  return <PercentileTooltip data={data} lines={lines} row={rows[bucket]} bucket={bucket} />;
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
      {pinned !== null && rows[pinned] && (
        <BucketLinks
          data={data}
          lines={lines}
          row={rows[pinned]}
          bucket={pinned}
          hrefOf={hrefOf}
          onClose={() => setPinned(null)}
        />
      )}
    </div>
  );
}

function floorValues(v: ChartRow["v"], floor: number): ChartRow["v"] {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x == null ? null : Math.max(x, floor)]));
}
