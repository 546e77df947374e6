import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { executePrepared, renderQuery, type Db } from "@/db/client";
import { batches, messages, runs, steps, type StopReason, type ToolReturn } from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { histogramUpsertInput, histogramUpsertSql, type HistogramDelta } from "@/server/modules/percentiles";
import { RUN_IS_OPEN } from "./conditions";
import { usedToolsSql } from "./run-tools";
import type { RunRow } from "./runs";

/**
 * What the transaction's closing statement writes: the ended run's metrics, then the rows other transactions
 * share — histogram buckets and the agent.
 */
export interface ClosingWrites {
  /** Set when the run ends here: its duration (num_steps and tools_used are counted by the statement). */
  runNs: number | null;
  histogramDeltas: HistogramDelta[];
  agentStopReason: StopReason | null;
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
 * Tools: see usedToolsSql (queries/run-tools.ts). steps.create records a step's tools as it arrives (so an open
 * run's metrics are current); the recount here is what the ended run keeps.
 *
 * Raw SQL: Drizzle's select has no form without FROM, and this select list's order is what orders the locks.
 */
const CLOSING_SQL = sql`
  with names as (
    select distinct call->>'name' as name
    from messages m, jsonb_array_elements(m.tool_calls) as call
    where ${p("runNs")}::bigint is not null and m.organization_id = ${p("orgId")} and m.run_id = ${p("runId")}
      and jsonb_typeof(m.tool_calls) = 'array' and call->>'name' is not null
  ), ${usedToolsSql(p("orgId"))}, metrics as (
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
export async function runClosingStatement(tx: Db, scope: Scope, run: RunRow, closing: ClosingWrites): Promise<void> {
  if (closing.runNs == null && closing.histogramDeltas.length === 0 && !closing.agentStopReason) return;
  await executePrepared(tx, "run-lifecycle.closing", CLOSING_QUERY, {
    ...histogramUpsertInput(scope.orgId, run, closing.histogramDeltas),
    runId: run.id,
    runNs: closing.runNs,
    stopReason: closing.agentStopReason,
    now: new Date().toISOString(),
  });
}

/**
 * Recounts a batch from its runs (cheap: one indexed aggregate) instead of incrementing, so counts never drift; the
 * request count too, so a deleted run leaves the batch as if it had never been in it.
 * The batch row is locked first, in its own statement: when runs of the batch end at the same moment, the count that
 * follows then sees every run whose transaction committed while this one waited (read committed takes a snapshot per
 * statement), so the last one to count sees all runs ended and the batch completes.
 */
export async function recountBatch(tx: Db, scope: Scope, batchId: string): Promise<{ done: boolean }> {
  await tx
    .select({ id: batches.id })
    .from(batches)
    .where(and(eq(batches.organizationId, scope.orgId), eq(batches.id, batchId)))
    .for("update");
  const [counts] = await tx
    .select({
      requests: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${runs.status} = 'completed')::int`,
      failed: sql<number>`count(*) filter (where ${runs.status} in ('failed', 'expired'))::int`,
      cancelled: sql<number>`count(*) filter (where ${runs.status} = 'cancelled')::int`,
      open: sql<number>`count(*) filter (where ${RUN_IS_OPEN})::int`,
    })
    .from(runs)
    .where(and(eq(runs.organizationId, scope.orgId), eq(runs.batchId, batchId)));
  const done = counts.open === 0;
  await tx
    .update(batches)
    .set({
      requestCount: counts.requests,
      completedCount: counts.completed,
      failedCount: counts.failed,
      cancelledCount: counts.cancelled,
      status: done ? "completed" : "running",
      completedAt: done ? sql`coalesce(${batches.completedAt}, now())` : null,
    })
    .where(and(eq(batches.organizationId, scope.orgId), eq(batches.id, batchId)));
  return { done };
}

/** The run's messages that carry tool calls or returns (to find calls that have no return yet). */
export async function selectToolMessagesOfRun(tx: Db, scope: Scope, runId: string) {
  return tx
    .select({ toolCalls: messages.toolCalls, toolReturns: messages.toolReturns, toolCallId: messages.toolCallId })
    .from(messages)
    .where(
      and(
        eq(messages.organizationId, scope.orgId),
        eq(messages.runId, runId),
        or(isNotNull(messages.toolCalls), isNotNull(messages.toolReturns), isNotNull(messages.toolCallId)),
      ),
    );
}

/** One tool message answering `toolReturns` (named after the first call answered). */
export async function insertToolReturnMessage(
  tx: Db,
  scope: Scope,
  run: RunRow,
  toolReturns: ToolReturn[],
  first: { id: string; name: string },
): Promise<void> {
  await tx.insert(messages).values({
    id: newId("message"),
    organizationId: scope.orgId,
    agentId: run.agentId,
    runId: run.id,
    role: "tool",
    toolReturns,
    toolCallId: first.id,
    name: first.name,
  });
}

/** Steps still pending when their run is cancelled will never finish. */
export async function cancelPendingSteps(tx: Db, scope: Scope, runId: string) {
  await tx
    .update(steps)
    .set({ status: "cancelled", updatedAt: new Date() })
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, runId), eq(steps.status, "pending")));
}
