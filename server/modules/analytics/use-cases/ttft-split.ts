import { percentileNumbers, type PercentileArray } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { selectTtftSplit } from "../queries/run-stats";
import { groupLabels } from "../queries/runs-filter";
import type { AnalyticsGroup, TtftSplitInput } from "../schemas";
import { resolveRange } from "../time-buckets";

interface TtftSplitRow {
  key: string;
  label: string;
  /** Runs with both a TTFT and a duration. */
  count: number;
  /** Means add up: meanTtftNs + meanRestNs = mean duration. */
  meanTtftNs: number;
  meanRestNs: number;
  ttft: { p50: number | null; p95: number | null };
  rest: { p50: number | null; p95: number | null };
  duration: { p50: number | null; p95: number | null };
}
export interface TtftSplitResult {
  groupBy: AnalyticsGroup;
  from: Date;
  to: Date;
  rows: TtftSplitRow[];
}

const pair = (values: PercentileArray) => {
  const [p50, p95] = percentileNumbers(values, 2);
  return { p50, p95 };
};

/** analytics.ttftSplit: each run's duration split into time to first token and the rest, per group (the MAX_GROUPS busiest). */
export async function getTtftSplit(scope: Scope, input: TtftSplitInput, now = new Date()): Promise<TtftSplitResult> {
  const range = resolveRange(input, now);
  const rows = await selectTtftSplit(scope, input, input.groupBy, range);
  const labels = await groupLabels(
    scope,
    input.groupBy,
    rows.map((r) => r.g),
  );
  return {
    groupBy: input.groupBy,
    from: range.from,
    to: range.to,
    rows: rows.map((r) => ({
      key: r.g,
      label: labels.get(r.g) ?? r.g,
      count: r.n,
      meanTtftNs: Math.round(Number(r.meanTtft)),
      meanRestNs: Math.round(Number(r.meanRest)),
      ttft: pair(r.ttft),
      rest: pair(r.rest),
      duration: pair(r.duration),
    })),
  };
}
