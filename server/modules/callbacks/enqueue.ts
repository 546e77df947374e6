import type { Db } from "@/db/client";
import type { CallbackEvent } from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { insertDeliveryOnce } from "./queries/deliveries";

/** One callback to deliver: what it is about (a run or a batch), where it goes, and the body, ready to send. */
export interface DeliveryRequest {
  subjectId: string;
  projectId: string | null;
  runId?: string;
  batchId?: string;
  event: CallbackEvent;
  url: string;
  body: unknown;
}

/**
 * Adds the delivery to the outbox in the caller's transaction (the one that ends the run or batch), so it commits
 * with the end or not at all. Unique per (subject, event): a second call adds nothing.
 */
export async function enqueueDelivery(tx: Db, scope: Scope, delivery: DeliveryRequest): Promise<void> {
  await insertDeliveryOnce(tx, {
    id: newId("delivery"),
    organizationId: scope.orgId,
    projectId: delivery.projectId,
    runId: delivery.runId,
    batchId: delivery.batchId,
    subjectId: delivery.subjectId,
    event: delivery.event,
    url: delivery.url,
    body: JSON.stringify(delivery.body),
  });
}
