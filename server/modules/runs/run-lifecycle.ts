import type { Db } from "@/db/client";
import { isAwaitingApproval, isTerminalStatus, type ToolReturn } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { runEndDeltas, type HistogramDelta } from "@/server/modules/percentiles";
import { enqueueBatchCallback } from "@/server/modules/batches";
import { enqueueRunCallback } from "./callback-payload";
import {
  cancelPendingSteps,
  insertToolReturnMessage,
  recountBatch,
  runClosingStatement,
  selectToolMessagesOfRun,
  type ClosingWrites,
} from "./queries/lifecycle";
import { setRunCompletion, type RunRow } from "./queries/runs";

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
 * Everything that happens once, in the transaction that first moves a run to a terminal status: completion time,
 * duration, batch counts and the callback outbox row here; run_metrics, the duration histograms and the agent's
 * last stop reason in the closing statement (`closing`, see queries/lifecycle.ts).
 *
 * The caller holds the run FOR UPDATE, so every step committed before is counted, and none can be added after
 * (steps.create locks the run FOR SHARE).
 */
async function finalizeRun(tx: Db, scope: Scope, run: RunRow, given: RunEnd, closing: ClosingWrites): Promise<RunRow> {
  const end = completionOf(run, given);
  // runs.update writes these with the status, in one UPDATE; runs.cancel does not, so they are written here.
  const written = run.completedAt?.getTime() === end.completedAt.getTime() && run.totalDurationNs === end.totalDurationNs;
  const finalized = written ? run : await setRunCompletion(tx, scope, run.id, end);
  if (finalized.status === "cancelled") await cancelPendingSteps(tx, scope, run.id);
  if (run.batchId) await refreshBatchCounts(tx, scope, run.batchId);
  await enqueueRunCallback(tx, scope, finalized); // the callback outbox row commits with the terminal status
  closing.runNs = end.totalDurationNs;
  closing.histogramDeltas.push(...runEndDeltas(finalized)); // duration histograms move with the runs table, in this transaction
  closing.agentStopReason = finalized.stopReason;
  return finalized;
}

/** Recounts the batch; the batch callback is enqueued once, when its last run ends (unique per batch and event). */
export async function refreshBatchCounts(tx: Db, scope: Scope, batchId: string) {
  const { done } = await recountBatch(tx, scope, batchId);
  if (done) await enqueueBatchCallback(tx, scope, batchId);
}

export const DENIAL_REASON = "Run was cancelled: the pending tool call was denied.";

/**
 * As Letta's cancel_run: a run that waits on an approval gets a denial tool return for every tool call
 * that has no return yet, so the agent's history stays well-formed for the next turn.
 */
export async function denyPendingToolCalls(tx: Db, scope: Scope, run: RunRow): Promise<number> {
  const rows = await selectToolMessagesOfRun(tx, scope, run.id);
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
  await insertToolReturnMessage(tx, scope, run, toolReturns, pending[0]);
  return pending.length;
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
  await runClosingStatement(tx, scope, result, closing);
  return result;
}
