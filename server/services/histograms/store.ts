import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { runs } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { BUCKET_SQL } from "./buckets";

type RunRow = typeof runs.$inferSelect;
export const FIELD = { duration: 0, ttft: 1 } as const;
export type HistogramField = keyof typeof FIELD;

/** Project key of a run: '' for "no project"; '*' is reserved for the all-projects roll-up. */
const projectKey = (projectId: string | null) => projectId ?? "";

interface Delta {
  field: HistogramField;
  value: number;
  delta: 1 | -1;
}

/**
 * Adds (or removes) one run's values to every roll-up it belongs to — (project, org) × (hour, day) and
 * (agent) × (day); per-agent hours are too sparse to be worth a row (the query reads those runs directly) —
 * in one statement of `count = count + delta` upserts, inside the caller's transaction. Rows are written in
 * key order, so concurrent writers take row locks in the same order and cannot deadlock each other.
 */
async function applyDeltas(tx: Db, orgId: string, run: Pick<RunRow, "agentId" | "projectId" | "createdAt">, deltas: Delta[]) {
  if (deltas.length === 0) return;
  const values = sql.join(
    deltas.map((d) => sql`(${FIELD[d.field]}::smallint, ${d.value}::bigint, ${d.delta}::int)`),
    sql`, `,
  );
  const project = projectKey(run.projectId);
  await tx.execute(sql`
    insert into run_histograms as h (organization_id, field, grain, agent_id, project_id, period_start, bucket, count)
    select ${orgId}, d.field, l.grain, l.agent_id, l.project_id,
           date_trunc(case when l.grain = 1 then 'hour' else 'day' end, ${run.createdAt.toISOString()}::timestamptz, 'UTC'),
           ${sql.raw(BUCKET_SQL("d.value"))}, sum(d.delta)
    from (values ${values}) as d(field, value, delta)
    cross join (values (1::smallint, '*'::text, ${project}::text), (1, '*', '*'),
                       (24, ${run.agentId}::text, ${project}::text), (24, '*', ${project}::text), (24, '*', '*')) as l(grain, agent_id, project_id)
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(d.delta) <> 0
    order by 2, 3, 4, 5, 6, 7
    on conflict (organization_id, field, grain, agent_id, project_id, period_start, bucket)
    do update set count = h.count + excluded.count`);
}

/** Called by finalizeRun, in the transaction that first ends the run: its duration joins the histograms. */
export async function recordRunEnd(tx: Db, scope: Scope, run: RunRow): Promise<void> {
  if (run.totalDurationNs == null) return;
  await applyDeltas(tx, scope.orgId, run, [{ field: "duration", value: run.totalDurationNs, delta: 1 }]);
}

/**
 * The TTFT histograms hold every run whose ttft_ns is set, whatever its status (as the exact query does), so
 * runs.update moves the run between buckets in the transaction that writes ttft_ns — before, at or after the end.
 */
export async function recordTtftChange(tx: Db, scope: Scope, run: RunRow, previous: number | null, next: number | null) {
  if (previous === next) return;
  const deltas: Delta[] = [];
  if (previous != null) deltas.push({ field: "ttft", value: previous, delta: -1 });
  if (next != null) deltas.push({ field: "ttft", value: next, delta: 1 });
  await applyDeltas(tx, scope.orgId, run, deltas);
}

/** A deleted run leaves the histograms in the transaction that deletes it. */
export async function removeRunFromHistograms(tx: Db, scope: Scope, run: RunRow): Promise<void> {
  const deltas: Delta[] = [];
  if (run.totalDurationNs != null) deltas.push({ field: "duration", value: run.totalDurationNs, delta: -1 });
  if (run.ttftNs != null) deltas.push({ field: "ttft", value: run.ttftNs, delta: -1 });
  await applyDeltas(tx, scope.orgId, run, deltas);
}

/**
 * Recomputes the histograms of one organization (or all) from the runs table, for back-fills and bulk loads.
 * Takes a SHARE lock on runs for its transaction, so no run ends half-counted while it runs.
 */
export async function rebuildHistograms(db: Db, options: { orgId?: string } = {}): Promise<{ rows: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table runs in share mode`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    const orgFilter: SQL = options.orgId ? sql`and r.organization_id = ${options.orgId}` : sql``;
    await tx.execute(
      options.orgId ? sql`delete from run_histograms where organization_id = ${options.orgId}` : sql`delete from run_histograms`,
    );
    const result = (await tx.execute(sql`
      insert into run_histograms (organization_id, field, grain, agent_id, project_id, period_start, bucket, count)
      with base as materialized (
        select r.organization_id as o, f.field, r.agent_id as a, coalesce(r.project_id, '') as p,
               date_trunc('hour', r.created_at, 'UTC') as h, ${sql.raw(BUCKET_SQL("f.value"))} as b, count(*) as c
        from runs r
        cross join lateral (values (0::smallint, r.total_duration_ns), (1::smallint, r.ttft_ns)) as f(field, value)
        where f.value is not null ${orgFilter}
        group by 1, 2, 3, 4, 5, 6
      ), agent_day as (
        select o, field, a, p, date_trunc('day', h, 'UTC') as d, b, sum(c) as c from base group by 1, 2, 3, 4, 5, 6
      )
      select o, field, 24, a, p, d, b, c from agent_day
      union all select o, field, 1, '*', p, h, b, sum(c) from base group by o, field, p, h, b
      union all select o, field, 24, '*', p, d, b, sum(c) from agent_day group by o, field, p, d, b
      union all select o, field, 1, '*', '*', h, b, sum(c) from base group by o, field, h, b
      union all select o, field, 24, '*', '*', d, b, sum(c) from agent_day group by o, field, d, b
      -- In key order: the primary key's B-tree is then filled left to right instead of at random.
      order by 1, 2, 3, 4, 5, 6, 7`)) as unknown as {
      rowCount?: number | null;
      affectedRows?: number;
    };
    return { rows: Number(result.rowCount ?? result.affectedRows ?? 0) };
  });
}
