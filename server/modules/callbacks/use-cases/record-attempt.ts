import type { Db } from "@/db/client";
import type { DeliveryStatus } from "@/db/schema";
import { insertAttempt, mirrorAttempt, recordClaimedAttempt, type AttemptWrite } from "../queries/attempts";
import { findDeliveryRow, updateDelivery, type ClaimedDelivery, type DeliveryRow } from "../queries/deliveries";
import { judgeAttempt, type AttemptJudgement } from "../schedule";
import type { PostResult } from "../transport";

export interface AttemptRecord extends AttemptJudgement {
  deliveryId: string;
  attemptNumber: number;
}

/**
 * Records one attempt and moves its delivery on, in one transaction; mirrors it onto the run's (or batch's)
 * callback_sent_at / callback_status_code / callback_error. If the lease was lost meanwhile (another worker
 * re-claimed the row), the attempt is still logged but the other worker's claim decides the schedule.
 */
export async function recordAttempt(
  db: Db,
  claim: ClaimedDelivery,
  result: PostResult,
  options: { startedAt: Date; now: Date; random?: () => number; workerId: string },
): Promise<AttemptRecord> {
  const judged = judgeAttempt(claim, result, options.now, options.random);
  const { startedAt, now, workerId } = options;
  const write: AttemptWrite = { claim, result, judged, startedAt, now, workerId };
  const attemptNumber = await recordClaimedAttempt(db, write);
  if (attemptNumber !== null) return { ...judged, deliveryId: claim.id, attemptNumber };
  return db.transaction((tx) => recordAfterLostClaim(tx, write));
}

async function recordAfterLostClaim(tx: Db, write: AttemptWrite): Promise<AttemptRecord> {
  const { claim, result, judged, startedAt, now } = write;
  const row = await findDeliveryRow(tx, { orgId: claim.organizationId, projectId: null }, claim.id, true);
  if (!row) return { ...judged, deliveryId: claim.id, attemptNumber: 0 }; // the organization was deleted meanwhile
  const ownsClaim = row.claimToken === claim.claimToken;
  const attemptNumber = row.attemptCount + 1;
  const common = {
    attemptCount: attemptNumber,
    lastAttemptAt: startedAt,
    lastStatusCode: result.statusCode,
    lastError: result.error,
    updatedAt: now,
  };
  let patch: Partial<DeliveryRow> = common;
  if (ownsClaim) {
    patch = {
      ...common,
      status: judged.status,
      scheduledAttempts: claim.replay ? row.scheduledAttempts : row.scheduledAttempts + 1,
      replay: false,
      nextAttemptAt: judged.nextAttemptAt ?? now,
      claimToken: null,
      claimedBy: null,
      deliveredAt: judged.status === "delivered" ? now : row.deliveredAt,
    };
  } else if (judged.outcome === "delivered" && row.status === "pending") {
    patch = { ...common, status: "delivered", deliveredAt: now };
  }
  await updateDelivery(tx, claim.organizationId, claim.id, patch);
  await insertAttempt(tx, write, attemptNumber, ownsClaim ? judged.nextAttemptAt : null);
  await mirrorAttempt(tx, write);
  const status: DeliveryStatus = ownsClaim ? judged.status : row.status;
  return { ...judged, deliveryId: claim.id, status, attemptNumber };
}
