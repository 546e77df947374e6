import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { GROUP_COLORS, PERCENTILE_COLORS } from "./chart-utils";

export type PercentileData = RouterOutputs["analytics"]["percentiles"];

/** One drawn line: a percentile of one series (ungrouped: one line per percentile; grouped: one per group). */
export interface LineDef {
  id: string;
  seriesIndex: number;
  percentile: number;
  label: string;
  color: string;
}

/** One bucket of the chart, with each line's value (null = a gap). */
export interface ChartRow {
  t: number;
  start: Date;
  end: Date;
  v: Record<string, number | null>;
}

/** Lines to draw: ungrouped, one per chosen percentile; grouped, one per group at the `focus` percentile. */
export function chartLines(data: PercentileData, focus: number): LineDef[] {
  return data.groupBy !== "none"
    ? data.series.map((s, i) => ({
        id: `l${i}`,
        seriesIndex: i,
        percentile: focus,
        label: `${s.label} · p${focus}`,
        color: GROUP_COLORS[i % GROUP_COLORS.length],
      }))
    : data.percentiles.map((p, i) => ({
        id: `l${i}`,
        seriesIndex: 0,
        percentile: p,
        label: `p${p}`,
        color: PERCENTILE_COLORS[p],
      }));
}

/** The chart's rows: one per bucket, holding every line's value in it. */
export function chartRows(data: PercentileData, lines: LineDef[]): ChartRow[] {
  const bucketCount = data.series[0]?.points.length ?? 0;
  return Array.from({ length: bucketCount }, (_, b) => {
    const point = data.series[0].points[b];
    const v: ChartRow["v"] = {};
    for (const line of lines) v[line.id] = data.series[line.seriesIndex].points[b].values[`p${line.percentile}` as "p50"] ?? null;
    return { t: point.start.getTime(), start: point.start, end: point.end, v };
  });
}
