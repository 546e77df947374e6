import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { batches, callbackAttempts, callbackDeliveries, runs } from "@/db/schema";
import type { AttemptJudgement } from "../schedule";
import type { PostResult } from "../transport";
import type { ClaimedDelivery } from "./deliveries";

/** The attempt log (`callback_attempts`) and the mirror of the latest attempt on its run or batch. */

type AttemptRow = typeof callbackAttempts.$inferSelect;
export type Attempt = Omit<AttemptRow, "organizationId">;

export async function listDeliveryAttempts(db: Db, orgId: string, deliveryId: string, limit: number): Promise<Attempt[]> {
  const rows = await db
    .select()
    .from(callbackAttempts)
    .where(and(eq(callbackAttempts.organizationId, orgId), eq(callbackAttempts.deliveryId, deliveryId)))
    .orderBy(asc(callbackAttempts.startedAt), asc(callbackAttempts.attemptNumber))
    .limit(limit);
  return rows.map(({ organizationId: _o, ...attempt }) => attempt);
}

export interface AttemptWrite {
  claim: ClaimedDelivery;
  result: PostResult;
  judged: AttemptJudgement;
  startedAt: Date;
  now: Date;
  workerId: string;
}

/**
 * The common case, while this worker still holds the claim: moves the delivery on, logs the attempt and mirrors
 * it on the run or batch. Returns the delivery's new attempt count, or null when the claim was lost meanwhile.
 * Raw SQL: four data-modifying CTEs in one statement (one round trip), which Drizzle's builder cannot chain.
 */
export async function recordClaimedAttempt(db: Db, write: AttemptWrite): Promise<number | null> {
  const { claim, result, judged, startedAt, now, workerId } = write;
  const ts = (d: Date | null) => (d ? d.toISOString() : null);
  const [own] = await queryRows<{ attempt_count: number }>(
    db,
    sql`
    with d as (
      update ${callbackDeliveries} set
        status = ${judged.status}::callback_delivery_status,
        attempt_count = attempt_count + 1,
        scheduled_attempts = scheduled_attempts + ${claim.replay ? 0 : 1}::int,
        replay = false,
        next_attempt_at = ${ts(judged.nextAttemptAt ?? now)}::timestamptz,
        claim_token = null,
        claimed_by = null,
        last_attempt_at = ${ts(startedAt)}::timestamptz,
        last_status_code = ${result.statusCode}::int,
        last_error = ${result.error}::text,
        delivered_at = case when ${judged.status} = 'delivered' then ${ts(now)}::timestamptz else delivered_at end,
        updated_at = ${ts(now)}::timestamptz
      where organization_id = ${claim.organizationId} and id = ${claim.id} and claim_token = ${claim.claimToken}::uuid
      returning id, organization_id, run_id, batch_id, attempt_count
    ), attempt as (
      insert into ${callbackAttempts} (id, organization_id, delivery_id, attempt_number, manual, started_at, duration_ms,
        outcome, status_code, error, response_body, next_attempt_at, worker_id)
      select ${randomUUID()}::uuid, d.organization_id, d.id, d.attempt_count, ${claim.replay}::boolean,
        ${ts(startedAt)}::timestamptz, ${result.durationMs}::int, ${judged.outcome}::callback_attempt_outcome,
        ${result.statusCode}::int, ${result.error}::text, ${result.responseBody}::text,
        ${ts(judged.nextAttemptAt)}::timestamptz, ${workerId}::text
      from d
    ), mirror_run as (
      update ${runs} r set callback_sent_at = ${ts(startedAt)}::timestamptz,
        callback_status_code = ${result.statusCode}::int, callback_error = ${result.error}::text
      from d where r.organization_id = d.organization_id and r.id = d.run_id
    ), mirror_batch as (
      update ${batches} b set callback_sent_at = ${ts(startedAt)}::timestamptz,
        callback_status_code = ${result.statusCode}::int, callback_error = ${result.error}::text
      from d where b.organization_id = d.organization_id and b.id = d.batch_id
    )
    select attempt_count from d`,
  );
  return own ? Number(own.attempt_count) : null;
}

/** Logs one attempt (the lost-claim path; the common path logs inside `recordClaimedAttempt`). */
export async function insertAttempt(
  tx: Db,
  write: AttemptWrite,
  attemptNumber: number,
  nextAttemptAt: Date | null,
): Promise<void> {
  const { claim, result } = write;
  await tx.insert(callbackAttempts).values({
    id: randomUUID(),
    organizationId: claim.organizationId,
    deliveryId: claim.id,
    attemptNumber,
    manual: claim.replay,
    startedAt: write.startedAt,
    durationMs: result.durationMs,
    outcome: write.judged.outcome,
    statusCode: result.statusCode,
    error: result.error,
    responseBody: result.responseBody,
    nextAttemptAt,
    workerId: write.workerId,
  });
}

/** Letta's callback_sent_at / callback_status_code / callback_error on the delivery's run or batch. */
export async function mirrorAttempt(tx: Db, write: AttemptWrite): Promise<void> {
  const { claim, result } = write;
  const mirror = { callbackSentAt: write.startedAt, callbackStatusCode: result.statusCode, callbackError: result.error };
  if (claim.runId)
    await tx
      .update(runs)
      .set(mirror)
      .where(and(eq(runs.organizationId, claim.organizationId), eq(runs.id, claim.runId)));
  if (claim.batchId)
    await tx
      .update(batches)
      .set(mirror)
      .where(and(eq(batches.organizationId, claim.organizationId), eq(batches.id, claim.batchId)));
}
