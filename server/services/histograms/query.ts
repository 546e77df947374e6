import { sql, type SQL } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { Scope } from "@/server/scope";
import { BUCKET_SQL, quantilesFromHistogram } from "./buckets";
import { FIELD, type HistogramField } from "./store";

export interface HistogramRequest {
  field: HistogramField;
  percentiles: readonly number[];
  agentIds?: readonly string[];
  projectId?: string;
  /** Inclusive bounds on runs.created_at, as the exact queries use them. */
  from?: Date;
  to?: Date;
  series: "none" | "hour" | "day";
}

export interface HistogramPoint {
  bucketStart: Date | null;
  count: number;
  values: (number | null)[];
}

export interface HistogramAnswer {
  count: number;
  values: (number | null)[];
  series: HistogramPoint[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const floorTo = (d: Date, unit: number) => new Date(Math.floor(d.getTime() / unit) * unit);
const ceilTo = (d: Date, unit: number) => new Date(Math.ceil(d.getTime() / unit) * unit);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Percentiles from the histograms: whole days from the day roll-ups, whole hours from the hour roll-ups, and
 * the runs of the partial hours at either end of [from, to] read from the runs table and bucketed on the fly,
 * so the set of runs counted is exactly the one the exact query would count. Per-agent histograms are kept by
 * day only, so with agents whole days come from them and the rest of the range from runs. Returns null when
 * [from, to] holds no whole hour (whole day with agents) or an hourly series per agent is asked: exact then.
 */
export async function histogramPercentiles(scope: Scope, request: HistogramRequest): Promise<HistogramAnswer | null> {
  const { from, to } = request;
  const hourLo = from ? ceilTo(from, HOUR) : null;
  const hourHi = to ? floorTo(to, HOUR) : null;
  if (hourLo && hourHi && hourLo >= hourHi) return null;

  const column = request.field === "duration" ? sql.raw("r.total_duration_ns") : sql.raw("r.ttft_ns");
  const agents = request.agentIds?.length ? request.agentIds : null;
  const level: SQL = agents
    ? sql`h.agent_id = any(${sql`array[${sql.join(agents.map((a) => sql`${a}`), sql`, `)}]::text[]`})${
        request.projectId ? sql` and h.project_id = ${request.projectId}` : sql``
      }`
    : sql`h.agent_id = '*' and h.project_id = ${request.projectId ?? "*"}`;
  const histWhere = sql`h.organization_id = ${scope.orgId} and h.field = ${FIELD[request.field]} and ${level}`;

  const unit = request.series;
  const histKey = (grain: 1 | 24) =>
    unit === "none"
      ? sql`null::timestamptz`
      : unit === "hour" || grain === 24
        ? sql`h.period_start`
        : sql`date_trunc('day', h.period_start, 'UTC')`;
  const rawKey = unit === "none" ? sql`null::timestamptz` : sql.raw(`date_trunc('${unit}', r.created_at, 'UTC')`);

  const parts: SQL[] = [];
  // Per-agent histograms exist by day only: whole days from them, the rest of [from, to] from runs.
  if (agents && unit === "hour") return null;
  const agentDayLo = agents && from ? ceilTo(from, DAY) : null;
  const agentDayHi = agents && to ? floorTo(to, DAY) : null;
  if (agentDayLo && agentDayHi && agentDayLo >= agentDayHi) return null;
  const hourRange = (lo: Date | null, hi: Date | null) => {
    if (lo && hi && lo >= hi) return;
    parts.push(sql`select ${histKey(1)} as k, h.bucket as b, h.count as c from run_histograms h
      where ${histWhere} and h.grain = 1${lo ? sql` and h.period_start >= ${ts(lo)}` : sql``}${
        hi ? sql` and h.period_start < ${ts(hi)}` : sql``
      }`);
  };
  if (agents) {
    parts.push(sql`select ${histKey(24)} as k, h.bucket as b, h.count as c from run_histograms h
      where ${histWhere} and h.grain = 24${agentDayLo ? sql` and h.period_start >= ${ts(agentDayLo)}` : sql``}${
        agentDayHi ? sql` and h.period_start < ${ts(agentDayHi)}` : sql``
      }`);
  } else if (unit === "hour") {
    hourRange(hourLo, hourHi);
  } else {
    const dayLo = hourLo ? ceilTo(hourLo, DAY) : null;
    const dayHi = hourHi ? floorTo(hourHi, DAY) : null;
    if (dayLo && dayHi && dayLo >= dayHi) {
      hourRange(hourLo, hourHi);
    } else {
      parts.push(sql`select ${histKey(24)} as k, h.bucket as b, h.count as c from run_histograms h
        where ${histWhere} and h.grain = 24${dayLo ? sql` and h.period_start >= ${ts(dayLo)}` : sql``}${
          dayHi ? sql` and h.period_start < ${ts(dayHi)}` : sql``
        }`);
      if (dayLo) hourRange(hourLo, dayLo);
      if (dayHi) hourRange(dayHi, hourHi);
    }
  }
  // Partial hours at the edges, exactly as the runs table has them.
  const rawFilters: SQL[] = [sql`r.organization_id = ${scope.orgId}`, sql`${column} is not null`];
  if (agents) rawFilters.push(sql`r.agent_id = any(array[${sql.join(agents.map((a) => sql`${a}`), sql`, `)}]::text[])`);
  if (request.projectId) rawFilters.push(sql`r.project_id = ${request.projectId}`);
  const edges: SQL[] = [];
  const edgeLo = agents ? agentDayLo : hourLo;
  const edgeHi = agents ? agentDayHi : hourHi;
  if (from && edgeLo && from < edgeLo) edges.push(sql`(r.created_at >= ${ts(from)} and r.created_at < ${ts(edgeLo)})`);
  if (to && edgeHi) edges.push(sql`(r.created_at >= ${ts(edgeHi)} and r.created_at <= ${ts(to)})`);
  for (const edge of edges)
    parts.push(sql`select ${rawKey} as k, ${sql.raw(BUCKET_SQL("r_value"))} as b, 1::bigint as c
      from (select r.created_at, ${column} as r_value from runs r where ${sql.join(rawFilters, sql` and `)} and ${edge}) r`);

  const rows = await queryRows<{ k: string | Date | null; bs: number[]; cs: number[] }>(
    scope.db,
    sql`with u as (${sql.join(parts, sql` union all `)}),
      g as (select k, b, sum(c)::int as c from u group by k, b having sum(c) > 0)
      select k, array_agg(b order by b) as bs, array_agg(c order by b) as cs from g group by k order by k`,
  );
  const points: HistogramPoint[] = rows.map((row) => {
    const buckets = row.bs.map(Number);
    const counts = row.cs.map(Number);
    return {
      bucketStart: row.k == null ? null : new Date(row.k),
      count: counts.reduce((a, b) => a + b, 0),
      values: quantilesFromHistogram(buckets, counts, request.percentiles),
    };
  });
  if (unit === "none") {
    const only = points[0];
    return { count: only?.count ?? 0, values: only?.values ?? request.percentiles.map(() => null), series: [] };
  }
  // Overall = the merge of the series' histograms.
  const merged = new Map<number, number>();
  for (const row of rows) row.bs.forEach((b, i) => merged.set(Number(b), (merged.get(Number(b)) ?? 0) + Number(row.cs[i])));
  const buckets = [...merged.keys()].sort((a, b) => a - b);
  const counts = buckets.map((b) => merged.get(b)!);
  return {
    count: counts.reduce((a, b) => a + b, 0),
    values: quantilesFromHistogram(buckets, counts, request.percentiles),
    series: points,
  };
}
