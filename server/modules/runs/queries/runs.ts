import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import {
  columnList,
  columnNames,
  decodeRow,
  executePrepared,
  jsonParameter,
  renderQuery,
  uniqueViolation,
  type Db,
} from "@/db/client";
import { messages, runMetrics, runs, steps } from "@/db/schema";
import { conflict, notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import { RUN_IS_CANCELLABLE } from "./conditions";

export type RunRow = typeof runs.$inferSelect;
export type Run = Omit<RunRow, "organizationId">;
export type NewRun = typeof runs.$inferInsert;
/** What a bulk load knows of a run's metrics beyond its row (a new run has none: zero steps, no tools). */
export type NewRunMetrics = Partial<Pick<typeof runMetrics.$inferInsert, "numSteps" | "toolsUsed">>;

export function toRun(row: RunRow): Run {
  const { organizationId: _org, ...run } = row;
  return run;
}

/** Reads one run the caller may see (server/lib/visible.ts); `forUpdate` locks it for the rest of the transaction. */
export async function findRun(db: Db, scope: Scope, runId: string, options: { forUpdate?: boolean; field?: string } = {}) {
  const query = db
    .select()
    .from(runs)
    .where(and(visibleTo(scope, runs), eq(runs.id, runId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("run", runId, options.field ?? "runId");
  return row;
}

// Postgres' bind-parameter limit is 65,535; runs has ~25 columns.
const INSERT_CHUNK = 1000;

/**
 * THE insert of runs: each row with its run_metrics row (run_start = the run's created_at, run_ns = its duration), as
 * runs.create, batches.create, the seeds and tests write them. Returns the runs as written, in order.
 * A run id already taken (a client may give its own, and ids are unique across organizations) is CONFLICT naming
 * `idField(index of the row)`, without saying whose it is; the caller's transaction then writes nothing.
 */
export async function insertRunsWithMetrics(
  db: Db,
  rows: (NewRun & { metrics?: NewRunMetrics })[],
  idField: (index: number) => string = () => "id",
): Promise<RunRow[]> {
  const written: RunRow[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const created = await db
      .insert(runs)
      .values(chunk.map(({ metrics: _metrics, ...run }) => run))
      .returning()
      .catch((error: unknown) => {
        const clash = uniqueViolation(error, "runs_pkey");
        if (!clash) throw error;
        const at = rows.findIndex((r) => r.id === clash.key);
        throw conflict(`${idField(Math.max(at, 0))}: already taken`, idField(Math.max(at, 0)));
      });
    await db.insert(runMetrics).values(
      created.map((run, j) => ({
        id: run.id,
        organizationId: run.organizationId,
        projectId: run.projectId,
        agentId: run.agentId,
        baseTemplateId: run.baseTemplateId,
        runStart: run.createdAt,
        runNs: run.totalDurationNs,
        ...chunk[j].metrics,
      })),
    );
    written.push(...created);
  }
  return written;
}

// runs.update's two statements run as named prepared statements: their text never changes, so Postgres parses and
// plans them once per connection.
const COLUMN_OF: Record<string, string> = Object.fromEntries(columnNames(runs));
/** Every column of runs, listed rather than `*`: a prepared statement's result type must not change when one is added. */
const RUN_COLUMNS = Object.values(COLUMN_OF);
/** The columns runs.update may change. */
const PATCHABLE = [
  "status",
  "stopReason",
  "ttftNs",
  "metadata",
  "completedAt",
  "totalDurationNs",
  "updatedAt",
  "lastUpdatedById",
] as const;
export type RunPatch = Partial<Pick<RunRow, (typeof PATCHABLE)[number]>>;

// jsonb_populate_record over the current row applies a patch: its keys replace columns (null clears one), absent
// keys keep them, so one statement text serves every update. Raw SQL: `.set()` has no row assignment
// `(a, b) = (select …)`, and a column-by-column set would bind and decode the patch once per column.
const patchable = PATCHABLE.map((key) => COLUMN_OF[key]);
const PATCH_RUN = renderQuery(sql`
  update runs r set (${columnList(patchable)}) =
    (select ${columnList(patchable, "p.")} from jsonb_populate_record(r, ${sql.placeholder("patch")}::jsonb) p)
  where r.organization_id = ${sql.placeholder("orgId")} and r.id = ${sql.placeholder("runId")}
  returning ${columnList(RUN_COLUMNS)}`);

/** Reads the run and locks it FOR UPDATE for the rest of the transaction (NOT_FOUND naming runId when absent). */
export async function lockRun(tx: Db, scope: Scope, runId: string): Promise<RunRow> {
  const [row] = await tx
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.organizationId, sql.placeholder("orgId")),
        eq(runs.id, sql.placeholder("runId")),
        // The visibility rule (server/lib/visible.ts) with the project as a parameter: one prepared text for every scope.
        sql`(${sql.placeholder("projectId")}::text is null or ${runs.projectId} = ${sql.placeholder("projectId")})`,
      ),
    )
    .for("update")
    .prepare("runs.lock")
    .execute({ orgId: scope.orgId, projectId: scope.projectId, runId });
  if (!row) throw notFound("run", runId, "runId");
  return row;
}

/** Writes the keys of `patch` that are not undefined and returns the row. */
export async function patchRun(tx: Db, scope: Scope, runId: string, patch: RunPatch): Promise<RunRow> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) record[COLUMN_OF[key]] = value;
  const [row] = await executePrepared<Record<string, unknown>>(tx, "runs.patch", PATCH_RUN, {
    orgId: scope.orgId,
    runId,
    patch: jsonParameter(record),
  });
  return decodeRow(runs, row);
}

/**
 * Deletes the run with its messages and steps, as Letta's ORM cascades them (Run.steps and Run.messages,
 * `cascade="all, delete-orphan"`); step_metrics, run_metrics and run_tools follow by their foreign keys. The caller
 * holds the run FOR UPDATE, so no step is being added meanwhile (steps.create locks the run FOR SHARE).
 */
export async function deleteRunRow(tx: Db, scope: Scope, runId: string): Promise<void> {
  const stepsOfRun = tx
    .select({ id: steps.id })
    .from(steps)
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, runId)));
  await tx
    .delete(messages)
    .where(and(eq(messages.organizationId, scope.orgId), or(eq(messages.runId, runId), inArray(messages.stepId, stepsOfRun))));
  await tx.delete(steps).where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, runId)));
  await tx.delete(runs).where(and(visibleTo(scope, runs), eq(runs.id, runId)));
}

export async function setRunCompletion(tx: Db, scope: Scope, runId: string, end: { completedAt: Date; totalDurationNs: number }) {
  const [row] = await tx
    .update(runs)
    .set(end)
    .where(and(visibleTo(scope, runs), eq(runs.id, runId)))
    .returning();
  return row;
}

export async function setRunCancelled(tx: Db, scope: Scope, runId: string): Promise<RunRow> {
  const [row] = await tx
    .update(runs)
    .set({ status: "cancelled", stopReason: "cancelled", updatedAt: new Date(), lastUpdatedById: scope.actor })
    .where(and(visibleTo(scope, runs), eq(runs.id, runId)))
    .returning();
  return row;
}

// Rows are locked in id order so that two overlapping bulk cancels cannot deadlock each other.

/** The agent's cancellable runs, locked FOR UPDATE in id order. */
export async function lockCancellableRunsOfAgent(tx: Db, scope: Scope, agentId: string): Promise<RunRow[]> {
  return tx
    .select()
    .from(runs)
    .where(and(visibleTo(scope, runs), eq(runs.agentId, agentId), RUN_IS_CANCELLABLE))
    .orderBy(asc(runs.id))
    .for("update");
}

/** The runs of the caller's org among `ids`, locked FOR UPDATE in id order (missing ones are absent). */
export async function lockRunsById(tx: Db, scope: Scope, ids: string[]): Promise<RunRow[]> {
  return tx
    .select()
    .from(runs)
    .where(and(visibleTo(scope, runs), inArray(runs.id, ids)))
    .orderBy(asc(runs.id))
    .for("update");
}
