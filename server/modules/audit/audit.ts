import { randomUUID } from "node:crypto";
import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, auditLog, users } from "@/db/schema";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { keysetPage } from "@/server/lib/keyset";

/**
 * The append-only audit log. `recordAudit` must be called with the transaction of the action it records, so that
 * a rolled-back action leaves no audit row and a committed one always has its row.
 */

export type AuditActorType = "user" | "api_key" | "system";

export interface AuditEntryInput {
  /** Dotted verb: `run.cancel`, `run.delete`, `api_key.create`, `api_key.revoke`, `callback.redeliver`, `callback_secret.rotate`, … */
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

export function auditActor(scope: Scope): { actorType: AuditActorType; actorId: string } {
  if (scope.userId) return { actorType: "user", actorId: scope.userId };
  if (scope.apiKeyId) return { actorType: "api_key", actorId: scope.apiKeyId };
  if (scope.actor.startsWith("user-")) return { actorType: "user", actorId: scope.actor };
  if (scope.actor.startsWith("key-")) return { actorType: "api_key", actorId: scope.actor };
  return { actorType: "system", actorId: scope.actor };
}

/** Appends one audit row in `tx` (the action's own transaction) for the scope's organization. */
export async function recordAudit(tx: Db, scope: Scope, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({
    id: `audit-${randomUUID()}`,
    organizationId: scope.orgId,
    ...auditActor(scope),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details ?? {},
  });
}

export interface AuditEntry {
  id: string;
  actorType: string;
  actorId: string;
  /** The user's email or the API key's name and prefix, when they still exist. */
  actorLabel: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

export interface ListAuditInput {
  limit: number;
  after?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listAudit(scope: Scope, input: ListAuditInput): Promise<Page<AuditEntry>> {
  const filters: SQL[] = [eq(auditLog.organizationId, scope.orgId)];
  if (input.action) filters.push(eq(auditLog.action, input.action));
  if (input.targetType) filters.push(eq(auditLog.targetType, input.targetType));
  if (input.targetId) filters.push(eq(auditLog.targetId, input.targetId));
  const spec = {
    table: auditLog,
    orgColumn: auditLog.organizationId,
    idColumn: auditLog.id,
    sortKey: auditLog.createdAt,
    sortKeyType: "timestamptz" as const,
    entity: "audit entry",
  };
  return keysetPage(scope, spec, { ascending: false, after: input.after, limit: input.limit }, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select({ entry: auditLog, email: users.email, keyName: apiKeys.name, keyPrefix: apiKeys.displayPrefix })
      .from(auditLog)
      .leftJoin(users, and(eq(auditLog.actorType, "user"), eq(users.id, auditLog.actorId)))
      .leftJoin(
        apiKeys,
        and(eq(auditLog.actorType, "api_key"), eq(apiKeys.id, auditLog.actorId), eq(apiKeys.organizationId, scope.orgId)),
      )
      .where(and(...filters, ...seek))
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map(({ entry, email, keyName, keyPrefix }) => ({
      id: entry.id,
      actorType: entry.actorType,
      actorId: entry.actorId,
      actorLabel: email ?? (keyPrefix ? `${keyName} (${keyPrefix}…)` : null),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details,
      createdAt: entry.createdAt,
    }));
  });
}
