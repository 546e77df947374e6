import { and, arrayContains, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isTerminalStatus, messages, runs, stepMetrics, steps, type ContentPart } from "@/db/schema";
import { badRequest, conflict, notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import { MAX_TOKEN_COUNT, type Page } from "@/server/schemas/common";
import type {
  CreateStepInput,
  ListStepsInput,
  MessageInput,
  SetFeedbackInput,
  UpdateStepInput,
} from "@/server/schemas/steps";
import type { Scope } from "@/server/scope";
import { getAgent } from "./agents";
import { keysetPage, type KeysetSpec } from "./keyset";
import { findRun } from "./runs";

export type StepRow = typeof steps.$inferSelect;
export type Step = Omit<StepRow, "organizationId">;

export function toStep(row: StepRow): Step {
  const { organizationId: _org, ...step } = row;
  return step;
}

const FINISHED_STEP_STATUSES = new Set(["success", "failed", "cancelled"]);

async function findStep(db: Db, scope: Scope, stepId: string, forUpdate = false): Promise<StepRow> {
  const query = db
    .select()
    .from(steps)
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.id, stepId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("step", stepId, "stepId");
  return row;
}

function contentParts(content: MessageInput["content"]): ContentPart[] | null {
  if (content === undefined) return null;
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

/** A total the integer column can hold (prompt + completion of two valid counts may not fit). */
function checkedTotalTokens(total: number): number {
  if (total > MAX_TOKEN_COUNT)
    throw badRequest("totalTokens", `must be at most ${MAX_TOKEN_COUNT} (promptTokens + completionTokens when not given)`);
  return total;
}

export async function createStep(scope: Scope, input: CreateStepInput): Promise<Step> {
  const totalTokens = checkedTotalTokens(input.totalTokens ?? input.promptTokens + input.completionTokens);
  return scope.db.transaction(async (tx) => {
    const txScope = { ...scope, db: tx };
    let agentId: string;
    let projectId: string | null;
    let baseTemplateId: string | null = null;
    if (input.runId) {
      const run = await findRun(tx, scope, input.runId, { forUpdate: true });
      if (isTerminalStatus(run.status))
        throw conflict(`runId: run ${run.id} is already ${run.status}; steps can no longer be added`, "runId");
      if (input.agentId && input.agentId !== run.agentId)
        throw badRequest("agentId", `run ${run.id} belongs to agent ${run.agentId}, not ${input.agentId}`);
      agentId = run.agentId;
      projectId = run.projectId;
      baseTemplateId = run.baseTemplateId;
      if (run.status === "created" || run.status === "pending") {
        await tx
          .update(runs)
          .set({ status: "running", updatedAt: new Date(), lastUpdatedById: scope.actor })
          .where(and(eq(runs.organizationId, scope.orgId), eq(runs.id, run.id)));
      }
    } else {
      const agent = await getAgent(txScope, input.agentId!);
      agentId = agent.id;
      projectId = agent.projectId;
    }

    const [step] = await tx
      .insert(steps)
      .values({
        id: newId("step"),
        organizationId: scope.orgId,
        projectId,
        agentId,
        runId: input.runId ?? null,
        origin: input.origin ?? null,
        providerId: input.providerId ?? null,
        providerName: input.providerName ?? null,
        providerCategory: input.providerCategory ?? null,
        model: input.model ?? null,
        modelEndpoint: input.modelEndpoint ?? null,
        contextWindowLimit: input.contextWindowLimit ?? null,
        promptTokens: input.promptTokens,
        completionTokens: input.completionTokens,
        totalTokens,
        promptTokensDetails: input.promptTokensDetails ?? null,
        completionTokensDetails: input.completionTokensDetails ?? null,
        stopReason: input.stopReason ?? null,
        tags: input.tags,
        tid: input.tid ?? null,
        traceId: input.traceId ?? null,
        requestId: input.requestId ?? null,
        status: input.status,
        errorType: input.errorType ?? null,
        errorData: input.errorData ?? null,
        createdById: scope.actor,
        lastUpdatedById: scope.actor,
      })
      .returning();

    const timings = input.timings ?? {};
    await tx.insert(stepMetrics).values({
      id: step.id,
      organizationId: scope.orgId,
      runId: step.runId,
      agentId,
      projectId,
      providerId: step.providerId,
      baseTemplateId,
      stepStart: timings.stepStart ?? step.createdAt,
      llmRequestStart: timings.llmRequestStart ?? null,
      llmRequestNs: timings.llmRequestNs ?? null,
      toolExecutionNs: timings.toolExecutionNs ?? null,
      stepNs: timings.stepNs ?? null,
    });

    if (input.messages.length) {
      // now() is the transaction's start time, so messages of one step would tie; spread them by a millisecond
      // each so the run's history reads back in the order it was written.
      const base = Date.now();
      await tx.insert(messages).values(
        input.messages.map((m, i) => ({
          id: newId("message"),
          organizationId: scope.orgId,
          agentId,
          runId: step.runId,
          stepId: step.id,
          role: m.role,
          content: contentParts(m.content),
          toolCalls: m.toolCalls ?? null,
          toolReturns: m.toolReturns ?? null,
          toolCallId: m.toolCallId ?? m.toolReturns?.[0]?.tool_call_id ?? null,
          name: m.name ?? null,
          createdAt: m.createdAt ?? new Date(base + i),
        })),
      );
    }
    return toStep(step);
  });
}

export async function updateStep(scope: Scope, input: UpdateStepInput): Promise<Step> {
  return scope.db.transaction(async (tx) => {
    const step = await findStep(tx, scope, input.stepId, true);
    if (input.status && FINISHED_STEP_STATUSES.has(step.status) && input.status !== step.status)
      throw conflict(`status: step ${step.id} is already ${step.status}; it cannot become ${input.status}`, "status");
    const patch: Partial<StepRow> = { updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.status) patch.status = input.status;
    if (input.errorType !== undefined) patch.errorType = input.errorType;
    if (input.errorData !== undefined) patch.errorData = input.errorData;
    if (input.stopReason !== undefined) patch.stopReason = input.stopReason;
    if (input.promptTokens !== undefined) patch.promptTokens = input.promptTokens;
    if (input.completionTokens !== undefined) patch.completionTokens = input.completionTokens;
    if (input.promptTokensDetails) patch.promptTokensDetails = input.promptTokensDetails;
    if (input.completionTokensDetails) patch.completionTokensDetails = input.completionTokensDetails;
    if (input.totalTokens !== undefined) patch.totalTokens = input.totalTokens;
    else if (input.promptTokens !== undefined || input.completionTokens !== undefined)
      patch.totalTokens = checkedTotalTokens((patch.promptTokens ?? step.promptTokens) + (patch.completionTokens ?? step.completionTokens));
    const [updated] = await tx
      .update(steps)
      .set(patch)
      .where(and(eq(steps.organizationId, scope.orgId), eq(steps.id, step.id)))
      .returning();
    if (input.timings && Object.keys(input.timings).length) {
      await tx
        .update(stepMetrics)
        .set(input.timings)
        .where(and(eq(stepMetrics.organizationId, scope.orgId), eq(stepMetrics.id, step.id)));
    }
    return toStep(updated);
  });
}

export async function getStep(scope: Scope, stepId: string): Promise<Step> {
  return toStep(await findStep(scope.db, scope, stepId));
}

export async function setStepFeedback(scope: Scope, input: SetFeedbackInput): Promise<Step> {
  return scope.db.transaction(async (tx) => {
    await findStep(tx, scope, input.stepId, true);
    const patch: Partial<StepRow> = { feedback: input.feedback, updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.tags) patch.tags = [...new Set(input.tags)];
    const [updated] = await tx
      .update(steps)
      .set(patch)
      .where(and(eq(steps.organizationId, scope.orgId), eq(steps.id, input.stepId)))
      .returning();
    return toStep(updated);
  });
}

const stepKeyset: KeysetSpec = {
  table: steps,
  orgColumn: steps.organizationId,
  idColumn: steps.id,
  sortKey: steps.createdAt,
  sortKeyType: "timestamptz",
  entity: "step",
};

export function stepFilterConditions(scope: Scope, input: ListStepsInput): SQL[] {
  const conditions: SQL[] = [eq(steps.organizationId, scope.orgId)];
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

/** A step's timings from step_metrics (ns; starts as timestamps), read with the list in one join. */
export interface StepTimings {
  stepStart: Date | null;
  llmRequestStart: Date | null;
  llmRequestNs: number | null;
  toolExecutionNs: number | null;
  stepNs: number | null;
}
export type StepListItem = Step & { timings: StepTimings | null };

export async function listSteps(scope: Scope, input: ListStepsInput): Promise<Page<StepListItem>> {
  // Listing the steps of an unknown run is an error, not an empty page (as Letta's runs/{id}/steps).
  if (input.runId) await findRun(scope.db, scope, input.runId);
  const conditions = stepFilterConditions(scope, input);
  return keysetPage(scope, stepKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
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
    return rows.map((row) => ({ ...toStep(row.step), timings: row.timings }));
  });
}

