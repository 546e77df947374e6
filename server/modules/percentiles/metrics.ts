import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { runMetrics, runs, stepMetrics } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { PercentilesInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { RELATIVE_ERROR, routedHistogramPercentiles } from "@/server/modules/percentiles/histograms";

export interface TimingSummary {
  total: number;
  avg: number | null;
  max: number | null;
}

export async function getRunMetrics(scope: Scope, runId: string) {
  const [metrics] = await scope.db
    .select({
      runId: runMetrics.id,
      agentId: runMetrics.agentId,
      projectId: runMetrics.projectId,
      baseTemplateId: runMetrics.baseTemplateId,
      runStart: runMetrics.runStart,
      runNs: runMetrics.runNs,
      numSteps: runMetrics.numSteps,
      toolsUsed: runMetrics.toolsUsed,
      ttftNs: runs.ttftNs,
    })
    .from(runMetrics)
    .innerJoin(runs, eq(runs.id, runMetrics.id))
    .where(and(eq(runMetrics.organizationId, scope.orgId), eq(runMetrics.id, runId)));
  if (!metrics) throw notFound("run", runId, "runId");
  const summary = (column: AnyPgColumn) => ({
    total: sql<string>`coalesce(sum(${column}), 0)`,
    avg: sql<string | null>`avg(${column})`,
    max: sql<string | null>`max(${column})`,
  });
  const [steps] = await scope.db
    .select({
      count: sql<string>`count(*)`,
      stepNs: summary(stepMetrics.stepNs),
      llmRequestNs: summary(stepMetrics.llmRequestNs),
      toolExecutionNs: summary(stepMetrics.toolExecutionNs),
    })
    .from(stepMetrics)
    .where(and(eq(stepMetrics.organizationId, scope.orgId), eq(stepMetrics.runId, runId)));
  const toSummary = (s: { total: string; avg: string | null; max: string | null }): TimingSummary => ({
    total: Number(s.total),
    avg: s.avg == null ? null : Math.round(Number(s.avg)),
    max: s.max == null ? null : Number(s.max),
  });
  return {
    ...metrics,
    steps: {
      count: Number(steps.count),
      stepNs: toSummary(steps.stepNs),
      llmRequestNs: toSummary(steps.llmRequestNs),
      toolExecutionNs: toSummary(steps.toolExecutionNs),
    },
  };
}

export type PercentileValues = Record<string, number | null>;
export interface PercentilePoint {
  bucketStart: Date;
  count: number;
  values: PercentileValues;
}
export interface PercentilesResult {
  field: PercentilesInput["field"];
  percentiles: number[];
  overall: { count: number; values: PercentileValues };
  series: PercentilePoint[];
  /** True when read from the duration/TTFT histograms: each value is within `relativeError` of percentile_cont. */
  approximate?: boolean;
  relativeError?: number;
}

export const percentileKey = (p: number) => `p${p}`;

function percentileFilters(scope: Scope, input: PercentilesInput, column: AnyPgColumn): SQL[] {
  const conditions: SQL[] = [eq(runs.organizationId, scope.orgId), isNotNull(column)];
  if (input.agentIds?.length) conditions.push(inArray(runs.agentId, input.agentIds));
  if (input.projectId) conditions.push(eq(runs.projectId, input.projectId));
  if (input.statuses?.length) conditions.push(inArray(runs.status, input.statuses));
  if (input.from) conditions.push(gte(runs.createdAt, input.from));
  if (input.to) conditions.push(lte(runs.createdAt, input.to));
  return conditions;
}

/**
 * Percentiles of run duration or TTFT, overall and per UTC hour or day: from the histograms when the routing
 * rule in server/modules/percentiles/histograms/routing.ts allows it (large sets, filters they can answer), else exact.
 */
export async function getPercentiles(scope: Scope, input: PercentilesInput): Promise<PercentilesResult> {
  const answer = await routedHistogramPercentiles(scope, {
    field: input.field,
    percentiles: input.percentiles,
    agentIds: input.agentIds,
    projectId: input.projectId,
    from: input.from,
    to: input.to,
    series: input.bucket,
    statuses: input.statuses,
  });
  if (!answer) return exactPercentiles(scope, input);
  const toValues = (values: (number | null)[]): PercentileValues =>
    Object.fromEntries(input.percentiles.map((p, i) => [percentileKey(p), values[i]]));
  return {
    field: input.field,
    percentiles: input.percentiles,
    overall: { count: answer.count, values: toValues(answer.values) },
    series: answer.series.map((point) => ({ bucketStart: point.bucketStart!, count: point.count, values: toValues(point.values) })),
    approximate: true,
    relativeError: RELATIVE_ERROR,
  };
}

/** Exact percentiles (`percentile_cont`) of run duration or TTFT, overall and per UTC hour or day. */
export async function exactPercentiles(scope: Scope, input: PercentilesInput): Promise<PercentilesResult> {
  const column = input.field === "duration" ? runs.totalDurationNs : runs.ttftNs;
  const fractions = sql`array[${sql.join(input.percentiles.map((p) => sql`${p / 100}`), sql`, `)}]::float8[]`;
  const percentileExpr = sql<number[] | null>`percentile_cont(${fractions}) within group (order by ${column})`;
  const where = and(...percentileFilters(scope, input, column));
  const toValues = (values: (number | string)[] | null): PercentileValues =>
    Object.fromEntries(input.percentiles.map((p, i) => [percentileKey(p), values?.[i] == null ? null : Number(values[i])]));

  const [overall] = await scope.db
    .select({ count: sql<string>`count(*)`, values: percentileExpr })
    .from(runs)
    .where(where);
  let series: PercentilePoint[] = [];
  if (input.bucket !== "none") {
    // The unit is inlined (it is one of two enum values): a bound parameter would differ between SELECT and GROUP BY.
    const bucketStart = sql<Date>`date_trunc('${sql.raw(input.bucket)}', ${runs.createdAt}, 'UTC')`;
    const rows = await scope.db
      .select({ bucketStart, count: sql<string>`count(*)`, values: percentileExpr })
      .from(runs)
      .where(where)
      .groupBy(bucketStart)
      .orderBy(bucketStart);
    series = rows.map((r) => ({ bucketStart: new Date(r.bucketStart), count: Number(r.count), values: toValues(r.values) }));
  }
  return {
    field: input.field,
    percentiles: input.percentiles,
    overall: { count: Number(overall.count), values: toValues(overall.values) },
    series,
  };
}
