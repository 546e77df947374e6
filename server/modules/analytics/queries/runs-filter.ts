import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { agents, runs, steps } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import type { AnalyticsFilters, AnalyticsGroup } from "../schemas";
import { BUCKET_ORIGIN, type TimeBucket } from "../time-buckets";

/** Runs the scope may see (server/lib/visible.ts) matching the filters, created in [from, to). */
export function runConditions(scope: Scope, filters: AnalyticsFilters, from: Date, to: Date): SQL {
  const conditions: SQL[] = [visibleTo(scope, runs), gte(runs.createdAt, from), lt(runs.createdAt, to)];
  if (filters.agentIds?.length) conditions.push(inArray(runs.agentId, filters.agentIds));
  if (filters.projectId) conditions.push(eq(runs.projectId, filters.projectId));
  if (filters.statuses?.length) conditions.push(inArray(runs.status, filters.statuses));
  return and(...conditions)!;
}

/**
 * The SQL twin of `bucketFloor`. Raw SQL: Drizzle has no date_bin. Bucket widths come from the fixed table in
 * time-buckets.ts, so inlining them is safe (and keeps the expression free of parameters, so GROUP BY matches it).
 */
export function bucketSql(bucket: TimeBucket, column: SQLWrapper): SQL<Date | string> {
  if (bucket.ms === 0) return sql`date_trunc('month', ${column}, 'UTC')`;
  return sql`date_bin(${sql.raw(`'${bucket.ms / 1000} seconds'::interval`)}, ${column}, ${sql.raw(
    `'${BUCKET_ORIGIN.toISOString()}'::timestamptz`,
  )})`;
}

const UNKNOWN_MODEL = "(unknown)";
const NO_STOP_REASON = "(none)";

/**
 * The group key of a run. A run's model is the model of its first step (by created_at, id) that names one: TTFT
 * is measured on that first call. Queries group and order by the key's position: it may hold a parameter.
 */
export function groupKey(scope: Scope, groupBy: AnalyticsGroup): SQL<string> {
  switch (groupBy) {
    case "none":
      return sql<string>`'all'`;
    case "agent":
      return sql<string>`${runs.agentId}`;
    case "stop_reason":
      return sql<string>`coalesce(${runs.stopReason}::text, ${NO_STOP_REASON})`;
    case "model": {
      const firstModel = scope.db
        .select({ model: steps.model })
        .from(steps)
        .where(and(eq(steps.organizationId, runs.organizationId), eq(steps.runId, runs.id), isNotNull(steps.model)))
        .orderBy(steps.createdAt, steps.id)
        .limit(1);
      return sql<string>`coalesce((${firstModel}), ${UNKNOWN_MODEL})`;
    }
  }
}

/** Display labels of group keys: agent names for agent ids, the key itself otherwise. */
export async function groupLabels(scope: Scope, groupBy: AnalyticsGroup, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map(keys.map((k) => [k, groupBy === "none" ? "All runs" : k]));
  if (groupBy === "agent" && keys.length) {
    const rows = await scope.db
      .select({ id: agents.id, name: agents.name })
      .from(agents)
      .where(and(visibleTo(scope, agents), inArray(agents.id, keys)));
    for (const row of rows) labels.set(row.id, row.name);
  }
  return labels;
}
