import type { SQL } from "drizzle-orm";
import type { ListRunsInput } from "@/server/modules/runs/schemas";
import type { Scope } from "@/server/scope";
import { RELATIVE_ERROR } from "./histograms/buckets";
import { exactListDurationPercentile, exactRunPercentiles } from "./queries/exact";
import type { PercentileQuestion, RunPercentileAnswer } from "./question";
import { histogramAnswer, populationOfList } from "./routing";
import type { PercentilesInput } from "./schemas";

/**
 * Percentiles of run durations or TTFTs of a population: from the histograms when the routing rule
 * (routing.ts, histogramAnswer) allows it, else exact percentile_cont.
 */
export async function runPercentiles(scope: Scope, question: PercentileQuestion): Promise<RunPercentileAnswer> {
  const answer = await histogramAnswer(scope, question);
  if (!answer) return exactRunPercentiles(scope, question);
  return {
    count: answer.count,
    values: answer.values,
    series: answer.series.map((point) => ({ bucketStart: point.bucketStart!, count: point.count, values: point.values })),
    approximate: true,
  };
}

/**
 * runs.list({ durationPercentile }): the duration at that percentile of the filtered runs (runs not yet ended are
 * ignored), from the histograms when the filter is one they can answer, else exact over `conditions` (the list's
 * own WHERE over runs joined to run_metrics).
 */
export async function listDurationPercentile(
  scope: Scope,
  input: ListRunsInput,
  percentile: number,
  conditions: SQL[],
): Promise<number | null> {
  const population = populationOfList(input, percentile);
  if (population) {
    const answer = await histogramAnswer(scope, { field: "duration", percentiles: [percentile], series: "none", ...population });
    if (answer) return answer.values[0];
  }
  return exactListDurationPercentile(scope, conditions, percentile);
}

// metrics.percentiles: the answer keyed by percentile ("p95"), approximate ones flagged with their bound.

type PercentileValues = Record<string, number | null>;
export interface PercentilesResult {
  field: PercentilesInput["field"];
  percentiles: number[];
  overall: { count: number; values: PercentileValues };
  series: { bucketStart: Date; count: number; values: PercentileValues }[];
  /** True when read from the duration/TTFT histograms: each value is within `relativeError` of percentile_cont. */
  approximate?: boolean;
  relativeError?: number;
}

export const percentileKey = (p: number) => `p${p}`;

const questionOf = (input: PercentilesInput): PercentileQuestion => ({
  field: input.field,
  percentiles: input.percentiles,
  agentIds: input.agentIds,
  projectId: input.projectId,
  statuses: input.statuses,
  from: input.from,
  to: input.to,
  series: input.bucket,
});

function toResult(input: PercentilesInput, answer: RunPercentileAnswer): PercentilesResult {
  const keyed = (values: (number | null)[]): PercentileValues =>
    Object.fromEntries(input.percentiles.map((p, i) => [percentileKey(p), values[i]]));
  const result: PercentilesResult = {
    field: input.field,
    percentiles: input.percentiles,
    overall: { count: answer.count, values: keyed(answer.values) },
    series: answer.series.map((point) => ({ bucketStart: point.bucketStart, count: point.count, values: keyed(point.values) })),
  };
  return answer.approximate ? { ...result, approximate: true, relativeError: RELATIVE_ERROR } : result;
}

/** metrics.percentiles. */
export async function getPercentiles(scope: Scope, input: PercentilesInput): Promise<PercentilesResult> {
  return toResult(input, await runPercentiles(scope, questionOf(input)));
}

/** metrics.percentiles computed exactly, whatever the routing rule says (the reference in tests and the bench). */
export async function exactPercentiles(scope: Scope, input: PercentilesInput): Promise<PercentilesResult> {
  return toResult(input, await exactRunPercentiles(scope, questionOf(input)));
}
