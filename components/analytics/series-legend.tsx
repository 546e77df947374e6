import { formatDurationNs, formatNumber } from "@/components/ui/format";
import type { AnalyticsRange } from "@/server/modules/analytics/schemas";
import { formatDelta } from "./chart-utils";
import type { LineDef, PercentileData } from "./percentile-lines";
import { PREVIOUS_LABELS } from "./search";

/** Each line's value over the whole range, its change against the previous period, and n. */
export function SeriesLegend({ data, lines, range }: { data: PercentileData; lines: LineDef[]; range: AnalyticsRange }) {
  return (
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
                {delta} {PREVIOUS_LABELS[range]}
              </span>
            ) : (
              <span className="text-zinc-400">
                {s.previous.count === 0
                  ? "no previous data"
                  : s.current.thin || s.previous.thin
                    ? `too few runs to compare (n < ${data.thinBelow})`
                    : "no change data"}
              </span>
            )}
            <span className="text-zinc-500">n = {formatNumber(s.current.count)}</span>
          </li>
        );
      })}
    </ul>
  );
}
