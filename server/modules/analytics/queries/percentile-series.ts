import { and, count, desc, gte, inArray, isNotNull, sql } from "drizzle-orm";
import { runs } from "@/db/schema";
import { exactPercentilesOf, RUN_VALUE } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { MAX_GROUPS, type PercentileSeriesInput } from "../schemas";
import type { ResolvedRange } from "../time-buckets";
import { bucketSql, groupKey, runConditions } from "./runs-filter";

/**
 * Exact percentiles of run duration or TTFT per group, per time bucket of the range and per period (the range and
 * the one before it), for the MAX_GROUPS groups with the most runs in the range; and how many groups there are.
 * The histograms hold none of these groupings or buckets yet, hence exact.
 */
export async function selectPercentileSeries(
  scope: Scope,
  input: PercentileSeriesInput,
  percentiles: readonly number[],
  range: ResolvedRange,
) {
  const value = RUN_VALUE[input.field];
  // One CTE over both periods; the busiest groups of the current period become the series.
  const base = scope.db.$with("base").as(
    scope.db
      .select({ createdAt: runs.createdAt, v: sql<number>`${value}`.as("v"), g: groupKey(scope, input.groupBy).as("g") })
      .from(runs)
      .where(and(runConditions(scope, input, range.previousFrom, range.to), isNotNull(value))),
  );
  const inRange = gte(base.createdAt, range.from);
  const top = scope.db
    .$with("top")
    .as(
      scope.db.select({ g: base.g }).from(base).where(inRange).groupBy(base.g).orderBy(desc(count()), base.g).limit(MAX_GROUPS),
    );
  const inTop = inArray(base.g, scope.db.select({ g: top.g }).from(top));
  const stats = { n: sql<number>`count(*)::int`, values: exactPercentilesOf(base.v, percentiles) };

  const [groups] = await scope.db
    .with(base)
    .select({ count: sql<number>`count(distinct ${base.g})::int` })
    .from(base)
    .where(inRange);
  // Grouped by position: `current` holds a parameter, and a repeated one would not match the SELECT's in GROUP BY.
  const buckets = await scope.db
    .with(base, top)
    .select({ bucketStart: bucketSql(range.bucket, base.createdAt), g: base.g, ...stats })
    .from(base)
    .where(and(inRange, inTop))
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`, sql`2`);
  const periods = await scope.db
    .with(base, top)
    .select({ current: sql<boolean>`${inRange}`, g: base.g, ...stats })
    .from(base)
    .where(inTop)
    .groupBy(sql`1`, sql`2`);
  return { groupCount: groups?.count ?? 0, buckets, periods };
}
