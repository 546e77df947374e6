import { and, count, desc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { agents, runs, type RunStatus, type StopReason } from "@/db/schema";
import { exactPercentilesOf, RUN_VALUE } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import {
  DEFAULT_PERCENTILE_STATUSES,
  MAX_GROUPS,
  type AgentStatsInput,
  type AnalyticsGroup,
  type StopReasonMixInput,
  type TtftSplitInput,
} from "../schemas";
import type { ResolvedRange } from "../time-buckets";
import { bucketSql, groupKey, runConditions } from "./runs-filter";

/** Runs that ended with each stop reason, per time bucket of the range (open runs have none). */
export async function selectStopReasonCounts(scope: Scope, input: StopReasonMixInput, range: ResolvedRange) {
  const bucketStart = bucketSql(range.bucket, runs.createdAt);
  return scope.db
    .select({ bucketStart, reason: sql<StopReason>`${runs.stopReason}`, n: sql<number>`count(*)::int` })
    .from(runs)
    .where(and(runConditions(scope, input, range.from, range.to), isNotNull(runs.stopReason)))
    .groupBy(bucketStart, runs.stopReason)
    .orderBy(bucketStart, sql`${runs.stopReason}::text`);
}

/**
 * Per group (the MAX_GROUPS with the most runs): runs with both a TTFT and a duration, the means of TTFT and of the
 * rest of the run, and p50/p95 of each and of the duration (exact: the histograms hold no TTFT/rest pair yet).
 */
export async function selectTtftSplit(scope: Scope, input: TtftSplitInput, groupBy: AnalyticsGroup, range: ResolvedRange) {
  return (
    scope.db
      .select({
        g: groupKey(scope, groupBy),
        n: sql<number>`count(*)::int`,
        meanTtft: sql<number | string>`avg(${RUN_VALUE.ttft})::float8`,
        meanRest: sql<number | string>`avg(${RUN_VALUE.rest})::float8`,
        ttft: exactPercentilesOf(RUN_VALUE.ttft, [50, 95]),
        rest: exactPercentilesOf(RUN_VALUE.rest, [50, 95]),
        duration: exactPercentilesOf(RUN_VALUE.duration, [50, 95]),
      })
      .from(runs)
      .where(and(runConditions(scope, input, range.from, range.to), isNotNull(runs.ttftNs), isNotNull(runs.totalDurationNs)))
      // By position: the model key holds a parameter, and a repeated one would not match the SELECT's in GROUP BY.
      .groupBy(sql`1`)
      .orderBy(sql`2 desc`, sql`1`)
      .limit(MAX_GROUPS)
  );
}

const MAX_AGENT_ROWS = 500;
const FINISHED_STATUSES: RunStatus[] = ["completed", "failed", "cancelled", "expired"];
const ERROR_STATUSES: RunStatus[] = ["failed", "expired"];

/** Every agent of the org (filtered) with its runs in the range, in one grouped query (agents without runs included). */
export async function selectAgentStats(scope: Scope, input: AgentStatsInput, range: ResolvedRange) {
  const agentConditions: SQL[] = [visibleTo(scope, agents)];
  if (input.agentIds?.length) agentConditions.push(inArray(agents.id, input.agentIds));
  if (input.projectId) agentConditions.push(eq(agents.projectId, input.projectId));
  // Percentiles count what the chart counts: the chosen statuses (already in the join), else the chart's default.
  const counted = input.statuses?.length ? undefined : inArray(runs.status, [...DEFAULT_PERCENTILE_STATUSES]);
  const runsOf = (statuses: RunStatus[]) =>
    sql<number>`(count(${runs.id}) filter (where ${inArray(runs.status, statuses)}))::int`;
  return scope.db
    .select({
      id: agents.id,
      name: agents.name,
      projectId: agents.projectId,
      lastStopReason: agents.lastStopReason,
      runs: sql<number>`count(${runs.id})::int`,
      finished: runsOf(FINISHED_STATUSES),
      errors: runsOf(ERROR_STATUSES),
      lastRunAt: sql<Date | string | null>`max(${runs.createdAt})`,
      withDuration: sql<number>`(count(${runs.totalDurationNs}) filter (where ${counted ?? sql`true`}))::int`,
      duration: exactPercentilesOf(RUN_VALUE.duration, [50, 95, 99], counted),
      ttft: exactPercentilesOf(RUN_VALUE.ttft, [50, 95], counted),
    })
    .from(agents)
    .leftJoin(
      runs,
      and(
        eq(runs.organizationId, agents.organizationId),
        eq(runs.agentId, agents.id),
        runConditions(scope, input, range.from, range.to),
      ),
    )
    .where(and(...agentConditions))
    .groupBy(agents.id, agents.name, agents.projectId, agents.lastStopReason)
    .orderBy(desc(count(runs.id)), agents.name, agents.id)
    .limit(MAX_AGENT_ROWS);
}
