import type { Db } from "@/db/client";
import { isCancellable } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { CancelRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { getAgent } from "@/server/modules/agents";
import { recordAudit } from "@/server/modules/audit";
import { afterStatusChange } from "./run-lifecycle";
import { lockCancellableRunsOfAgent, lockRunsById, setRunCancelled, type RunRow } from "./queries/runs";

/** `not_found`: an id of `runIds` the caller cannot see (unknown, or another organization's): the others still go. */
export type CancelOutcome = "cancelled" | "already_terminal" | "not_found";
export interface CancelResult {
  runId: string;
  outcome: CancelOutcome;
  /** The run's status after the call; null when not_found. */
  status: RunRow["status"] | null;
}
export interface CancelReceipt {
  results: CancelResult[];
  cancelled: number;
  alreadyTerminal: number;
  notFound: number;
}

/**
 * Cancels one run, a list of runs, or every open run of an agent, in one transaction.
 * Idempotent: a terminal run is reported as `already_terminal` and left untouched, so retried calls are safe.
 * As Letta's cancel route, one id of a list that is not found does not stop the others (it is reported per run);
 * a single `runId` that is not found is NOT_FOUND.
 */
export async function cancelRuns(scope: Scope, input: CancelRunsInput): Promise<CancelReceipt> {
  return scope.db.transaction(async (tx) => {
    const targets = await lockTargets(tx, scope, input);
    const results: CancelResult[] = [];
    for (const { runId, run } of targets) {
      if (!run) {
        results.push({ runId, outcome: "not_found", status: null });
        continue;
      }
      if (!isCancellable(run)) {
        results.push({ runId: run.id, outcome: "already_terminal", status: run.status });
        continue;
      }
      await afterStatusChange(tx, scope, run, await setRunCancelled(tx, scope, run.id));
      await recordAudit(tx, scope, { action: "run.cancel", targetType: "run", targetId: run.id, details: { from: run.status } });
      results.push({ runId: run.id, outcome: "cancelled", status: "cancelled" });
    }
    const count = (outcome: CancelOutcome) => results.filter((r) => r.outcome === outcome).length;
    return { results, cancelled: count("cancelled"), alreadyTerminal: count("already_terminal"), notFound: count("not_found") };
  });
}

/**
 * The runs to cancel in the order given (a run the caller cannot see has no row), locked in id order (so two
 * overlapping bulk cancels cannot deadlock each other).
 */
async function lockTargets(tx: Db, scope: Scope, input: CancelRunsInput): Promise<{ runId: string; run?: RunRow }[]> {
  if ("agentId" in input) {
    await getAgent({ ...scope, db: tx }, input.agentId);
    return (await lockCancellableRunsOfAgent(tx, scope, input.agentId)).map((run) => ({ runId: run.id, run }));
  }
  const ids = "runId" in input ? [input.runId] : [...new Set(input.runIds)];
  const byId = new Map((await lockRunsById(tx, scope, ids)).map((r) => [r.id, r]));
  if ("runId" in input && !byId.has(input.runId)) throw notFound("run", input.runId, "runId");
  return ids.map((runId) => ({ runId, run: byId.get(runId) }));
}
