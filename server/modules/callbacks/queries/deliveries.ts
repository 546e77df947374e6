import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackDeliveries, type CallbackEvent } from "@/db/schema";
import type { Page } from "@/server/lib/common-schemas";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import type { ListDeliveriesInput } from "../schemas";

/** The outbox (`callback_deliveries`): org-scoped reads and the replay, then the worker's claim. */

export type DeliveryRow = typeof callbackDeliveries.$inferSelect;
export type Delivery = Omit<DeliveryRow, "organizationId" | "claimToken" | "body"> & { body?: string };

export const toDelivery = ({ organizationId: _o, claimToken: _c, body, ...rest }: DeliveryRow, includeBody = false): Delivery =>
  includeBody ? { ...rest, body } : rest;

const deliveryKeyset: KeysetSpec = {
  table: callbackDeliveries,
  orgColumn: callbackDeliveries.organizationId,
  projectColumn: callbackDeliveries.projectId,
  idColumn: callbackDeliveries.id,
  sortKey: callbackDeliveries.createdAt,
  sortKeyType: "timestamptz",
  entity: "delivery",
};

const byId = (orgId: string, deliveryId: string) =>
  and(eq(callbackDeliveries.organizationId, orgId), eq(callbackDeliveries.id, deliveryId));

export async function pageDeliveries(scope: Scope, input: ListDeliveriesInput): Promise<Page<Delivery>> {
  return keysetPage(scope, deliveryKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select()
      .from(callbackDeliveries)
      .where(
        and(
          visibleTo(scope, callbackDeliveries),
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

/** The outbox insert; unique per (org, subject, event), so a second one for the same event adds nothing. */
export async function insertDeliveryOnce(tx: Db, values: typeof callbackDeliveries.$inferInsert): Promise<void> {
  await tx
    .insert(callbackDeliveries)
    .values(values)
    .onConflictDoNothing({
      target: [callbackDeliveries.organizationId, callbackDeliveries.subjectId, callbackDeliveries.event],
    });
}

/** One delivery the scope may see (the worker's internal scope: its org's), locked when `forUpdate`. */
export async function findDeliveryRow(
  db: Db,
  scope: Pick<Scope, "orgId" | "projectId">,
  deliveryId: string,
  forUpdate = false,
): Promise<DeliveryRow | undefined> {
  const query = db
    .select()
    .from(callbackDeliveries)
    .where(and(visibleTo(scope, callbackDeliveries), eq(callbackDeliveries.id, deliveryId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

export async function updateDelivery(
  db: Db,
  orgId: string,
  deliveryId: string,
  patch: Partial<DeliveryRow>,
): Promise<DeliveryRow | undefined> {
  const [row] = await db.update(callbackDeliveries).set(patch).where(byId(orgId, deliveryId)).returning();
  return row;
}

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
 * Claims up to `limit` due deliveries of every organization (the worker serves them all) with FOR UPDATE SKIP
 * LOCKED, so concurrent workers take disjoint rows, and leases them by moving `next_attempt_at` to the end of the
 * lease: if this worker dies, the rows are due again then.
 */
export async function claimDueDeliveries(
  db: Db,
  options: { now: Date; limit: number; leaseMs: number; workerId: string },
): Promise<ClaimedDelivery[]> {
  const due = db
    .select({ id: callbackDeliveries.id })
    .from(callbackDeliveries)
    .where(and(eq(callbackDeliveries.status, "pending"), lte(callbackDeliveries.nextAttemptAt, options.now)))
    .orderBy(asc(callbackDeliveries.nextAttemptAt))
    .limit(options.limit)
    .for("update", { skipLocked: true })
    .as("due");
  const rows = await db
    .update(callbackDeliveries)
    .set({
      nextAttemptAt: new Date(options.now.getTime() + options.leaseMs),
      claimToken: sql`gen_random_uuid()`,
      claimedBy: options.workerId,
      updatedAt: options.now,
    })
    .from(due)
    .where(eq(callbackDeliveries.id, due.id))
    .returning({
      id: callbackDeliveries.id,
      organizationId: callbackDeliveries.organizationId,
      runId: callbackDeliveries.runId,
      batchId: callbackDeliveries.batchId,
      event: callbackDeliveries.event,
      url: callbackDeliveries.url,
      body: callbackDeliveries.body,
      claimToken: callbackDeliveries.claimToken,
      replay: callbackDeliveries.replay,
      scheduledAttempts: callbackDeliveries.scheduledAttempts,
    });
  return rows.map((row) => ({ ...row, claimToken: row.claimToken!, scheduledAttempts: Number(row.scheduledAttempts) }));
}
