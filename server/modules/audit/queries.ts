import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, auditLog, users } from "@/db/schema";
import type { Page } from "@/server/lib/common-schemas";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import type { Scope } from "@/server/scope";
import type { ListAuditInput } from "./schemas";

/** The audit module's SQL: the only code that reads or writes `audit_log`. */

export type AuditRow = typeof auditLog.$inferInsert;

export async function insertAuditRow(tx: Db, row: AuditRow): Promise<void> {
  await tx.insert(auditLog).values(row);
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

const auditKeyset: KeysetSpec = {
  table: auditLog,
  orgColumn: auditLog.organizationId,
  idColumn: auditLog.id,
  sortKey: auditLog.createdAt,
  sortKeyType: "timestamptz",
  entity: "audit entry",
};

/** Newest first, keyset-paginated on (created_at, id), with the actor's label joined in. */
export async function pageAuditEntries(scope: Scope, input: ListAuditInput): Promise<Page<AuditEntry>> {
  const filters: SQL[] = [eq(auditLog.organizationId, scope.orgId)];
  if (input.action) filters.push(eq(auditLog.action, input.action));
  if (input.targetType) filters.push(eq(auditLog.targetType, input.targetType));
  if (input.targetId) filters.push(eq(auditLog.targetId, input.targetId));
  const page = { ascending: false, after: input.after, limit: input.limit };
  return keysetPage(scope, auditKeyset, page, async (seek, orderBy, limit) => {
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
