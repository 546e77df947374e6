import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { runMetrics, runs, stepMetrics } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";

/** A run's metrics row (with its TTFT), or undefined when the caller sees no such run. */
export async function selectRunMetrics(scope: Scope, runId: string) {
  const [row] = await scope.db
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
    .where(and(visibleTo(scope, runMetrics), eq(runMetrics.id, runId)));
  return row;
}

const summary = (column: AnyPgColumn) => ({
  total: sql<string>`coalesce(sum(${column}), 0)`,
  avg: sql<string | null>`avg(${column})`,
  max: sql<string | null>`max(${column})`,
});

/** Sum, mean and maximum of the run's step timings (bigint sums and averages come back as strings). */
export async function selectStepTimings(scope: Scope, runId: string) {
  const [row] = await scope.db
    .select({
      count: sql<string>`count(*)`,
      stepNs: summary(stepMetrics.stepNs),
      llmRequestNs: summary(stepMetrics.llmRequestNs),
      toolExecutionNs: summary(stepMetrics.toolExecutionNs),
    })
    .from(stepMetrics)
    .where(and(visibleTo(scope, stepMetrics), eq(stepMetrics.runId, runId)));
  return row;
}
