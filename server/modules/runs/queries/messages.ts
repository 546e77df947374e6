import { and, eq, type SQL } from "drizzle-orm";
import { messages } from "@/db/schema";
import type { Scope } from "@/server/scope";
import type { KeysetSpec } from "@/server/lib/keyset";

/** Messages page on (created_at, id): the one spec run and step message lists share. */
export const messageKeyset: KeysetSpec = {
  table: messages,
  orgColumn: messages.organizationId,
  idColumn: messages.id,
  sortKey: messages.createdAt,
  sortKeyType: "timestamptz",
  entity: "message",
};

/** The run's messages: a cursor must be one of them. */
export const messageKeysetOfRun = (runId: string): KeysetSpec => ({ ...messageKeyset, cursorWithin: eq(messages.runId, runId) });

/** One keyset page of a run's stored messages (`seek`/`orderBy`/`limit` from keysetPage). */
export function selectRunMessages(scope: Scope, runId: string, page: { seek: SQL[]; orderBy: SQL[]; limit: number }) {
  return scope.db
    .select()
    .from(messages)
    .where(and(eq(messages.organizationId, scope.orgId), eq(messages.runId, runId), ...page.seek))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}
