import { isAwaitingApproval, isTerminalStatus, type RunStatus, type StopReason } from "@/db/schema";
import { badRequest, conflict } from "@/server/errors";
import { newId } from "@/server/ids";
import { MAX_METADATA_BYTES } from "@/server/lib/common-schemas";
import type { CreateRunInput, UpdateRunInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { getAgent } from "@/server/modules/agents";
import { recordAudit } from "@/server/modules/audit";
import { applyHistogramDeltas, removeRunFromHistograms, ttftDeltas } from "@/server/modules/percentiles";
import { afterStatusChange, completionOf, refreshBatchCounts } from "./run-lifecycle";
import {
  deleteRunRow,
  findRun,
  insertRunsWithMetrics,
  lockRun,
  patchRun,
  toRun,
  type Run,
  type RunPatch,
  type RunRow,
} from "./queries/runs";

export async function createRun(scope: Scope, input: CreateRunInput): Promise<Run> {
  return scope.db.transaction(async (tx) => {
    const agent = await getAgent({ ...scope, db: tx }, input.agentId);
    const [run] = await insertRunsWithMetrics(tx, [
      {
        id: input.id ?? newId("run"),
        organizationId: scope.orgId,
        projectId: agent.projectId,
        agentId: agent.id,
        status: "created",
        background: input.background ?? false,
        metadata: input.metadata ?? null,
        requestConfig: input.requestConfig ?? null,
        conversationId: input.conversationId ?? null,
        baseTemplateId: input.baseTemplateId ?? null,
        callbackUrl: input.callbackUrl ?? null,
        createdById: scope.actor,
        lastUpdatedById: scope.actor,
      },
    ]);
    return toRun(run);
  });
}

export async function getRun(scope: Scope, runId: string): Promise<Run> {
  return toRun(await findRun(scope.db, scope, runId));
}

export async function deleteRun(scope: Scope, runId: string): Promise<Run> {
  return scope.db.transaction(async (tx) => {
    const run = await findRun(tx, scope, runId, { forUpdate: true });
    await deleteRunRow(tx, scope, runId);
    if (run.batchId) await refreshBatchCounts(tx, scope, run.batchId);
    await recordAudit(tx, scope, { action: "run.delete", targetType: "run", targetId: run.id, details: { status: run.status } });
    // Last, and after the batch: the closing statement's lock order (queries/lifecycle.ts; histogram rows are shared).
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
    // duration when the run ends here (histogram rows are shared by concurrent completions: see queries/lifecycle.ts).
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
