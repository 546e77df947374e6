import { and, eq, sql, type SQL } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { projects } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { BUCKET_SQL, ZERO_BUCKET, quantilesFromHistogram } from "./buckets";
import { FIELD, type HistogramField } from "./store";

interface HistogramRequest {
  field: HistogramField;
  percentiles: readonly number[];
  agentIds?: readonly string[];
  projectId?: string;
  /** Inclusive bounds on runs.created_at, as the exact queries use them. */
  from?: Date;
  to?: Date;
  series: "none" | "hour" | "day";
}

interface HistogramPoint {
  bucketStart: Date | null;
  count: number;
  values: (number | null)[];
}

export interface HistogramAnswer {
  count: number;
  values: (number | null)[];
  series: HistogramPoint[];
}

/** A deleted project's runs keep their rows with project_id = null, but its histogram rows keep its id. */
export async function projectExists(scope: Scope, projectId: string): Promise<boolean> {
  const rows = await scope.db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.organizationId, scope.orgId), eq(projects.id, projectId)));
  return rows.length > 0;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const floorTo = (d: Date, unit: number) => new Date(Math.floor(d.getTime() / unit) * unit);
const ceilTo = (d: Date, unit: number) => new Date(Math.ceil(d.getTime() / unit) * unit);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Percentiles from the histograms: all time (no range, no series) from the all-time roll-up, whole days from
 * the day roll-ups, whole hours from the hour roll-ups, and
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
    ? sql`h.agent_id = any(${sql`array[${sql.join(
        agents.map((a) => sql`${a}`),
        sql`, `,
      )}]::text[]`})${request.projectId ? sql` and h.project_id = ${request.projectId}` : sql``}`
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
    parts.push(
      histPart(
        histKey(1),
        sql`${histWhere} and h.grain = 1${lo ? sql` and h.period_start >= ${ts(lo)}` : sql``}${
          hi ? sql` and h.period_start < ${ts(hi)}` : sql``
        }`,
      ),
    );
  };
  if (agents) {
    parts.push(
      histPart(
        histKey(24),
        sql`${histWhere} and h.grain = 24${agentDayLo ? sql` and h.period_start >= ${ts(agentDayLo)}` : sql``}${
          agentDayHi ? sql` and h.period_start < ${ts(agentDayHi)}` : sql``
        }`,
      ),
    );
  } else if (unit === "hour") {
    hourRange(hourLo, hourHi);
  } else if (!from && !to && unit === "none") {
    // All time, one answer: the all-time roll-up holds one row per bucket.
    parts.push(histPart(sql`null::timestamptz`, sql`${histWhere} and h.grain = 0`));
  } else {
    const dayLo = hourLo ? ceilTo(hourLo, DAY) : null;
    const dayHi = hourHi ? floorTo(hourHi, DAY) : null;
    if (dayLo && dayHi && dayLo >= dayHi) {
      hourRange(hourLo, hourHi);
    } else {
      parts.push(
        histPart(
          histKey(24),
          sql`${histWhere} and h.grain = 24${dayLo ? sql` and h.period_start >= ${ts(dayLo)}` : sql``}${
            dayHi ? sql` and h.period_start < ${ts(dayHi)}` : sql``
          }`,
        ),
      );
      if (dayLo) hourRange(hourLo, dayLo);
      if (dayHi) hourRange(dayHi, hourHi);
    }
  }
  // Partial hours at the edges, exactly as the runs table has them.
  const rawFilters: SQL[] = [sql`r.organization_id = ${scope.orgId}`, sql`${column} is not null`];
  if (agents)
    rawFilters.push(
      sql`r.agent_id = any(array[${sql.join(
        agents.map((a) => sql`${a}`),
        sql`, `,
      )}]::text[])`,
    );
  if (request.projectId) rawFilters.push(sql`r.project_id = ${request.projectId}`);
  const edges: SQL[] = [];
  const edgeLo = agents ? agentDayLo : hourLo;
  const edgeHi = agents ? agentDayHi : hourHi;
  if (from && edgeLo && from < edgeLo) edges.push(sql`(r.created_at >= ${ts(from)} and r.created_at < ${ts(edgeLo)})`);
  if (to && edgeHi) edges.push(sql`(r.created_at >= ${ts(edgeHi)} and r.created_at <= ${ts(to)})`);
  for (const edge of edges)
    parts.push(sql`select k, json_agg(b) as bs, json_agg(c) as cs from (
      select ${rawKey} as k, ${sql.raw(BUCKET_SQL("r_value"))} as b, count(*) as c
      from (select r.created_at, ${column} as r_value from runs r where ${sql.join(rawFilters, sql` and `)} and ${edge}) r
      group by 1, 2) e group by k`);

  // Each part is grouped by its own key; a key can appear in several parts (a day made of day roll-ups, whole
  // hours and an edge; or the one key of an overall answer), so parts merge here. Bucket lists come back as
  // json (parsed by JSON.parse, far cheaper than Postgres array text for thousands of buckets).
  // One statement per part, not a UNION ALL: Postgres plans the union as a Parallel Append, and starting its
  // workers costs more than the parts themselves.
  type PartRow = { k: string | Date | null; bs: number[]; cs: (number | string)[] };
  const rows = (await Promise.all(parts.map((part) => queryRows<PartRow>(scope.db, part)))).flat();
  const byKey = new Map<number | null, DenseHistogram>();
  const overall = new DenseHistogram();
  for (const row of rows) {
    const key = row.k == null ? null : new Date(row.k).getTime();
    let histogram = byKey.get(key);
    if (!histogram) byKey.set(key, (histogram = new DenseHistogram()));
    histogram.add(row.bs, row.cs);
    if (unit !== "none") overall.add(row.bs, row.cs);
  }
  const points: HistogramPoint[] = [...byKey.entries()]
    .filter(([, histogram]) => histogram.count > 0)
    .sort(([a], [b]) => (a ?? 0) - (b ?? 0))
    .map(([key, histogram]) => ({
      bucketStart: key == null ? null : new Date(key),
      count: histogram.count,
      values: histogram.quantiles(request.percentiles),
    }));
  if (unit === "none") {
    const only = points[0];
    return { count: only?.count ?? 0, values: only?.values ?? request.percentiles.map(() => null), series: [] };
  }
  // Overall = the merge of the series' histograms.
  return { count: overall.count, values: overall.quantiles(request.percentiles), series: points };
}

/** Grouped by the part's key: one row per period (or one in all), its buckets with their counts (aligned; any order). */
function histPart(key: SQL, where: SQL): SQL {
  return sql`select ${key} as k, json_agg(h.bucket) as bs, json_agg(h.count) as cs
    from run_histograms h where ${where} group by 1`;
}

/**
 * Counts by bucket in a dense array (buckets are small integers: ceil(log_1.04 v) < 1,100 for any bigint), so
 * merging thousands of hourly histograms is additions, not map look-ups. Deletions leave zero-count rows, and
 * the TTFT moves ±1, so a bucket's merged count may be 0 and is then skipped.
 */
class DenseHistogram {
  private counts: number[] = [];
  count = 0;

  add(buckets: readonly number[], counts: readonly (number | string)[]) {
    for (let i = 0; i < buckets.length; i++) {
      const slot = buckets[i] - ZERO_BUCKET;
      const c = Number(counts[i]);
      this.counts[slot] = (this.counts[slot] ?? 0) + c;
      this.count += c;
    }
  }

  quantiles(percentiles: readonly number[]): (number | null)[] {
    const buckets: number[] = [];
    const counts: number[] = [];
    this.counts.forEach((c, slot) => {
      if (c > 0) {
        buckets.push(slot + ZERO_BUCKET);
        counts.push(c);
      }
    });
    return quantilesFromHistogram(buckets, counts, percentiles);
  }
}
