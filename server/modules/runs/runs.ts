import { and, eq, sql } from "drizzle-orm";
import { columnList, columnNames, decodeRow, executePrepared, jsonParameter, renderQuery, type Db } from "@/db/client";
import { isTerminalStatus, runMetrics, runs, type RunStatus, type StopReason } from "@/db/schema";
import { badRequest, conflict, notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import { MAX_METADATA_BYTES } from "@/server/lib/common-schemas";
import type { CreateRunInput, UpdateRunInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { getAgent } from "@/server/modules/agents";
import { recordAudit } from "@/server/modules/audit";
import { applyHistogramDeltas, removeRunFromHistograms, ttftDeltas } from "@/server/modules/percentiles";
import { afterStatusChange, completionOf, isAwaitingApproval, refreshBatchCounts } from "./run-lifecycle";

export type RunRow = typeof runs.$inferSelect;
export type Run = Omit<RunRow, "organizationId">;

export function toRun(row: RunRow): Run {
  const { organizationId: _org, ...run } = row;
  return run;
}

/** Reads one run of the caller's org; `forUpdate` locks it for the rest of the transaction. */
export async function findRun(db: Db, scope: Scope, runId: string, options: { forUpdate?: boolean; field?: string } = {}) {
  const query = db
    .select()
    .from(runs)
    .where(and(eq(runs.organizationId, scope.orgId), eq(runs.id, runId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("run", runId, options.field ?? "runId");
  return row;
}

// runs.update's two statements, rendered once and run as named prepared statements (see executePrepared): their
// text never changes, so Postgres parses and plans them once per connection.
const COLUMN_OF: Record<string, string> = Object.fromEntries(columnNames(runs));
/** Every column of runs, listed rather than `*`: a prepared statement's result type must not change when one is added. */
const RUN_COLUMNS = Object.values(COLUMN_OF);
/** The columns runs.update may change. */
const PATCHABLE = ["status", "stopReason", "ttftNs", "metadata", "completedAt", "totalDurationNs", "updatedAt", "lastUpdatedById"] as const;
type RunPatch = Partial<Pick<RunRow, (typeof PATCHABLE)[number]>>;

const LOCK_RUN = renderQuery(sql`
  select ${columnList(RUN_COLUMNS)} from runs
  where organization_id = ${sql.placeholder("orgId")} and id = ${sql.placeholder("runId")}
  for update`);

// jsonb_populate_record over the current row applies a patch: its keys replace columns (null clears one), absent
// keys keep them, so one statement text serves every update.
const patchable = PATCHABLE.map((key) => COLUMN_OF[key]);
const PATCH_RUN = renderQuery(sql`
  update runs r set (${columnList(patchable)}) =
    (select ${columnList(patchable, "p.")} from jsonb_populate_record(r, ${sql.placeholder("patch")}::jsonb) p)
  where r.organization_id = ${sql.placeholder("orgId")} and r.id = ${sql.placeholder("runId")}
  returning ${columnList(RUN_COLUMNS)}`);

/** Reads the run and locks it FOR UPDATE for the rest of the transaction (NOT_FOUND naming runId when absent). */
async function lockRun(tx: Db, scope: Scope, runId: string): Promise<RunRow> {
  const [row] = await executePrepared<Record<string, unknown>>(tx, "runs.lock", LOCK_RUN, { orgId: scope.orgId, runId });
  if (!row) throw notFound("run", runId, "runId");
  return decodeRow(runs, row);
}

/** Writes the keys of `patch` that are not undefined and returns the row. */
async function patchRun(tx: Db, scope: Scope, runId: string, patch: RunPatch): Promise<RunRow> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) record[COLUMN_OF[key]] = value;
  const [row] = await executePrepared<Record<string, unknown>>(tx, "runs.patch", PATCH_RUN, {
    orgId: scope.orgId,
    runId,
    patch: jsonParameter(record),
  });
  return decodeRow(runs, row);
}

export async function createRun(scope: Scope, input: CreateRunInput): Promise<Run> {
  return scope.db.transaction(async (tx) => {
    const agent = await getAgent({ ...scope, db: tx }, input.agentId);
    const [run] = await tx
      .insert(runs)
      .values({
        id: newId("run"),
        organizationId: scope.orgId,
        projectId: agent.projectId,
        agentId: agent.id,
        status: "created",
        background: input.background ?? null,
        metadata: input.metadata ?? null,
        requestConfig: input.requestConfig ?? null,
        conversationId: input.conversationId ?? null,
        baseTemplateId: input.baseTemplateId ?? null,
        callbackUrl: input.callbackUrl ?? null,
        createdById: scope.actor,
        lastUpdatedById: scope.actor,
      })
      .returning();
    await tx.insert(runMetrics).values({
      id: run.id,
      organizationId: scope.orgId,
      projectId: run.projectId,
      agentId: run.agentId,
      baseTemplateId: run.baseTemplateId,
      runStart: run.createdAt,
    });
    return toRun(run);
  });
}

export async function getRun(scope: Scope, runId: string): Promise<Run> {
  return toRun(await findRun(scope.db, scope, runId));
}

export async function deleteRun(scope: Scope, runId: string): Promise<Run> {
  return scope.db.transaction(async (tx) => {
    const run = await findRun(tx, scope, runId, { forUpdate: true });
    // run_metrics cascade; steps and messages keep their rows and lose the link, as in Letta.
    await tx.delete(runs).where(and(eq(runs.organizationId, scope.orgId), eq(runs.id, runId)));
    if (run.batchId) await refreshBatchCounts(tx, scope, run.batchId);
    await recordAudit(tx, scope, { action: "run.delete", targetType: "run", targetId: run.id, details: { status: run.status } });
    // Last, and after the batch: the lock order of run-lifecycle's closeTransaction (histogram rows are shared).
    await removeRunFromHistograms(tx, scope, run);
    return toRun(run);
  });
}

export const DEFAULT_STOP_REASON: Partial<Record<RunStatus, StopReason>> = {
  completed: "end_turn",
  failed: "error",
  cancelled: "cancelled",
};

function assertTransition(run: RunRow, next: RunStatus): void {
  if (next === run.status) return;
  if (isTerminalStatus(run.status)) {
    if (next === "cancelled" && isAwaitingApproval(run)) return;
    throw conflict(`status: run ${run.id} is already ${run.status}; a terminal run cannot become ${next}`, "status");
  }
  if (next === "created") throw conflict(`status: run ${run.id} is ${run.status}; it cannot go back to created`, "status");
}

export async function updateRun(scope: Scope, input: UpdateRunInput): Promise<Run> {
  return scope.db.transaction(async (tx) => {
    const run = await lockRun(tx, scope, input.runId);
    if (input.status) assertTransition(run, input.status);
    const nextStatus = input.status ?? run.status;
    const patch: RunPatch = { updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.status) patch.status = input.status;
    if (input.stopReason !== undefined) patch.stopReason = input.stopReason;
    if (input.ttftNs !== undefined) patch.ttftNs = input.ttftNs;
    // Letta merges metadata so that concurrent writers of different keys do not erase each other.
    if (input.metadata) {
      patch.metadata = { ...(run.metadata ?? {}), ...input.metadata };
      // Each update is checked alone by the schema; the merged document must respect the same limit.
      if (Buffer.byteLength(JSON.stringify(patch.metadata)) > MAX_METADATA_BYTES)
        throw badRequest("metadata", `must be at most ${MAX_METADATA_BYTES} bytes as JSON once merged with the run's metadata`);
    }

    const firstTerminal = isTerminalStatus(nextStatus) && !isTerminalStatus(run.status);
    const approvalCancel = input.status === "cancelled" && isAwaitingApproval(run);
    if (approvalCancel) patch.stopReason = input.stopReason ?? "cancelled";
    if (firstTerminal) {
      patch.stopReason = patch.stopReason ?? run.stopReason ?? DEFAULT_STOP_REASON[nextStatus] ?? null;
      // Completion time and duration are written with the status, in the same UPDATE (finalizeRun then keeps them).
      Object.assign(patch, completionOf(run, input));
    } else {
      // Duration and completion time are fixed by the update that ends the run (metrics and histograms use them).
      if (input.completedAt) throw badRequest("completedAt", "can only be set by the update that ends the run");
      if (input.totalDurationNs !== undefined)
        throw badRequest("totalDurationNs", "can only be set by the update that ends the run");
    }
    const updated = await patchRun(tx, scope, run.id, patch);
    // TTFT histograms follow ttft_ns whenever it is written, before or after the run ends; applied last, with the
    // duration when the run ends here (histogram rows are shared by concurrent completions: see closeTransaction).
    const histogramDeltas = input.ttftNs !== undefined ? ttftDeltas(run.ttftNs, updated.ttftNs) : [];
    if (input.status && input.status !== run.status) {
      const end = { completedAt: input.completedAt, totalDurationNs: input.totalDurationNs };
      return toRun(await afterStatusChange(tx, scope, run, updated, { ...end, histogramDeltas }));
    }
    await applyHistogramDeltas(tx, scope.orgId, updated, histogramDeltas);
    return toRun(updated);
  });
}

export async function getRunRequestConfig(scope: Scope, runId: string) {
  const run = await findRun(scope.db, scope, runId);
  return run.requestConfig ?? null;
}
