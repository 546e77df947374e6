import { formatDurationNs } from "@/components/ui/format";
import { formatBucket, utcBucket } from "./chart-utils";
import type { ChartRow, LineDef, PercentileData } from "./percentile-lines";

/** The hovered bucket: each line's value (or why it has none) and n, and what a click on a point opens. */
export function PercentileTooltip({
  data,
  lines,
  row,
  bucket,
}: {
  data: PercentileData;
  lines: LineDef[];
  row: ChartRow;
  bucket: number;
}) {
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
            const p = data.series[line.seriesIndex].points[bucket];
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
        Click: the bucket&apos;s percentiles as links to their runs (duration ≥ the percentile, slowest first)
        {data.field === "ttft" ? " (the runs list filters by duration, not TTFT)" : ""}
        {data.groupBy === "model" ? "; the runs list cannot filter by model" : ""}
      </p>
    </div>
  );
}
