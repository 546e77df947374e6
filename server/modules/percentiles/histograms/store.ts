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

/** One run's value entering (+1) or leaving (-1) the histograms of a field. */
export interface HistogramDelta {
  field: HistogramField;
  value: number;
  delta: 1 | -1;
}

/** The run's duration joins the histograms when it first ends (its total_duration_ns is fixed from then on). */
export const runEndDeltas = (run: Pick<RunRow, "totalDurationNs">): HistogramDelta[] =>
  run.totalDurationNs == null ? [] : [{ field: "duration", value: run.totalDurationNs, delta: 1 }];

/**
 * The TTFT histograms hold every run whose ttft_ns is set, whatever its status (as the exact query does), so a run
 * moves between buckets in the transaction that writes ttft_ns — before, at or after its end.
 */
export function ttftDeltas(previous: number | null, next: number | null): HistogramDelta[] {
  if (previous === next) return [];
  const deltas: HistogramDelta[] = [];
  if (previous != null) deltas.push({ field: "ttft", value: previous, delta: -1 });
  if (next != null) deltas.push({ field: "ttft", value: next, delta: 1 });
  return deltas;
}

/** What the upsert reads: values, or placeholders of a statement rendered once (see run-lifecycle's closing statement). */
interface HistogramUpsertInput {
  orgId: unknown;
  /** runs.created_at as an ISO string: it picks the hour and day rows. */
  createdAt: unknown;
  agentId: unknown;
  /** projectKey(run.projectId). */
  projectKey: unknown;
  /** HistogramDelta[] as JSON ([{ field: 0 | 1, value, delta }]). */
  deltas: unknown;
}

export const histogramUpsertInput = (
  orgId: string,
  run: Pick<RunRow, "agentId" | "projectId" | "createdAt">,
  deltas: HistogramDelta[],
): HistogramUpsertInput => ({
  orgId,
  createdAt: run.createdAt.toISOString(),
  agentId: run.agentId,
  projectKey: projectKey(run.projectId),
  deltas: JSON.stringify(deltas.map((d) => ({ field: FIELD[d.field], value: d.value, delta: d.delta }))),
});

/** period_start of the all-time roll-ups (grain 0, org and project levels: see migration 0008). */
const ALL_TIME = sql.raw(`'epoch'::timestamptz`);

/**
 * Adds (or removes) one run's values to every roll-up it belongs to — (project, org) × (all time, hour, day) and
 * (agent) × (day); per-agent hours are too sparse to be worth a row (the query reads those runs directly) —
 * in one statement of `count = count + delta` upserts.
 *
 * Rows are written in key order, so concurrent writers take the row locks in the same order and cannot deadlock
 * each other; all of a transaction's deltas (duration and TTFT) go in one statement for the same reason. The org-
 * and project-level rows are shared by every run of the hour (or day) in the same bucket, and a row lock is held
 * until COMMIT and its WAL flush: run this as late in the transaction as possible.
 */
export function histogramUpsertSql(v: HistogramUpsertInput): SQL {
  return sql`
    insert into run_histograms as h (organization_id, field, grain, agent_id, project_id, period_start, bucket, count)
    select ${v.orgId}::text, d.field, l.grain, l.agent_id, l.project_id,
           case l.grain when 0 then ${ALL_TIME}
                        when 1 then date_trunc('hour', ${v.createdAt}::timestamptz, 'UTC')
                        else date_trunc('day', ${v.createdAt}::timestamptz, 'UTC') end,
           ${sql.raw(BUCKET_SQL("d.value"))}, sum(d.delta)
    from jsonb_to_recordset(${v.deltas}::jsonb) as d(field smallint, value bigint, delta int)
    cross join (values (0::smallint, '*'::text, ${v.projectKey}::text), (0, '*', '*'),
                       (1, '*', ${v.projectKey}::text), (1, '*', '*'),
                       (24, ${v.agentId}::text, ${v.projectKey}::text), (24, '*', ${v.projectKey}::text), (24, '*', '*'))
               as l(grain, agent_id, project_id)
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(d.delta) <> 0
    order by 2, 3, 4, 5, 6, 7
    on conflict (organization_id, field, grain, agent_id, project_id, period_start, bucket)
    do update set count = h.count + excluded.count`;
}

/** The upsert on its own, inside the caller's transaction (run deletes, TTFT-only updates). */
export async function applyHistogramDeltas(
  tx: Db,
  orgId: string,
  run: Pick<RunRow, "agentId" | "projectId" | "createdAt">,
  deltas: HistogramDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  await tx.execute(histogramUpsertSql(histogramUpsertInput(orgId, run, deltas)));
}

/** A deleted run leaves the histograms in the transaction that deletes it. */
export async function removeRunFromHistograms(tx: Db, scope: Scope, run: RunRow): Promise<void> {
  const deltas: HistogramDelta[] = [];
  if (run.totalDurationNs != null) deltas.push({ field: "duration", value: run.totalDurationNs, delta: -1 });
  if (run.ttftNs != null) deltas.push({ field: "ttft", value: run.ttftNs, delta: -1 });
  await applyHistogramDeltas(tx, scope.orgId, run, deltas);
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
      union all select o, field, 0, '*', p, ${ALL_TIME}, b, sum(c) from agent_day group by o, field, p, b
      union all select o, field, 0, '*', '*', ${ALL_TIME}, b, sum(c) from agent_day group by o, field, b
      -- In key order: the primary key's B-tree is then filled left to right instead of at random.
      order by 1, 2, 3, 4, 5, 6, 7`)) as unknown as {
      rowCount?: number | null;
      affectedRows?: number;
    };
    return { rows: Number(result.rowCount ?? result.affectedRows ?? 0) };
  });
}
