import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackEndpoints, receivedCallbacks } from "@/db/schema";
import type { Page } from "@/server/lib/common-schemas";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import type { Scope } from "@/server/scope";
import type { ListEndpointsInput, ListReceivedInput } from "../schemas";

/** The inbox: receiver endpoints (`callback_endpoints`) and what they received (`received_callbacks`). */

export type EndpointRow = typeof callbackEndpoints.$inferSelect;
type ReceivedRow = typeof receivedCallbacks.$inferSelect;
export type ReceivedCallback = Omit<ReceivedRow, "organizationId">;

const byId = (orgId: string, endpointId: string) =>
  and(eq(callbackEndpoints.organizationId, orgId), eq(callbackEndpoints.id, endpointId));

export async function insertEndpoint(tx: Db, values: { id: string; organizationId: string; name: string; secret: string }) {
  const [row] = await tx.insert(callbackEndpoints).values(values).returning();
  return row;
}

const endpointKeyset: KeysetSpec = {
  table: callbackEndpoints,
  orgColumn: callbackEndpoints.organizationId,
  idColumn: callbackEndpoints.id,
  sortKey: callbackEndpoints.createdAt,
  sortKeyType: "timestamptz",
  entity: "endpoint",
};

export async function pageEndpointRows(scope: Scope, input: ListEndpointsInput): Promise<Page<EndpointRow>> {
  return keysetPage(scope, endpointKeyset, input, (seek, orderBy, limit) =>
    scope.db
      .select()
      .from(callbackEndpoints)
      .where(and(eq(callbackEndpoints.organizationId, scope.orgId), ...seek))
      .orderBy(...orderBy)
      .limit(limit),
  );
}

/** The current secret becomes the previous one (verifying until `previousExpiresAt`); undefined if no such endpoint. */
export async function replaceEndpointSecret(
  tx: Db,
  orgId: string,
  endpointId: string,
  change: { secret: string; previousExpiresAt: Date; rotatedAt: Date },
): Promise<EndpointRow | undefined> {
  const [row] = await tx
    .update(callbackEndpoints)
    .set({ ...change, previousSecret: sql`${callbackEndpoints.secret}` })
    .where(byId(orgId, endpointId))
    .returning();
  return row;
}

/** Deletes the endpoint; its inbox goes with it (ON DELETE CASCADE). */
export async function deleteEndpointRow(tx: Db, orgId: string, endpointId: string): Promise<EndpointRow | undefined> {
  const [row] = await tx.delete(callbackEndpoints).where(byId(orgId, endpointId)).returning();
  return row;
}

const receivedKeyset: KeysetSpec = {
  table: receivedCallbacks,
  orgColumn: receivedCallbacks.organizationId,
  idColumn: receivedCallbacks.id,
  sortKey: receivedCallbacks.firstReceivedAt,
  sortKeyType: "timestamptz",
  entity: "received callback",
};

export async function pageReceived(scope: Scope, input: ListReceivedInput): Promise<Page<ReceivedCallback>> {
  return keysetPage(scope, receivedKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select()
      .from(receivedCallbacks)
      .where(
        and(
          eq(receivedCallbacks.organizationId, scope.orgId),
          input.endpointId ? eq(receivedCallbacks.endpointId, input.endpointId) : undefined,
          ...seek,
        ),
      )
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map(({ organizationId: _o, ...rest }) => rest);
  });
}

// The receiver's side: the endpoint id in the URL is what identifies the organization -------------

export interface ReceivingEndpoint {
  id: string;
  organizationId: string;
  secret: string;
  previousSecret: string | null;
  previousExpiresAt: Date | null;
}

/** Looks an endpoint up by id alone (the receiver has no scope until the endpoint names its org). */
export async function findReceivingEndpoint(db: Db, endpointId: string): Promise<ReceivingEndpoint | null> {
  const [row] = await db
    .select({
      id: callbackEndpoints.id,
      organizationId: callbackEndpoints.organizationId,
      secret: callbackEndpoints.secret,
      previousSecret: callbackEndpoints.previousSecret,
      previousExpiresAt: callbackEndpoints.previousExpiresAt,
    })
    .from(callbackEndpoints)
    .where(eq(callbackEndpoints.id, endpointId));
  return row ?? null;
}

/**
 * Stores a verified delivery once per webhook-id: a retry of the same id only bumps its count and last time.
 * Returns whether it was new.
 */
export async function storeReceivedCallback(
  db: Db,
  endpoint: ReceivingEndpoint,
  received: { webhookId: string; webhookTimestamp: Date; payload: unknown },
): Promise<{ id: string; duplicate: boolean; receivedCount: number }> {
  const [row] = await db
    .insert(receivedCallbacks)
    .values({
      id: randomUUID(),
      organizationId: endpoint.organizationId,
      endpointId: endpoint.id,
      webhookId: received.webhookId,
      webhookTimestamp: received.webhookTimestamp,
      payload: received.payload,
    })
    .onConflictDoUpdate({
      target: [receivedCallbacks.organizationId, receivedCallbacks.endpointId, receivedCallbacks.webhookId],
      set: { receivedCount: sql`${receivedCallbacks.receivedCount} + 1`, lastReceivedAt: sql`now()` },
    })
    .returning({ id: receivedCallbacks.id, receivedCount: receivedCallbacks.receivedCount });
  return { id: row.id, duplicate: row.receivedCount > 1, receivedCount: row.receivedCount };
}
