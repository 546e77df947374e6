import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { runMetrics, runs } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import type { PercentileQuestion, RunPercentileAnswer } from "../question";

/** A float8[] of percentile_cont values as a driver returns it (numbers, or numeric strings). */
export type PercentileArray = (number | string | null)[] | null;

/**
 * The exact path, spelled once: percentile_cont of `value` at each percentile (0–100), as one aggregate.
 * `filter` becomes the aggregate's FILTER clause.
 */
export function exactPercentilesOf(value: SQLWrapper, percentiles: readonly number[], filter?: SQL): SQL<PercentileArray> {
  const fractions = sql`array[${sql.join(
    percentiles.map((p) => sql`${p / 100}`),
    sql`, `,
  )}]::float8[]`;
  const aggregate = sql`percentile_cont(${fractions}) within group (order by ${value})`;
  return (filter ? sql`${aggregate} filter (where ${filter})` : aggregate) as SQL<PercentileArray>;
}

/** percentile_cont's answer as numbers, `n` of them (null where the set is empty). */
export const percentileNumbers = (values: PercentileArray, n: number): (number | null)[] =>
  Array.from({ length: n }, (_, i) => (values?.[i] == null ? null : Number(values[i])));

/** What each field measures on a run; runs without it (open runs, no first token yet) are left out. */
export const RUN_VALUE = {
  duration: runs.totalDurationNs,
  ttft: runs.ttftNs,
  /** The duration after the first token (never negative): a run's TTFT and rest add up to its duration. */
  rest: sql<number>`greatest(${runs.totalDurationNs} - ${runs.ttftNs}, 0)`,
} as const;

/** Exact percentiles of a run population, overall and per UTC hour or day of created_at (bounds inclusive). */
export async function exactRunPercentiles(scope: Scope, question: PercentileQuestion): Promise<RunPercentileAnswer> {
  const column = RUN_VALUE[question.field];
  const conditions: SQL[] = [visibleTo(scope, runs), isNotNull(column)];
  if (question.agentIds?.length) conditions.push(inArray(runs.agentId, [...question.agentIds]));
  if (question.projectId) conditions.push(eq(runs.projectId, question.projectId));
  if (question.statuses?.length) conditions.push(inArray(runs.status, [...question.statuses]));
  if (question.from) conditions.push(gte(runs.createdAt, question.from));
  if (question.to) conditions.push(lte(runs.createdAt, question.to));
  const where = and(...conditions);
  const values = exactPercentilesOf(column, question.percentiles);
  const n = question.percentiles.length;

  const [overall] = await scope.db
    .select({ count: sql<string>`count(*)`, values })
    .from(runs)
    .where(where);
  let series: RunPercentileAnswer["series"] = [];
  if (question.series !== "none") {
    // The unit is inlined (it is one of two enum values): a bound parameter would differ between SELECT and GROUP BY.
    const bucketStart = sql<Date>`date_trunc('${sql.raw(question.series)}', ${runs.createdAt}, 'UTC')`;
    const rows = await scope.db
      .select({ bucketStart, count: sql<string>`count(*)`, values })
      .from(runs)
      .where(where)
      .groupBy(bucketStart)
      .orderBy(bucketStart);
    series = rows.map((r) => ({
      bucketStart: new Date(r.bucketStart),
      count: Number(r.count),
      values: percentileNumbers(r.values, n),
    }));
  }
  return { count: Number(overall.count), values: percentileNumbers(overall.values, n), series, approximate: false };
}

/** Exact duration percentile of the runs matching a runs.list filter (conditions over runs joined to run_metrics). */
export async function exactListDurationPercentile(scope: Scope, conditions: SQL[], percentile: number): Promise<number | null> {
  const [row] = await scope.db
    .select({ values: exactPercentilesOf(runs.totalDurationNs, [percentile]) })
    .from(runs)
    .innerJoin(runMetrics, eq(runMetrics.id, runs.id))
    .where(and(...conditions));
  return percentileNumbers(row?.values ?? null, 1)[0];
}
