import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { batches } from "@/db/schema";
import type { KeysetSpec } from "@/server/lib/keyset";
import { visibleTo } from "@/server/lib/visible";
import type { Scope } from "@/server/scope";
import type { BatchRow } from "./batch";

export async function insertBatch(tx: Db, values: typeof batches.$inferInsert): Promise<BatchRow> {
  const [batch] = await tx.insert(batches).values(values).returning();
  return batch;
}

export async function findBatch(db: Db, scope: Scope, batchId: string): Promise<BatchRow | undefined> {
  const [row] = await db
    .select()
    .from(batches)
    .where(and(visibleTo(scope, batches), eq(batches.id, batchId)));
  return row;
}

export const batchKeyset: KeysetSpec = {
  table: batches,
  orgColumn: batches.organizationId,
  projectColumn: batches.projectId,
  idColumn: batches.id,
  sortKey: batches.createdAt,
  sortKeyType: "timestamptz",
  entity: "batch",
};

export function selectBatchPage(scope: Scope, seek: SQL[], orderBy: SQL[], limit: number) {
  return scope.db
    .select()
    .from(batches)
    .where(and(visibleTo(scope, batches), ...seek))
    .orderBy(...orderBy)
    .limit(limit);
}
