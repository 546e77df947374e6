import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { insertAuditRow, pageAuditEntries, type AuditEntry } from "./queries";
import type { ListAuditInput } from "./schemas";

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

function auditActor(scope: Scope): { actorType: AuditActorType; actorId: string } {
  if (scope.userId) return { actorType: "user", actorId: scope.userId };
  if (scope.apiKeyId) return { actorType: "api_key", actorId: scope.apiKeyId };
  if (scope.actor.startsWith("user-")) return { actorType: "user", actorId: scope.actor };
  if (scope.actor.startsWith("key-")) return { actorType: "api_key", actorId: scope.actor };
  return { actorType: "system", actorId: scope.actor };
}

/** Appends one audit row in `tx` (the action's own transaction) for the scope's organization. */
export async function recordAudit(tx: Db, scope: Scope, entry: AuditEntryInput): Promise<void> {
  await insertAuditRow(tx, {
    id: `audit-${randomUUID()}`,
    organizationId: scope.orgId,
    ...auditActor(scope),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details ?? {},
  });
}

export async function listAudit(scope: Scope, input: ListAuditInput): Promise<Page<AuditEntry>> {
  return pageAuditEntries(scope, input);
}
