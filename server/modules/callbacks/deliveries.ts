import { recordAudit } from "@/server/modules/audit/audit";
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import {
  batches,
  callbackAttempts,
  callbackDeliveries,
  runs,
  type AttemptOutcome,
  type CallbackEvent,
  type DeliveryStatus,
} from "@/db/schema";
import { conflict, notFound } from "@/server/errors";
import type { ListAttemptsInput, ListDeliveriesInput } from "./schemas";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import { nextRetryAt, parseRetryAfter } from "./schedule";
import { notifyDeliveriesDue } from "./signal";
import type { PostResult } from "./transport";

type DeliveryRow = typeof callbackDeliveries.$inferSelect;
type AttemptRow = typeof callbackAttempts.$inferSelect;
export type Delivery = Omit<DeliveryRow, "organizationId" | "claimToken" | "body"> & { body?: string };
export type Attempt = Omit<AttemptRow, "organizationId">;

const toDelivery = (
  { organizationId: _o, claimToken: _c, body, ...rest }: DeliveryRow,
  includeBody = false,
): Delivery => (includeBody ? { ...rest, body } : rest);

// Org-scoped reads and the manual replay ---------------------------------------------------------

const deliveryKeyset: KeysetSpec = {
  table: callbackDeliveries,
  orgColumn: callbackDeliveries.organizationId,
  idColumn: callbackDeliveries.id,
  sortKey: callbackDeliveries.createdAt,
  sortKeyType: "timestamptz",
  entity: "delivery",
};

export async function listDeliveries(scope: Scope, input: ListDeliveriesInput): Promise<Page<Delivery>> {
  return keysetPage(scope, deliveryKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select()
      .from(callbackDeliveries)
      .where(
        and(
          eq(callbackDeliveries.organizationId, scope.orgId),
          input.runId ? eq(callbackDeliveries.runId, input.runId) : undefined,
          input.batchId ? eq(callbackDeliveries.batchId, input.batchId) : undefined,
          input.status ? eq(callbackDeliveries.status, input.status) : undefined,
          ...seek,
        ),
      )
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map((row) => toDelivery(row, input.includeBody));
  });
}

async function findDelivery(db: Db, scope: Scope, deliveryId: string, forUpdate = false): Promise<DeliveryRow> {
  const query = db
    .select()
    .from(callbackDeliveries)
    .where(and(eq(callbackDeliveries.organizationId, scope.orgId), eq(callbackDeliveries.id, deliveryId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("delivery", deliveryId, "deliveryId");
  return row;
}

export async function getDelivery(scope: Scope, deliveryId: string): Promise<Delivery> {
  return toDelivery(await findDelivery(scope.db, scope, deliveryId), true);
}

export async function listAttempts(scope: Scope, input: ListAttemptsInput): Promise<Attempt[]> {
  await findDelivery(scope.db, scope, input.deliveryId);
  const rows = await scope.db
    .select()
    .from(callbackAttempts)
    .where(and(eq(callbackAttempts.organizationId, scope.orgId), eq(callbackAttempts.deliveryId, input.deliveryId)))
    .orderBy(asc(callbackAttempts.startedAt), asc(callbackAttempts.attemptNumber))
    .limit(input.limit);
  return rows.map(({ organizationId: _o, ...attempt }) => attempt);
}

/**
 * Manual replay: a new attempt now, under the same webhook-id (the delivery id) and with the same body.
 * A pending delivery is just brought forward; a finished one gets exactly one more attempt, whose outcome is final.
 */
export async function redeliver(scope: Scope, deliveryId: string, now = new Date()): Promise<Delivery> {
  const updated = await scope.db.transaction(async (tx) => {
    const row = await findDelivery(tx, scope, deliveryId, true);
    if (row.claimToken && row.nextAttemptAt.getTime() > now.getTime())
      throw conflict(`delivery ${deliveryId} is being attempted right now; try again when the attempt is recorded`);
    const [next] = await tx
      .update(callbackDeliveries)
      .set({
        status: "pending",
        replay: row.status !== "pending",
        nextAttemptAt: now,
        claimToken: null,
        claimedBy: null,
        updatedAt: now,
      })
      .where(and(eq(callbackDeliveries.organizationId, scope.orgId), eq(callbackDeliveries.id, deliveryId)))
      .returning();
    await recordAudit(tx, scope, { action: "callback.redeliver", targetType: "callback_delivery", targetId: deliveryId });
    return next;
  });
  notifyDeliveriesDue();
  return toDelivery(updated);
}

// The worker's side (global: it serves every organization) ---------------------------------------

export interface ClaimedDelivery {
  id: string;
  organizationId: string;
  runId: string | null;
  batchId: string | null;
  event: CallbackEvent;
  url: string;
  body: string;
  claimToken: string;
  replay: boolean;
  scheduledAttempts: number;
}

/**
 * Claims up to `limit` due deliveries with FOR UPDATE SKIP LOCKED (concurrent workers take disjoint rows) and
 * leases them by moving `next_attempt_at` to the end of the lease: if this worker dies, the rows are due again then.
 */
export async function claimDueDeliveries(
  db: Db,
  options: { now: Date; limit: number; leaseMs: number; workerId: string },
): Promise<ClaimedDelivery[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const rows = await queryRows<{
    id: string;
    organization_id: string;
    run_id: string | null;
    batch_id: string | null;
    event: CallbackEvent;
    url: string;
    body: string;
    claim_token: string;
    replay: boolean;
    scheduled_attempts: number;
  }>(
    db,
    sql`
    update ${callbackDeliveries} d
    set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz, claim_token = gen_random_uuid(),
        claimed_by = ${options.workerId}, updated_at = ${options.now.toISOString()}::timestamptz
    from (
      select id from ${callbackDeliveries}
      where status = 'pending' and next_attempt_at <= ${options.now.toISOString()}::timestamptz
      order by next_attempt_at
      limit ${options.limit}
      for update skip locked
    ) due
    where d.id = due.id
    returning d.id, d.organization_id, d.run_id, d.batch_id, d.event, d.url, d.body, d.claim_token, d.replay,
              d.scheduled_attempts`,
  );
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    runId: r.run_id,
    batchId: r.batch_id,
    event: r.event,
    url: r.url,
    body: r.body,
    claimToken: r.claim_token,
    replay: r.replay,
    scheduledAttempts: Number(r.scheduled_attempts),
  }));
}

export interface AttemptRecord {
  deliveryId: string;
  outcome: AttemptOutcome;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  attemptNumber: number;
}

/** What an attempt's result means for its delivery: delivered, retried at some time, or failed for good. */
export function judgeAttempt(
  claim: Pick<ClaimedDelivery, "replay" | "scheduledAttempts">,
  result: PostResult,
  now: Date,
  random: () => number = Math.random,
): { outcome: AttemptOutcome; status: DeliveryStatus; nextAttemptAt: Date | null } {
  if (result.refused) return { outcome: "refused", status: "failed", nextAttemptAt: null };
  const code = result.statusCode;
  if (code !== null && code >= 200 && code <= 299 && !result.error)
    return { outcome: "delivered", status: "delivered", nextAttemptAt: null };
  // 410 Gone: the receiver asks us to stop.
  if (code === 410 || claim.replay) return { outcome: "failed", status: "failed", nextAttemptAt: null };
  const next = nextRetryAt(now, claim.scheduledAttempts + 1, {
    random,
    retryAfterMs: parseRetryAfter(result.retryAfter, now),
  });
  return next ? { outcome: "failed", status: "pending", nextAttemptAt: next } : { outcome: "failed", status: "failed", nextAttemptAt: null };
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
  // The common case in one statement (one round trip): this worker still holds the claim.
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
        next_attempt_at = ${ts(judged.nextAttemptAt ?? options.now)}::timestamptz,
        claim_token = null,
        claimed_by = null,
        last_attempt_at = ${ts(options.startedAt)}::timestamptz,
        last_status_code = ${result.statusCode}::int,
        last_error = ${result.error}::text,
        delivered_at = case when ${judged.status} = 'delivered' then ${ts(options.now)}::timestamptz else delivered_at end,
        updated_at = ${ts(options.now)}::timestamptz
      where organization_id = ${claim.organizationId} and id = ${claim.id} and claim_token = ${claim.claimToken}::uuid
      returning id, organization_id, run_id, batch_id, attempt_count
    ), attempt as (
      insert into ${callbackAttempts} (id, organization_id, delivery_id, attempt_number, manual, started_at, duration_ms,
        outcome, status_code, error, response_body, next_attempt_at, worker_id)
      select ${randomUUID()}::uuid, d.organization_id, d.id, d.attempt_count, ${claim.replay}::boolean,
        ${ts(options.startedAt)}::timestamptz, ${result.durationMs}::int, ${judged.outcome}::callback_attempt_outcome,
        ${result.statusCode}::int, ${result.error}::text, ${result.responseBody}::text,
        ${ts(judged.nextAttemptAt)}::timestamptz, ${options.workerId}::text
      from d
    ), mirror_run as (
      update ${runs} r set callback_sent_at = ${ts(options.startedAt)}::timestamptz,
        callback_status_code = ${result.statusCode}::int, callback_error = ${result.error}::text
      from d where r.organization_id = d.organization_id and r.id = d.run_id
    ), mirror_batch as (
      update ${batches} b set callback_sent_at = ${ts(options.startedAt)}::timestamptz,
        callback_status_code = ${result.statusCode}::int, callback_error = ${result.error}::text
      from d where b.organization_id = d.organization_id and b.id = d.batch_id
    )
    select attempt_count from d`,
  );
  if (own) return { ...judged, deliveryId: claim.id, attemptNumber: Number(own.attempt_count) };

  // The lease was lost (another worker re-claimed the row): log the attempt, let that claim decide the schedule.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(callbackDeliveries)
      .where(and(eq(callbackDeliveries.organizationId, claim.organizationId), eq(callbackDeliveries.id, claim.id)))
      .for("update");
    if (!row) return { ...judged, deliveryId: claim.id, attemptNumber: 0 }; // the organization was deleted meanwhile
    const ownsClaim = row.claimToken === claim.claimToken;
    const attemptNumber = row.attemptCount + 1;
    const common = {
      attemptCount: attemptNumber,
      lastAttemptAt: options.startedAt,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      updatedAt: options.now,
    };
    let patch: Partial<DeliveryRow> = common;
    if (ownsClaim) {
      patch = {
        ...common,
        status: judged.status,
        scheduledAttempts: claim.replay ? row.scheduledAttempts : row.scheduledAttempts + 1,
        replay: false,
        nextAttemptAt: judged.nextAttemptAt ?? options.now,
        claimToken: null,
        claimedBy: null,
        deliveredAt: judged.status === "delivered" ? options.now : row.deliveredAt,
      };
    } else if (judged.outcome === "delivered" && row.status === "pending") {
      patch = { ...common, status: "delivered", deliveredAt: options.now };
    }
    await tx
      .update(callbackDeliveries)
      .set(patch)
      .where(and(eq(callbackDeliveries.organizationId, claim.organizationId), eq(callbackDeliveries.id, claim.id)));
    await tx.insert(callbackAttempts).values({
      id: randomUUID(),
      organizationId: claim.organizationId,
      deliveryId: claim.id,
      attemptNumber,
      manual: claim.replay,
      startedAt: options.startedAt,
      durationMs: result.durationMs,
      outcome: judged.outcome,
      statusCode: result.statusCode,
      error: result.error,
      responseBody: result.responseBody,
      nextAttemptAt: ownsClaim ? judged.nextAttemptAt : null,
      workerId: options.workerId,
    });
    const mirror = { callbackSentAt: options.startedAt, callbackStatusCode: result.statusCode, callbackError: result.error };
    if (claim.runId)
      await tx.update(runs).set(mirror).where(and(eq(runs.organizationId, claim.organizationId), eq(runs.id, claim.runId)));
    if (claim.batchId)
      await tx
        .update(batches)
        .set(mirror)
        .where(and(eq(batches.organizationId, claim.organizationId), eq(batches.id, claim.batchId)));
    return { ...judged, deliveryId: claim.id, status: ownsClaim ? judged.status : row.status, attemptNumber };
  });
}
