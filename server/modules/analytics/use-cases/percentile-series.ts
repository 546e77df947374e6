import { percentileNumbers, type PercentileArray } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { groupLabels } from "../queries/runs-filter";
import { selectPercentileSeries } from "../queries/percentile-series";
import type { AnalyticsGroup, AnalyticsPercentile, PercentileSeriesInput } from "../schemas";
import { bucketEnd, bucketStarts, resolveRange, type TimeBucket } from "../time-buckets";

/** Below this many runs a bucket is "thin": drawn greyed, and its p99 is withheld (no p99 read off 12 runs). */
export const THIN_BUCKET_N = 20;
/** Percentiles withheld from thin buckets and periods. */
const WITHHELD_WHEN_THIN: readonly AnalyticsPercentile[] = [99];

type PercentileValues = Partial<Record<`p${AnalyticsPercentile}`, number | null>>;
interface SeriesPoint {
  start: Date;
  end: Date;
  /** Runs in the bucket with a value for the field; 0 = an empty bucket (a gap, not a zero). */
  count: number;
  thin: boolean;
  values: PercentileValues;
}
interface PeriodSummary {
  count: number;
  thin: boolean;
  values: PercentileValues;
}
interface PercentileSeries {
  key: string;
  label: string;
  current: PeriodSummary;
  previous: PeriodSummary;
  /** Relative change vs the previous period per percentile (0.18 = +18 %); null when either side has no value or is thin. */
  deltas: PercentileValues;
  points: SeriesPoint[];
}
export interface PercentileSeriesResult {
  /** The run statuses counted (the input's, or the default: completed and failed). */
  statuses: PercentileSeriesInput["statuses"];
  field: PercentileSeriesInput["field"];
  groupBy: AnalyticsGroup;
  percentiles: AnalyticsPercentile[];
  from: Date;
  to: Date;
  previousFrom: Date;
  bucket: TimeBucket;
  thinBelow: number;
  series: PercentileSeries[];
  /** Groups beyond the MAX_GROUPS busiest, not drawn. */
  hiddenGroups: number;
}

function summaryOf(percentiles: AnalyticsPercentile[], raw: PercentileArray, count: number): PeriodSummary {
  const numbers = percentileNumbers(raw, percentiles.length);
  const thin = count < THIN_BUCKET_N;
  const values: PercentileValues = {};
  percentiles.forEach((p, i) => {
    values[`p${p}`] = thin && WITHHELD_WHEN_THIN.includes(p) ? null : numbers[i];
  });
  return { count, thin, values };
}

/**
 * analytics.percentiles: percentiles of run duration or TTFT per automatic time bucket and group (the MAX_GROUPS
 * busiest), with per-group totals for this period and the one before it.
 */
export async function getPercentileSeries(
  scope: Scope,
  input: PercentileSeriesInput,
  now = new Date(),
): Promise<PercentileSeriesResult> {
  const range = resolveRange(input, now);
  const percentiles = [...new Set(input.percentiles)].sort((a, b) => a - b) as AnalyticsPercentile[];
  const { groupCount, buckets, periods } = await selectPercentileSeries(scope, input, percentiles, range);

  const keys = [...new Set(periods.filter((r) => r.current).map((r) => r.g))];
  const labels = await groupLabels(scope, input.groupBy, keys);
  const starts = bucketStarts(range.from, range.to, range.bucket);
  const empty = (): PeriodSummary => summaryOf(percentiles, null, 0);

  const series: PercentileSeries[] = keys.map((key) => {
    const period = (current: boolean) => {
      const row = periods.find((r) => r.g === key && r.current === current);
      return row ? summaryOf(percentiles, row.values, row.n) : empty();
    };
    const current = period(true);
    const previous = period(false);
    const deltas: PercentileValues = {};
    for (const p of percentiles) {
      const c = current.values[`p${p}`];
      const b = previous.values[`p${p}`];
      // No delta off a thin period: "+60 %" between two handfuls of runs is noise.
      deltas[`p${p}`] = c == null || b == null || b === 0 || current.thin || previous.thin ? null : (c - b) / b;
    }
    const byStart = new Map(buckets.filter((r) => r.g === key).map((r) => [new Date(r.bucketStart).getTime(), r] as const));
    const points = starts.map((start): SeriesPoint => {
      const row = byStart.get(start.getTime());
      const summary = row ? summaryOf(percentiles, row.values, row.n) : empty();
      return { start, end: bucketEnd(start, range.bucket), ...summary };
    });
    return { key, label: labels.get(key) ?? key, current, previous, deltas, points };
  });
  series.sort((a, b) => b.current.count - a.current.count || a.label.localeCompare(b.label));

  return {
    field: input.field,
    groupBy: input.groupBy,
    statuses: input.statuses,
    percentiles,
    from: range.from,
    to: range.to,
    previousFrom: range.previousFrom,
    bucket: range.bucket,
    thinBelow: THIN_BUCKET_N,
    series,
    hiddenGroups: Math.max(0, groupCount - series.length),
  };
}
