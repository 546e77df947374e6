import { asc, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { agents, runHistograms, type RunStatus } from "@/db/schema";
import { insertRunsWithMetrics } from "@/server/modules/runs";
import { newId } from "@/server/ids";

export interface BulkRun {
  agentId: string;
  projectId: string | null;
  createdAt: Date;
  status: RunStatus;
  durationNs: number | null;
  ttftNs: number | null;
}

export async function createAgents(db: Db, orgId: string, projectId: string | null, n: number): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId("agent"),
    organizationId: orgId,
    projectId,
    name: `agent ${i}`,
  }));
  await db.insert(agents).values(rows);
  return rows.map((r) => r.id);
}

/** Runs written straight to the tables (as a bulk load would), so their created_at can lie anywhere. */
export async function insertRuns(db: Db, orgId: string, items: BulkRun[]): Promise<string[]> {
  const rows = items.map((r) => ({
    id: newId("run"),
    organizationId: orgId,
    projectId: r.projectId,
    agentId: r.agentId,
    status: r.status,
    totalDurationNs: r.durationNs,
    ttftNs: r.ttftNs,
    createdAt: r.createdAt,
    completedAt: r.durationNs == null ? null : new Date(r.createdAt.getTime() + Math.floor(r.durationNs / 1e6)),
  }));
  await insertRunsWithMetrics(db, rows);
  return rows.map((r) => r.id);
}

/** Every non-zero histogram row of an org, in key order, for comparing two states. */
export async function histogramRows(db: Db, orgId: string) {
  const rows = await db
    .select()
    .from(runHistograms)
    .where(sql`${runHistograms.organizationId} = ${orgId} and ${runHistograms.count} <> 0`)
    .orderBy(
      asc(runHistograms.field),
      asc(runHistograms.grain),
      asc(runHistograms.agentId),
      asc(runHistograms.projectId),
      asc(runHistograms.periodStart),
      asc(runHistograms.bucket),
    );
  return rows.map((r) => ({ ...r, periodStart: r.periodStart.toISOString() }));
}

export async function countWhere(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(db, query);
  return Number(row.n);
}
