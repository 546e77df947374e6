import { and, count, eq, isNotNull, or, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { agents, batches, isTerminalStatus, messages, runMetrics, runs, steps, type StopReason, type ToolReturn } from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { recordRunEnd } from "./histograms/store";
import { enqueueBatchCallback, enqueueRunCallback } from "./callbacks/enqueue";

type RunRow = typeof runs.$inferSelect;

const NS_PER_MS = 1_000_000;

/**
 * Everything that happens once, in the transaction that first moves a run to a terminal status:
 * completion time, duration, step count, tools used, the agent's last stop reason and the batch counts.
 */
export async function finalizeRun(
  tx: Db,
  scope: Scope,
  run: RunRow,
  given: { completedAt?: Date; totalDurationNs?: number },
): Promise<RunRow> {
  const completedAt = run.completedAt ?? given.completedAt ?? new Date();
  const runNs = given.totalDurationNs ?? Math.max(0, (completedAt.getTime() - run.createdAt.getTime()) * NS_PER_MS);

  const [{ numSteps }] = await tx
    .select({ numSteps: count() })
    .from(steps)
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, run.id)));
  const toolsUsed = await registerToolsUsed(tx, scope, run.id);
  if (run.status === "cancelled") await cancelPendingSteps(tx, scope, run.id);

  await tx
    .update(runMetrics)
    .set({ runNs, numSteps, toolsUsed })
    .where(and(eq(runMetrics.organizationId, scope.orgId), eq(runMetrics.id, run.id)));
  const [finalized] = await tx
    .update(runs)
    .set({ completedAt, totalDurationNs: runNs })
    .where(and(eq(runs.organizationId, scope.orgId), eq(runs.id, run.id)))
    .returning();
  await recordRunEnd(tx, scope, finalized); // duration histograms move with the runs table, in this transaction
  if (finalized.stopReason) await recordAgentStopReason(tx, scope, run.agentId, finalized.stopReason);
  if (run.batchId) await refreshBatchCounts(tx, scope, run.batchId);
  await enqueueRunCallback(tx, scope, finalized); // the callback outbox row commits with the terminal status
  return finalized;
}

/**
 * Registers the tools named in the run's tool calls and returns their ids, in one statement
 * (Letta looks each tool up by name, one query per tool, when a run ends).
 */
async function registerToolsUsed(tx: Db, scope: Scope, runId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`
    with names as (
      select distinct call->>'name' as name
      from ${messages} m, jsonb_array_elements(m.tool_calls) as call
      where m.organization_id = ${scope.orgId} and m.run_id = ${runId}
        and jsonb_typeof(m.tool_calls) = 'array' and call->>'name' is not null
    ), inserted as (
      insert into tools (id, organization_id, name)
      select 'tool-' || gen_random_uuid(), ${scope.orgId}, name from names
      on conflict (organization_id, name) do nothing
      returning id
    )
    select id from inserted
    union
    select t.id from tools t join names n on n.name = t.name where t.organization_id = ${scope.orgId}
    order by id`,
  );
  return rows.map((r) => r.id);
}

export async function recordAgentStopReason(tx: Db, scope: Scope, agentId: string, stopReason: StopReason) {
  await tx
    .update(agents)
    .set({ lastStopReason: stopReason, updatedAt: new Date() })
    .where(and(eq(agents.organizationId, scope.orgId), eq(agents.id, agentId)));
}

/** Recounts a batch from its runs (cheap: one indexed aggregate) instead of incrementing, so counts never drift. */
export async function refreshBatchCounts(tx: Db, scope: Scope, batchId: string) {
  const [counts] = await tx
    .select({
      completed: sql<number>`count(*) filter (where ${runs.status} = 'completed')::int`,
      failed: sql<number>`count(*) filter (where ${runs.status} in ('failed', 'expired'))::int`,
      cancelled: sql<number>`count(*) filter (where ${runs.status} = 'cancelled')::int`,
      open: sql<number>`count(*) filter (where ${runs.status} in ('created', 'running', 'pending'))::int`,
    })
    .from(runs)
    .where(and(eq(runs.organizationId, scope.orgId), eq(runs.batchId, batchId)));
  const done = counts.open === 0;
  await tx
    .update(batches)
    .set({
      completedCount: counts.completed,
      failedCount: counts.failed,
      cancelledCount: counts.cancelled,
      status: done ? "completed" : "running",
      completedAt: done ? sql`coalesce(${batches.completedAt}, now())` : null,
    })
    .where(and(eq(batches.organizationId, scope.orgId), eq(batches.id, batchId)));
  if (done) await enqueueBatchCallback(tx, scope, batchId); // once: unique per batch and event
}

export const DENIAL_REASON = "Run was cancelled: the pending tool call was denied.";

/**
 * As Letta's cancel_run: a run that waits on an approval gets a denial tool return for every tool call
 * that has no return yet, so the agent's history stays well-formed for the next turn.
 */
export async function denyPendingToolCalls(tx: Db, scope: Scope, run: RunRow): Promise<number> {
  const rows = await tx
    .select({ toolCalls: messages.toolCalls, toolReturns: messages.toolReturns, toolCallId: messages.toolCallId })
    .from(messages)
    .where(
      and(
        eq(messages.organizationId, scope.orgId),
        eq(messages.runId, run.id),
        or(isNotNull(messages.toolCalls), isNotNull(messages.toolReturns), isNotNull(messages.toolCallId)),
      ),
    );
  const answered = new Set<string>();
  for (const row of rows) {
    if (row.toolCallId) answered.add(row.toolCallId);
    for (const ret of row.toolReturns ?? []) answered.add(ret.tool_call_id);
  }
  const pending = rows.flatMap((row) => row.toolCalls ?? []).filter((call) => !answered.has(call.id));
  if (pending.length === 0) return 0;
  const toolReturns: ToolReturn[] = pending.map((call) => ({
    tool_call_id: call.id,
    status: "error",
    func_response: DENIAL_REASON,
  }));
  await tx.insert(messages).values({
    id: newId("message"),
    organizationId: scope.orgId,
    agentId: run.agentId,
    runId: run.id,
    role: "tool",
    toolReturns,
    toolCallId: pending[0].id,
    name: pending[0].name,
  });
  return pending.length;
}

/** Steps still pending when their run is cancelled will never finish. */
export async function cancelPendingSteps(tx: Db, scope: Scope, runId: string) {
  await tx
    .update(steps)
    .set({ status: "cancelled", updatedAt: new Date() })
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, runId), eq(steps.status, "pending")));
}

/** The one exception to "terminal is final": a run paused for approval may still be cancelled. */
export function isAwaitingApproval(run: Pick<RunRow, "status" | "stopReason">): boolean {
  return run.status === "completed" && run.stopReason === "requires_approval";
}

/**
 * Runs the follow-ups of a status change, in the transaction that wrote it (`before` is the locked row
 * as read, `after` the row as written). Used by runs.update and runs.cancel alike.
 */
export async function afterStatusChange(
  tx: Db,
  scope: Scope,
  before: RunRow,
  after: RunRow,
  given: { completedAt?: Date; totalDurationNs?: number } = {},
): Promise<RunRow> {
  if (after.status === "cancelled" && before.stopReason === "requires_approval") await denyPendingToolCalls(tx, scope, after);
  if (!isTerminalStatus(before.status) && isTerminalStatus(after.status)) return finalizeRun(tx, scope, after, given);
  if (isAwaitingApproval(before) && after.status === "cancelled") {
    // Already finalized when it completed; only what cancelling changes is left to do.
    await cancelPendingSteps(tx, scope, after.id);
    await recordAgentStopReason(tx, scope, after.agentId, "cancelled");
    if (after.batchId) await refreshBatchCounts(tx, scope, after.batchId);
  }
  return after;
}
