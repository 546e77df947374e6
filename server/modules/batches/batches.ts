import { and, eq, inArray } from "drizzle-orm";
import { agents, batches } from "@/db/schema";
import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { CreateBatchInput, ListBatchesInput } from "./schemas";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import { insertRunsWithMetrics, toRun, type Run } from "@/server/modules/runs";

export type BatchRow = typeof batches.$inferSelect;
export type Batch = Omit<BatchRow, "organizationId">;

const toBatch = ({ organizationId: _org, ...batch }: BatchRow): Batch => batch;

/** Creates the batch and one run per request in one transaction: either all runs exist or none. */
export async function createBatch(scope: Scope, input: CreateBatchInput): Promise<Batch & { runs: Run[] }> {
  return scope.db.transaction(async (tx) => {
    const agentIds = [...new Set(input.requests.map((r) => r.agentId))];
    const found = await tx
      .select({ id: agents.id, projectId: agents.projectId })
      .from(agents)
      .where(and(eq(agents.organizationId, scope.orgId), inArray(agents.id, agentIds)));
    const projectOf = new Map(found.map((a) => [a.id, a.projectId]));
    const missing = input.requests.findIndex((r) => !projectOf.has(r.agentId));
    if (missing >= 0) throw notFound("agent", input.requests[missing].agentId, `requests.${missing}.agentId`);

    const [batch] = await tx
      .insert(batches)
      .values({
        id: newId("batch"),
        organizationId: scope.orgId,
        projectId: scope.projectId,
        requestCount: input.requests.length,
        metadata: input.metadata ?? null,
        callbackUrl: input.callbackUrl ?? null,
        createdById: scope.actor,
      })
      .returning();
    const created = await insertRunsWithMetrics(
      tx,
      input.requests.map((r) => ({
        id: newId("run"),
        organizationId: scope.orgId,
        projectId: projectOf.get(r.agentId) ?? null,
        agentId: r.agentId,
        batchId: batch.id,
        background: r.background ?? null,
        metadata: r.metadata ?? null,
        requestConfig: r.requestConfig ?? null,
        conversationId: r.conversationId ?? null,
        baseTemplateId: r.baseTemplateId ?? null,
        callbackUrl: r.callbackUrl ?? null,
        createdById: scope.actor,
        lastUpdatedById: scope.actor,
      })),
    );
    return { ...toBatch(batch), runs: created.map(toRun) };
  });
}

export async function getBatch(scope: Scope, batchId: string): Promise<Batch> {
  const [row] = await scope.db
    .select()
    .from(batches)
    .where(and(eq(batches.organizationId, scope.orgId), eq(batches.id, batchId)));
  if (!row) throw notFound("batch", batchId, "batchId");
  return toBatch(row);
}

const batchKeyset: KeysetSpec = {
  table: batches,
  orgColumn: batches.organizationId,
  idColumn: batches.id,
  sortKey: batches.createdAt,
  sortKeyType: "timestamptz",
  entity: "batch",
};

export async function listBatches(scope: Scope, input: ListBatchesInput): Promise<Page<Batch>> {
  return keysetPage(scope, batchKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select()
      .from(batches)
      .where(and(eq(batches.organizationId, scope.orgId), ...seek))
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map(toBatch);
  });
}
