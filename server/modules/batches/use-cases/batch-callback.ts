import type { Db } from "@/db/client";
import type { Scope } from "@/server/scope";
import { enqueueDelivery } from "@/server/modules/callbacks";
import type { BatchRow } from "../batch";
import { findBatch } from "../queries";

/**
 * The batch's callback body, in the shape of a run's: `batch_id`, `status`, `completed_at`, and `metadata` with the
 * counts as `result`.
 */
export function batchCallbackBody(batch: BatchRow): Record<string, unknown> {
  return {
    batch_id: batch.id,
    status: batch.status,
    completed_at: batch.completedAt?.toISOString() ?? null,
    metadata: {
      ...(batch.metadata ?? {}),
      result: {
        request_count: batch.requestCount,
        completed_count: batch.completedCount,
        failed_count: batch.failedCount,
        cancelled_count: batch.cancelledCount,
      },
    },
  };
}

/**
 * Called whenever a recount finds the batch done, in the transaction of the run that ended: only the batch's first
 * completion inserts an outbox row (unique per batch and event).
 */
export async function enqueueBatchCallback(tx: Db, scope: Scope, batchId: string): Promise<void> {
  const batch = await findBatch(tx, scope, batchId);
  if (!batch?.callbackUrl || batch.status !== "completed") return;
  await enqueueDelivery(tx, scope, {
    subjectId: batch.id,
    projectId: batch.projectId,
    batchId: batch.id,
    event: "batch.finished",
    url: batch.callbackUrl,
    body: batchCallbackBody(batch),
  });
}
