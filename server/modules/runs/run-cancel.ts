import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isTerminalStatus, runs } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { CancelRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { getAgent } from "@/server/modules/agents";
import { recordAudit } from "@/server/modules/audit";
import { afterStatusChange, isAwaitingApproval } from "./run-lifecycle";
import type { RunRow } from "./runs";

export type CancelOutcome = "cancelled" | "already_terminal";
export interface CancelResult {
  runId: string;
  outcome: CancelOutcome;
  /** The run's status after the call. */
  status: RunRow["status"];
}
export interface CancelReceipt {
  results: CancelResult[];
  cancelled: number;
  alreadyTerminal: number;
}

/**
 * Cancels one run, a list of runs, or every open run of an agent, in one transaction.
 * Idempotent: a terminal run is reported as `already_terminal` and left untouched, so retried calls are safe.
 */
export async function cancelRuns(scope: Scope, input: CancelRunsInput): Promise<CancelReceipt> {
  return scope.db.transaction(async (tx) => {
    const targets = await lockTargets(tx, scope, input);
    const results: CancelResult[] = [];
    for (const run of targets) {
      if (isTerminalStatus(run.status) && !isAwaitingApproval(run)) {
        results.push({ runId: run.id, outcome: "already_terminal", status: run.status });
        continue;
      }
      await cancelLockedRun(tx, scope, run);
      await recordAudit(tx, scope, { action: "run.cancel", targetType: "run", targetId: run.id, details: { from: run.status } });
      results.push({ runId: run.id, outcome: "cancelled", status: "cancelled" });
    }
    const cancelled = results.filter((r) => r.outcome === "cancelled").length;
    return { results, cancelled, alreadyTerminal: results.length - cancelled };
  });
}

// Rows are locked in id order so that two overlapping bulk cancels cannot deadlock each other.
async function lockTargets(tx: Db, scope: Scope, input: CancelRunsInput): Promise<RunRow[]> {
  const inOrg = eq(runs.organizationId, scope.orgId);
  if ("agentId" in input) {
    await getAgent({ ...scope, db: tx }, input.agentId);
    return tx
      .select()
      .from(runs)
      .where(
        and(
          inOrg,
          eq(runs.agentId, input.agentId),
          or(
            inArray(runs.status, ["created", "running", "pending"]),
            and(eq(runs.status, "completed"), eq(runs.stopReason, "requires_approval")),
          ),
        ),
      )
      .orderBy(asc(runs.id))
      .for("update");
  }
  const ids = "runId" in input ? [input.runId] : [...new Set(input.runIds)];
  const rows = await tx
    .select()
    .from(runs)
    .where(and(inOrg, inArray(runs.id, ids)))
    .orderBy(asc(runs.id))
    .for("update");
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound("run", missing, "runId" in input ? "runId" : "runIds");
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

async function cancelLockedRun(tx: Db, scope: Scope, run: RunRow): Promise<void> {
  const [updated] = await tx
    .update(runs)
    .set({ status: "cancelled", stopReason: "cancelled", updatedAt: new Date(), lastUpdatedById: scope.actor })
    .where(and(eq(runs.organizationId, scope.orgId), eq(runs.id, run.id)))
    .returning();
  await afterStatusChange(tx, scope, run, updated);
}
