import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { batches, callbackDeliveries, type runs } from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { buildBatchPayload, buildRunPayload } from "./payload";

type RunRow = typeof runs.$inferSelect;

/**
 * Called once from finalizeRun, inside the transaction that first moves the run to a terminal status: the
 * outbox row commits with the status or not at all. Unique per (run, event), so a second call adds nothing.
 */
export async function enqueueRunCallback(tx: Db, scope: Scope, run: RunRow): Promise<void> {
  if (!run.callbackUrl) return;
  const payload = await buildRunPayload({ ...scope, db: tx }, run);
  await tx
    .insert(callbackDeliveries)
    .values({
      id: newId("delivery"),
      organizationId: scope.orgId,
      projectId: run.projectId,
      runId: run.id,
      subjectId: run.id,
      event: "run.finished",
      url: run.callbackUrl,
      body: JSON.stringify(payload),
    })
    .onConflictDoNothing({
      target: [callbackDeliveries.organizationId, callbackDeliveries.subjectId, callbackDeliveries.event],
    });
}

/** Called from refreshBatchCounts whenever the batch is done; only its first completion inserts a row. */
export async function enqueueBatchCallback(tx: Db, scope: Scope, batchId: string): Promise<void> {
  const [batch] = await tx
    .select()
    .from(batches)
    .where(and(eq(batches.organizationId, scope.orgId), eq(batches.id, batchId)));
  if (!batch?.callbackUrl || batch.status !== "completed") return;
  await tx
    .insert(callbackDeliveries)
    .values({
      id: newId("delivery"),
      organizationId: scope.orgId,
      projectId: batch.projectId,
      batchId: batch.id,
      subjectId: batch.id,
      event: "batch.finished",
      url: batch.callbackUrl,
      body: JSON.stringify(buildBatchPayload(batch)),
    })
    .onConflictDoNothing({
      target: [callbackDeliveries.organizationId, callbackDeliveries.subjectId, callbackDeliveries.event],
    });
}
