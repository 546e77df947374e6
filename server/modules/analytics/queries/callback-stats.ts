import { and, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { callbackAttempts, callbackDeliveries } from "@/db/schema";
import { exactPercentilesOf } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import type { ResolvedRange } from "../time-buckets";

/** Deliveries created in the range, by current status. */
export async function selectDeliveryCounts(scope: Scope, range: ResolvedRange) {
  const withStatus = (status: "delivered" | "failed" | "pending") =>
    sql<number>`(count(*) filter (where ${eq(callbackDeliveries.status, status)}))::int`;
  const [row] = await scope.db
    .select({
      total: sql<number>`count(*)::int`,
      delivered: withStatus("delivered"),
      failed: withStatus("failed"),
      pending: withStatus("pending"),
    })
    .from(callbackDeliveries)
    .where(
      and(
        visibleTo(scope, callbackDeliveries),
        gte(callbackDeliveries.createdAt, range.from),
        lt(callbackDeliveries.createdAt, range.to),
      ),
    );
  return row;
}

const attemptsIn = (scope: Scope, range: ResolvedRange) =>
  and(
    eq(callbackAttempts.organizationId, scope.orgId),
    // Attempts have no project column: a project-bound key counts those of the deliveries it sees.
    scope.projectId
      ? inArray(
          callbackAttempts.deliveryId,
          scope.db.select({ id: callbackDeliveries.id }).from(callbackDeliveries).where(visibleTo(scope, callbackDeliveries)),
        )
      : undefined,
    gte(callbackAttempts.startedAt, range.from),
    lt(callbackAttempts.startedAt, range.to),
  );

/** Attempts started in the range, and p50/p95 of how long receivers took to answer (refused attempts sent nothing). */
export async function selectAttemptLatency(scope: Scope, range: ResolvedRange) {
  const [row] = await scope.db
    .select({
      total: sql<number>`count(*)::int`,
      latency: exactPercentilesOf(callbackAttempts.durationMs, [50, 95], ne(callbackAttempts.outcome, "refused")),
    })
    .from(callbackAttempts)
    .where(attemptsIn(scope, range));
  return row;
}

/** Failed or refused attempts by HTTP status ("no response" / "refused" when there was none), the 10 most frequent. */
export async function selectFailuresByCode(scope: Scope, range: ResolvedRange) {
  return scope.db
    .select({
      code: sql<string>`case when ${callbackAttempts.statusCode} is not null then ${callbackAttempts.statusCode}::text
        when ${callbackAttempts.outcome} = 'refused' then 'refused' else 'no response' end`,
      count: sql<number>`count(*)::int`,
    })
    .from(callbackAttempts)
    .where(and(attemptsIn(scope, range), ne(callbackAttempts.outcome, "delivered")))
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`, sql`1`)
    .limit(10);
}
