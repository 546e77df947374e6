import type { Db } from "@/db/client";
import { isCancellable } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { CancelRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { getAgent } from "@/server/modules/agents";
import { recordAudit } from "@/server/modules/audit";
import { afterStatusChange } from "./run-lifecycle";
import { lockCancellableRunsOfAgent, lockRunsById, setRunCancelled, type RunRow } from "./queries/runs";

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
      if (!isCancellable(run)) {
        results.push({ runId: run.id, outcome: "already_terminal", status: run.status });
        continue;
      }
      await afterStatusChange(tx, scope, run, await setRunCancelled(tx, scope, run.id));
      await recordAudit(tx, scope, { action: "run.cancel", targetType: "run", targetId: run.id, details: { from: run.status } });
      results.push({ runId: run.id, outcome: "cancelled", status: "cancelled" });
    }
    const cancelled = results.filter((r) => r.outcome === "cancelled").length;
    return { results, cancelled, alreadyTerminal: results.length - cancelled };
  });
}

/** The runs to cancel, locked in id order (so two overlapping bulk cancels cannot deadlock each other). */
async function lockTargets(tx: Db, scope: Scope, input: CancelRunsInput): Promise<RunRow[]> {
  if ("agentId" in input) {
    await getAgent({ ...scope, db: tx }, input.agentId);
    return lockCancellableRunsOfAgent(tx, scope, input.agentId);
  }
  const ids = "runId" in input ? [input.runId] : [...new Set(input.runIds)];
  const rows = await lockRunsById(tx, scope, ids);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound("run", missing, "runId" in input ? "runId" : "runIds");
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
