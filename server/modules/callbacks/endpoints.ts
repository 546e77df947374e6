import { recordAudit } from "@/server/modules/audit/audit";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackEndpoints, receivedCallbacks } from "@/db/schema";
import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { CreateEndpointInput, ListEndpointsInput, ListReceivedInput } from "./schemas";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import { generateWebhookSecret, SECRET_OVERLAP_MS } from "./secrets";
import { env } from "@/server/env";

type EndpointRow = typeof callbackEndpoints.$inferSelect;
type ReceivedRow = typeof receivedCallbacks.$inferSelect;
export type Endpoint = Omit<EndpointRow, "organizationId" | "secret" | "previousSecret"> & { url: string };
export type EndpointWithSecret = Endpoint & { secret: string };
export type ReceivedCallback = Omit<ReceivedRow, "organizationId">;

/** Where this deployment is reachable from outside; endpoint URLs are built on it. */
export function publicBaseUrl(): string {
  const { RUNTOWER_PUBLIC_URL, PORT } = env();
  return RUNTOWER_PUBLIC_URL?.replace(/\/+$/, "") || `http://localhost:${PORT}`;
}

export const endpointUrl = (id: string) => `${publicBaseUrl()}/api/callbacks/${id}`;

const toEndpoint = ({ organizationId: _o, secret: _s, previousSecret: _p, ...rest }: EndpointRow): Endpoint => ({
  ...rest,
  url: endpointUrl(rest.id),
});

export async function createEndpoint(scope: Scope, input: CreateEndpointInput): Promise<EndpointWithSecret> {
  return scope.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(callbackEndpoints)
      .values({ id: newId("endpoint"), organizationId: scope.orgId, name: input.name, secret: generateWebhookSecret() })
      .returning();
    await recordAudit(tx, scope, { action: "callback_endpoint.create", targetType: "callback_endpoint", targetId: row.id });
    return { ...toEndpoint(row), secret: row.secret };
  });
}

const endpointKeyset: KeysetSpec = {
  table: callbackEndpoints,
  orgColumn: callbackEndpoints.organizationId,
  idColumn: callbackEndpoints.id,
  sortKey: callbackEndpoints.createdAt,
  sortKeyType: "timestamptz",
  entity: "endpoint",
};

export async function listEndpoints(scope: Scope, input: ListEndpointsInput): Promise<Page<Endpoint>> {
  return keysetPage(scope, endpointKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select()
      .from(callbackEndpoints)
      .where(and(eq(callbackEndpoints.organizationId, scope.orgId), ...seek))
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map(toEndpoint);
  });
}

/** A new secret; the previous one still verifies for 24 h so senders can switch without losing deliveries. */
export async function rotateEndpointSecret(scope: Scope, endpointId: string, now = new Date()): Promise<EndpointWithSecret> {
  return scope.db.transaction(async (tx) => {
    const [row] = await tx
      .update(callbackEndpoints)
      .set({
        previousSecret: sql`${callbackEndpoints.secret}`,
        previousExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS),
        secret: generateWebhookSecret(),
        rotatedAt: now,
      })
      .where(and(eq(callbackEndpoints.organizationId, scope.orgId), eq(callbackEndpoints.id, endpointId)))
      .returning();
    if (!row) throw notFound("endpoint", endpointId, "endpointId");
    await recordAudit(tx, scope, { action: "callback_endpoint.rotate_secret", targetType: "callback_endpoint", targetId: row.id });
    return { ...toEndpoint(row), secret: row.secret };
  });
}

/** Deletes the endpoint and its inbox; later posts to its URL answer 404. */
export async function deleteEndpoint(scope: Scope, endpointId: string): Promise<Endpoint> {
  return scope.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(callbackEndpoints)
      .where(and(eq(callbackEndpoints.organizationId, scope.orgId), eq(callbackEndpoints.id, endpointId)))
      .returning();
    if (!row) throw notFound("endpoint", endpointId, "endpointId");
    await recordAudit(tx, scope, { action: "callback_endpoint.delete", targetType: "callback_endpoint", targetId: row.id });
    return toEndpoint(row);
  });
}

const receivedKeyset: KeysetSpec = {
  table: receivedCallbacks,
  orgColumn: receivedCallbacks.organizationId,
  idColumn: receivedCallbacks.id,
  sortKey: receivedCallbacks.firstReceivedAt,
  sortKeyType: "timestamptz",
  entity: "received callback",
};

export async function listReceived(scope: Scope, input: ListReceivedInput): Promise<Page<ReceivedCallback>> {
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
