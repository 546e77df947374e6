import { and, eq } from "drizzle-orm";
import { stepMetrics } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";

export type StepMetrics = Omit<typeof stepMetrics.$inferSelect, "organizationId">;

/** Letta's step_metrics row of one step (timings in ns; starts as timestamps). */
export async function getStepMetrics(scope: Scope, stepId: string): Promise<StepMetrics> {
  const [row] = await scope.db
    .select()
    .from(stepMetrics)
    .where(and(eq(stepMetrics.organizationId, scope.orgId), eq(stepMetrics.id, stepId)));
  if (!row) throw notFound("step", stepId, "stepId");
  const { organizationId: _org, ...metrics } = row;
  return metrics;
}
