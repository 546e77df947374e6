import { recordAudit } from "@/server/modules/audit";
import { conflict, notFound } from "@/server/errors";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { listDeliveryAttempts, type Attempt } from "../queries/attempts";
import { findDeliveryRow, pageDeliveries, toDelivery, updateDelivery, type Delivery } from "../queries/deliveries";
import type { ListAttemptsInput, ListDeliveriesInput } from "../schemas";
import { notifyDeliveriesDue } from "../signal";

export async function listDeliveries(scope: Scope, input: ListDeliveriesInput): Promise<Page<Delivery>> {
  return pageDeliveries(scope, input);
}

export async function listAttempts(scope: Scope, input: ListAttemptsInput): Promise<Attempt[]> {
  if (!(await findDeliveryRow(scope.db, scope, input.deliveryId))) throw notFound("delivery", input.deliveryId, "deliveryId");
  return listDeliveryAttempts(scope.db, scope.orgId, input.deliveryId, input.limit);
}

/**
 * Manual replay: a new attempt now, under the same webhook-id (the delivery id) and with the same body.
 * A pending delivery is just brought forward; a finished one gets exactly one more attempt, whose outcome is final.
 * Idempotent while a replay is pending or in flight: a second click returns that replay instead of turning it into
 * a scheduled attempt (a delivery is `pending` once replayed, which would otherwise read as "bring it forward").
 */
export async function redeliver(scope: Scope, deliveryId: string, now = new Date()): Promise<Delivery> {
  const { row, replayed } = await scope.db.transaction(async (tx) => {
    const row = await findDeliveryRow(tx, scope, deliveryId, true);
    if (!row) throw notFound("delivery", deliveryId, "deliveryId");
    if (row.replay) return { row, replayed: false };
    if (row.claimToken && row.nextAttemptAt.getTime() > now.getTime())
      throw conflict(`delivery ${deliveryId} is being attempted right now; try again when the attempt is recorded`);
    const next = await updateDelivery(tx, scope.orgId, deliveryId, {
      status: "pending",
      replay: row.status !== "pending",
      nextAttemptAt: now,
      claimToken: null,
      claimedBy: null,
      updatedAt: now,
    });
    await recordAudit(tx, scope, { action: "callback.redeliver", targetType: "callback_delivery", targetId: deliveryId });
    return { row: next!, replayed: true };
  });
  if (replayed) notifyDeliveriesDue();
  return toDelivery(row);
}
