import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { executePrepared, renderQuery, type Db } from "@/db/client";
import { batches, isTerminalStatus, messages, runs, steps, type StopReason, type ToolReturn } from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { histogramUpsertInput, histogramUpsertSql, runEndDeltas, type HistogramDelta } from "@/server/modules/percentiles";
import { enqueueBatchCallback } from "@/server/modules/batches";
import { enqueueRunCallback } from "./callback-payload";

type RunRow = typeof runs.$inferSelect;

const NS_PER_MS = 1_000_000;

/** How a run ends, as runs.update may give it. */
export interface RunEnd {
  completedAt?: Date;
  totalDurationNs?: number;
}

/** A run ending now: its completion time (one it already has is kept) and duration (given, or completed − created). */
export function completionOf(run: Pick<RunRow, "createdAt" | "completedAt">, given: RunEnd): Required<RunEnd> {
  const completedAt = run.completedAt ?? given.completedAt ?? new Date();
  const totalDurationNs = given.totalDurationNs ?? Math.max(0, (completedAt.getTime() - run.createdAt.getTime()) * NS_PER_MS);
  return { completedAt, totalDurationNs };
}

/**
 * What the transaction's closing statement writes (see closeTransaction): the ended run's metrics, then the rows
 * other transactions share — histogram buckets and the agent.
 */
interface ClosingWrites {
  /** Set when the run ends here: its duration (num_steps and tools_used are counted by the statement). */
  runNs: number | null;
  histogramDeltas: HistogramDelta[];
  agentStopReason: StopReason | null;
}

/**
 * Everything that happens once, in the transaction that first moves a run to a terminal status: completion time,
 * duration, batch counts and the callback outbox row here; run_metrics, the duration histograms and the agent's
 * last stop reason in the closing statement (`closing`).
 *
 * The caller holds the run FOR UPDATE, so every step committed before is counted, and none can be added after
 * (steps.create locks the run FOR SHARE).
 */
async function finalizeRun(tx: Db, scope: Scope, run: RunRow, given: RunEnd, closing: ClosingWrites): Promise<RunRow> {
  const end = completionOf(run, given);
  // runs.update writes these with the status, in one UPDATE; runs.cancel does not, so they are written here.
  const written = run.completedAt?.getTime() === end.completedAt.getTime() && run.totalDurationNs === end.totalDurationNs;
  const finalized = written ? run : await setCompletion(tx, scope, run.id, end);
  if (finalized.status === "cancelled") await cancelPendingSteps(tx, scope, run.id);
  if (run.batchId) await refreshBatchCounts(tx, scope, run.batchId);
  await enqueueRunCallback(tx, scope, finalized); // the callback outbox row commits with the terminal status
  closing.runNs = end.totalDurationNs;
  closing.histogramDeltas.push(...runEndDeltas(finalized)); // duration histograms move with the runs table, in this transaction
  closing.agentStopReason = finalized.stopReason;
  return finalized;
}

async function setCompletion(tx: Db, scope: Scope, runId: string, end: Required<RunEnd>) {
  const [row] = await tx
    .update(runs)
    .set(end)
    .where(and(eq(runs.organizationId, scope.orgId), eq(runs.id, runId)))
    .returning();
  return row;
}

const p = (name: string) => sql.placeholder(name);

/**
 * The closing statement, rendered once (a named prepared statement); each part writes nothing when its input is
 * null or empty:
 * - run_metrics of an ending run: duration, step count, and the tools named in its tool calls — registered in
 *   `tools` (Letta looks each one up by name, one query per tool) — as their ids; and the same tools as run_tools
 *   rows (created_at copied from the run here, in SQL, so it keeps Postgres' microseconds);
 * - the histogram deltas (duration and TTFT together, rows in key order);
 * - the agent's last stop reason.
 * A row lock is held until COMMIT and its WAL flush, so the rows concurrent completions share (histogram buckets,
 * the agent) are taken last, in the last statement. The select list is evaluated left to right, which orders the
 * parts: every transaction takes the tool rows of names it does not see yet (in name order), its run_metrics row
 * and run_tools rows, then histogram rows in key order, then the agent row (and a batch row, if any, earlier), so
 * they cannot deadlock each other.
 *
 * Tools: names already visible are read, never locked (a hot tool row is shared by every completion). A name not
 * visible is inserted, and a concurrent completion may be inserting it too: the loser waits for the winner's
 * commit and its snapshot cannot see the winner's row, so `do nothing` would return nothing and drop the tool.
 * `do update` (a no-op) locks the committed row and returns its id instead.
 */
const CLOSING_SQL = sql`
  with names as (
    select distinct call->>'name' as name
    from messages m, jsonb_array_elements(m.tool_calls) as call
    where ${p("runNs")}::bigint is not null and m.organization_id = ${p("orgId")} and m.run_id = ${p("runId")}
      and jsonb_typeof(m.tool_calls) = 'array' and call->>'name' is not null
  ), known as (
    select t.id, t.name from tools t join names n on n.name = t.name where t.organization_id = ${p("orgId")}
  ), inserted as (
    insert into tools (id, organization_id, name)
    select 'tool-' || gen_random_uuid(), ${p("orgId")}, n.name from names n
    where not exists (select 1 from known k where k.name = n.name)
    order by n.name
    on conflict (organization_id, name) do update set name = excluded.name
    returning id
  ), used as (
    select id from known
    union
    select id from inserted
  ), metrics as (
    update run_metrics
    set run_ns = ${p("runNs")}::bigint,
        num_steps = (select count(*) from steps s where s.organization_id = ${p("orgId")} and s.run_id = ${p("runId")}),
        tools_used = array(select id from used order by id)
    where ${p("runNs")}::bigint is not null and organization_id = ${p("orgId")} and id = ${p("runId")}
    returning 1
  ), run_tool_rows as (
    insert into run_tools (organization_id, tool_id, created_at, run_id)
    select r.organization_id, u.id, r.created_at, r.id
    from used u, runs r
    where ${p("runNs")}::bigint is not null and r.organization_id = ${p("orgId")} and r.id = ${p("runId")}
    on conflict do nothing
    returning 1
  ), histograms as (${histogramUpsertSql({
    orgId: p("orgId"),
    createdAt: p("createdAt"),
    agentId: p("agentId"),
    projectKey: p("projectKey"),
    deltas: p("deltas"),
  })}
    returning 1
  ), agent as (
    update agents set last_stop_reason = ${p("stopReason")}::stop_reason, updated_at = ${p("now")}::timestamptz
    where ${p("stopReason")}::stop_reason is not null and organization_id = ${p("orgId")} and id = ${p("agentId")}
    returning 1
  )
  select (select count(*) from metrics) as metrics, (select count(*) from run_tool_rows) as run_tools,
         (select count(*) from histograms) as histograms, (select count(*) from agent) as agent`;
const CLOSING_QUERY = renderQuery(CLOSING_SQL);

/** The transaction's last statement (before COMMIT), when there is anything to write. */
async function closeTransaction(tx: Db, scope: Scope, run: RunRow, closing: ClosingWrites): Promise<void> {
  if (closing.runNs == null && closing.histogramDeltas.length === 0 && !closing.agentStopReason) return;
  await executePrepared(tx, "run-lifecycle.closing", CLOSING_QUERY, {
    ...histogramUpsertInput(scope.orgId, run, closing.histogramDeltas),
    runId: run.id,
    runNs: closing.runNs,
    stopReason: closing.agentStopReason,
    now: new Date().toISOString(),
  });
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

/** What runs.update adds to a status change: how the run ended, and TTFT histogram changes it has not applied. */
export interface StatusChangeOptions extends RunEnd {
  histogramDeltas?: HistogramDelta[];
}

/**
 * Runs the follow-ups of a status change, in the transaction that wrote it (`before` is the locked row as read,
 * `after` the row as written). Used by runs.update and runs.cancel alike. Ends with the closing statement.
 */
export async function afterStatusChange(
  tx: Db,
  scope: Scope,
  before: RunRow,
  after: RunRow,
  options: StatusChangeOptions = {},
): Promise<RunRow> {
  const closing: ClosingWrites = { runNs: null, histogramDeltas: [...(options.histogramDeltas ?? [])], agentStopReason: null };
  let result = after;
  if (after.status === "cancelled" && before.stopReason === "requires_approval") await denyPendingToolCalls(tx, scope, after);
  if (!isTerminalStatus(before.status) && isTerminalStatus(after.status)) {
    result = await finalizeRun(tx, scope, after, options, closing);
  } else if (isAwaitingApproval(before) && after.status === "cancelled") {
    // Already finalized when it completed; only what cancelling changes is left to do.
    await cancelPendingSteps(tx, scope, after.id);
    if (after.batchId) await refreshBatchCounts(tx, scope, after.batchId);
    closing.agentStopReason = "cancelled";
  }
  await closeTransaction(tx, scope, result, closing);
  return result;
}
