import type { Db } from "@/db/client";
import type { Scope } from "@/server/scope";
import { toLettaRunCallback, type LettaMessage } from "@/server/letta";
import { enqueueDelivery } from "@/server/modules/callbacks";
import { listRunMessages } from "./run-messages";
import { getRunUsage } from "./run-usage";
import type { RunRow } from "./queries/runs";

async function allRunMessages(scope: Scope, runId: string): Promise<LettaMessage[]> {
  const out: LettaMessage[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listRunMessages(scope, { runId, ascending: true, after, limit: 1000 });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    after = page.nextCursor;
  }
}

/**
 * Called once from finalizeRun, inside the transaction that first moves the run to a terminal status: the body is
 * built from that transaction (the run as it ended, all its messages and usage) and its outbox row commits with
 * the status or not at all.
 */
export async function enqueueRunCallback(tx: Db, scope: Scope, run: RunRow): Promise<void> {
  if (!run.callbackUrl) return;
  const inTx = { ...scope, db: tx };
  const body = toLettaRunCallback(run, await allRunMessages(inTx, run.id), await getRunUsage(inTx, run.id));
  await enqueueDelivery(tx, scope, {
    subjectId: run.id,
    projectId: run.projectId,
    runId: run.id,
    event: "run.finished",
    url: run.callbackUrl,
    body,
  });
}
