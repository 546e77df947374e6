/** The steps, step_metrics and step messages reads and writes other than steps.create's statement. */
import { and, arrayContains, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages, stepMetrics, steps } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { KeysetSpec } from "@/server/lib/keyset";
import { visibleTo } from "@/server/lib/visible";
import type { Scope } from "@/server/scope";
import { messageKeyset } from "@/server/modules/runs";
import type { ListStepsInput, UpdateStepInput } from "../schemas";
import type { StepRow, StepTimings } from "../step";

/** One step the caller may see (server/lib/visible.ts; NOT_FOUND naming stepId when absent); `forUpdate` locks it. */
export async function findStep(db: Db, scope: Scope, stepId: string, forUpdate = false): Promise<StepRow> {
  const query = db
    .select()
    .from(steps)
    .where(and(visibleTo(scope, steps), eq(steps.id, stepId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("step", stepId, "stepId");
  return row;
}

export async function patchStep(tx: Db, scope: Scope, stepId: string, patch: Partial<StepRow>): Promise<StepRow> {
  const [updated] = await tx
    .update(steps)
    .set(patch)
    .where(and(visibleTo(scope, steps), eq(steps.id, stepId)))
    .returning();
  return updated;
}

export async function patchStepTimings(tx: Db, scope: Scope, stepId: string, timings: NonNullable<UpdateStepInput["timings"]>) {
  await tx
    .update(stepMetrics)
    .set(timings)
    .where(and(visibleTo(scope, stepMetrics), eq(stepMetrics.id, stepId)));
}

export async function findStepMetrics(scope: Scope, stepId: string) {
  const [row] = await scope.db
    .select()
    .from(stepMetrics)
    .where(and(visibleTo(scope, stepMetrics), eq(stepMetrics.id, stepId)));
  return row;
}

export const stepKeyset: KeysetSpec = {
  table: steps,
  orgColumn: steps.organizationId,
  projectColumn: steps.projectId,
  idColumn: steps.id,
  sortKey: steps.createdAt,
  sortKeyType: "timestamptz",
  entity: "step",
};

export function stepFilterConditions(scope: Scope, input: ListStepsInput): SQL[] {
  const conditions: SQL[] = [visibleTo(scope, steps)];
  if (input.runId) conditions.push(eq(steps.runId, input.runId));
  if (input.agentId) conditions.push(eq(steps.agentId, input.agentId));
  if (input.projectId) conditions.push(eq(steps.projectId, input.projectId));
  if (input.model) conditions.push(eq(steps.model, input.model));
  if (input.tags?.length) conditions.push(arrayContains(steps.tags, input.tags));
  if (input.feedback) conditions.push(eq(steps.feedback, input.feedback));
  if (input.hasFeedback !== undefined) conditions.push(input.hasFeedback ? isNotNull(steps.feedback) : isNull(steps.feedback));
  if (input.traceIds?.length) conditions.push(inArray(steps.traceId, input.traceIds));
  if (input.startDate) conditions.push(gte(steps.createdAt, input.startDate));
  if (input.endDate) conditions.push(lte(steps.createdAt, input.endDate));
  return conditions;
}

/** A page of steps with their timings (one join), for keysetPage's seek, order and limit. */
export async function selectStepPage(
  scope: Scope,
  conditions: SQL[],
  seek: SQL[],
  orderBy: SQL[],
  limit: number,
): Promise<{ step: StepRow; timings: StepTimings | null }[]> {
  return scope.db
    .select({
      step: steps,
      timings: {
        stepStart: stepMetrics.stepStart,
        llmRequestStart: stepMetrics.llmRequestStart,
        llmRequestNs: stepMetrics.llmRequestNs,
        toolExecutionNs: stepMetrics.toolExecutionNs,
        stepNs: stepMetrics.stepNs,
      },
    })
    .from(steps)
    .leftJoin(stepMetrics, and(eq(stepMetrics.organizationId, steps.organizationId), eq(stepMetrics.id, steps.id)))
    .where(and(...conditions, ...seek))
    .orderBy(...orderBy)
    .limit(limit);
}

/** The step's messages: a cursor must be one of them. */
export const messageKeysetOfStep = (stepId: string): KeysetSpec => ({
  ...messageKeyset,
  cursorWithin: eq(messages.stepId, stepId),
});

/** A page of the messages one step wrote, for keysetPage (see the runs module's messageKeyset). */
export function selectStepMessagePage(scope: Scope, stepId: string, seek: SQL[], orderBy: SQL[], limit: number) {
  return scope.db
    .select()
    .from(messages)
    .where(and(eq(messages.organizationId, scope.orgId), eq(messages.stepId, stepId), ...seek))
    .orderBy(...orderBy)
    .limit(limit);
}
