import { sql, type SQL } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { RunStatus, StopReason } from "@/db/schema";
import {
  MAX_GROUPS,
  RANGE_MS,
  type AgentStatsInput,
  type AnalyticsFilters,
  type AnalyticsGroup,
  type AnalyticsPercentile,
  type CallbackStatsInput,
  type PercentileSeriesInput,
  type StopReasonMixInput,
  type TtftSplitInput,
} from "./schemas";
import type { Scope } from "@/server/scope";

// ---------------------------------------------------------------------------------------------
// Time buckets (pure): the bucket width follows the range, aiming at 50–100 points.
// ---------------------------------------------------------------------------------------------

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimeBucket {
  /** Short name, e.g. "5s", "15m", "6h", "1d", "1w", "1mo". */
  id: string;
  /** Human label, e.g. "15 min". */
  label: string;
  /** Width in ms; months vary, so 0 for "1mo" (use `bucketEnd`). */
  ms: number;
}

/** Range shorter than `below` → buckets of `bucket` (Trigger.dev's table, see product-notes.md). */
export const BUCKET_TABLE: { below: number; bucket: TimeBucket }[] = [
  { below: 5 * MINUTE, bucket: { id: "5s", label: "5 s", ms: 5 * SECOND } },
  { below: 30 * MINUTE, bucket: { id: "30s", label: "30 s", ms: 30 * SECOND } },
  { below: 2 * HOUR, bucket: { id: "1m", label: "1 min", ms: MINUTE } },
  { below: 6 * HOUR, bucket: { id: "5m", label: "5 min", ms: 5 * MINUTE } },
  { below: 24 * HOUR, bucket: { id: "15m", label: "15 min", ms: 15 * MINUTE } },
  { below: 3 * DAY, bucket: { id: "1h", label: "1 hour", ms: HOUR } },
  { below: 14 * DAY, bucket: { id: "6h", label: "6 hours", ms: 6 * HOUR } },
  { below: 60 * DAY, bucket: { id: "1d", label: "1 day", ms: DAY } },
  { below: 365 * DAY, bucket: { id: "1w", label: "1 week", ms: 7 * DAY } },
];
export const MONTH_BUCKET: TimeBucket = { id: "1mo", label: "1 month", ms: 0 };

/** Fixed-width buckets are aligned on this instant (a Monday, midnight UTC), so weeks start on Mondays. */
export const BUCKET_ORIGIN = new Date("2000-01-03T00:00:00.000Z");

export function chooseBucket(rangeMs: number): TimeBucket {
  for (const row of BUCKET_TABLE) if (rangeMs < row.below) return row.bucket;
  return MONTH_BUCKET;
}

/** The start of the bucket holding `t`: what Postgres' `date_bin` (or `date_trunc('month', …, 'UTC')`) returns. */
export function bucketFloor(t: Date, bucket: TimeBucket): Date {
  if (bucket.ms === 0) return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
  const origin = BUCKET_ORIGIN.getTime();
  return new Date(origin + Math.floor((t.getTime() - origin) / bucket.ms) * bucket.ms);
}

export function bucketEnd(start: Date, bucket: TimeBucket): Date {
  if (bucket.ms === 0) return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + bucket.ms);
}

/** Every bucket start overlapping [from, to), so empty buckets can be shown as gaps. */
export function bucketStarts(from: Date, to: Date, bucket: TimeBucket): Date[] {
  const starts: Date[] = [];
  for (let t = bucketFloor(from, bucket); t < to; t = bucketEnd(t, bucket)) {
    starts.push(t);
    if (starts.length > 2000) throw new Error("bucketStarts: too many buckets");
  }
  return starts;
}

/** The SQL twin of `bucketFloor`. Bucket widths come from the fixed table above, so inlining them is safe. */
function bucketSql(bucket: TimeBucket, column: SQL): SQL {
  if (bucket.ms === 0) return sql`date_trunc('month', ${column}, 'UTC')`;
  return sql`date_bin(${sql.raw(`'${bucket.ms / 1000} seconds'::interval`)}, ${column}, ${sql.raw(
    `'${BUCKET_ORIGIN.toISOString()}'::timestamptz`,
  )})`;
}

// ---------------------------------------------------------------------------------------------
// Ranges and shared filters
// ---------------------------------------------------------------------------------------------

export interface ResolvedRange {
  from: Date;
  to: Date;
  /** The period of the same length just before, for "vs previous period" deltas. */
  previousFrom: Date;
  bucket: TimeBucket;
}

/** Presets are relative to `now`: the query key stays `{ range: "7d" }`, and the answer says which instants it used. */
export function resolveRange(filters: Pick<AnalyticsFilters, "range" | "from" | "to">, now = new Date()): ResolvedRange {
  let from: Date;
  let to: Date;
  if (filters.range === "custom") {
    from = filters.from!;
    to = filters.to!;
  } else {
    to = now;
    from = new Date(now.getTime() - RANGE_MS[filters.range]);
  }
  const span = to.getTime() - from.getTime();
  return { from, to, previousFrom: new Date(from.getTime() - span), bucket: chooseBucket(span) };
}

/** Runs of the scope's organization matching the filters, created in [from, to). Table alias `r`. */
function runConditions(scope: Scope, filters: AnalyticsFilters, from: Date, to: Date): SQL {
  const parts: SQL[] = [
    sql`r.organization_id = ${scope.orgId}`,
    sql`r.created_at >= ${from.toISOString()}::timestamptz`,
    sql`r.created_at < ${to.toISOString()}::timestamptz`,
  ];
  if (filters.agentIds?.length)
    parts.push(sql`r.agent_id in (${sql.join(filters.agentIds.map((id) => sql`${id}`), sql`, `)})`);
  if (filters.projectId) parts.push(sql`r.project_id = ${filters.projectId}`);
  if (filters.statuses?.length)
    parts.push(sql`r.status::text in (${sql.join(filters.statuses.map((s) => sql`${s}`), sql`, `)})`);
  return sql.join(parts, sql` and `);
}

export const UNKNOWN_MODEL = "(unknown)";
export const NO_STOP_REASON = "(none)";

/**
 * The group key of a run (alias `r`) and the join it needs. A run's model is the model of its first
 * step (by created_at, id) that names one: TTFT is measured on that first call.
 */
function groupSql(groupBy: AnalyticsGroup): { key: SQL; join: SQL } {
  switch (groupBy) {
    case "none":
      return { key: sql`'all'`, join: sql`` };
    case "agent":
      return { key: sql`r.agent_id`, join: sql`` };
    case "stop_reason":
      return { key: sql`coalesce(r.stop_reason::text, ${NO_STOP_REASON})`, join: sql`` };
    case "model":
      return {
        key: sql`coalesce(fm.model, ${UNKNOWN_MODEL})`,
        join: sql`left join lateral (
          select s.model from steps s
          where s.organization_id = r.organization_id and s.run_id = r.id and s.model is not null
          order by s.created_at, s.id limit 1
        ) fm on true`,
      };
  }
}

/** Display labels of group keys: agent names for agent ids, the key itself otherwise. */
async function groupLabels(scope: Scope, groupBy: AnalyticsGroup, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map(keys.map((k) => [k, groupBy === "none" ? "All runs" : k]));
  if (groupBy === "agent" && keys.length) {
    const rows = await queryRows<{ id: string; name: string }>(
      scope.db,
      sql`select id, name from agents where organization_id = ${scope.orgId} and id in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
    for (const row of rows) labels.set(row.id, row.name);
  }
  return labels;
}

const fractionsSql = (percentiles: readonly number[]) =>
  sql.raw(`array[${percentiles.map((p) => (p / 100).toString()).join(", ")}]::float8[]`);

const toNumbers = (values: (number | string | null)[] | null, n: number): (number | null)[] =>
  Array.from({ length: n }, (_, i) => (values?.[i] == null ? null : Number(values[i])));

// ---------------------------------------------------------------------------------------------
// Percentiles over time
// ---------------------------------------------------------------------------------------------

/** Below this many runs a bucket is "thin": drawn greyed, and its p99 is withheld (no p99 read off 12 runs). */
export const THIN_BUCKET_N = 20;
/** Percentiles withheld from thin buckets and periods. */
export const WITHHELD_WHEN_THIN: readonly AnalyticsPercentile[] = [99];

export type PercentileValues = Partial<Record<`p${AnalyticsPercentile}`, number | null>>;
export interface SeriesPoint {
  start: Date;
  end: Date;
  /** Runs in the bucket with a value for the field; 0 = an empty bucket (a gap, not a zero). */
  count: number;
  thin: boolean;
  values: PercentileValues;
}
export interface PeriodSummary {
  count: number;
  thin: boolean;
  values: PercentileValues;
}
export interface PercentileSeries {
  key: string;
  label: string;
  current: PeriodSummary;
  previous: PeriodSummary;
  /** Relative change vs the previous period per percentile (0.18 = +18 %); null when either side has no value or is thin. */
  deltas: PercentileValues;
  points: SeriesPoint[];
}
export interface PercentileSeriesResult {
  field: PercentileSeriesInput["field"];
  groupBy: AnalyticsGroup;
  percentiles: AnalyticsPercentile[];
  from: Date;
  to: Date;
  previousFrom: Date;
  bucket: TimeBucket;
  thinBelow: number;
  series: PercentileSeries[];
  /** Groups beyond the MAX_GROUPS busiest, not drawn. */
  hiddenGroups: number;
}

function valuesOf(percentiles: AnalyticsPercentile[], raw: (number | string | null)[] | null, count: number): PeriodSummary {
  const numbers = toNumbers(raw, percentiles.length);
  const thin = count < THIN_BUCKET_N;
  const values: PercentileValues = {};
  percentiles.forEach((p, i) => {
    values[`p${p}`] = thin && WITHHELD_WHEN_THIN.includes(p) ? null : numbers[i];
  });
  return { count, thin, values };
}

/**
 * Exact (`percentile_cont`) percentiles of run duration or TTFT per automatic time bucket and group,
 * with per-group totals for this period and the one before it.
 */
export async function getPercentileSeries(
  scope: Scope,
  input: PercentileSeriesInput,
  now = new Date(),
): Promise<PercentileSeriesResult> {
  const range = resolveRange(input, now);
  const percentiles = [...new Set(input.percentiles)].sort((a, b) => a - b) as AnalyticsPercentile[];
  const value = input.field === "duration" ? sql`r.total_duration_ns` : sql`r.ttft_ns`;
  const group = groupSql(input.groupBy);
  const fractions = fractionsSql(percentiles);
  // One CTE over both periods; the busiest groups of the current period become the series.
  const base = sql`
    with base as (
      select r.created_at, ${value} as v, ${group.key} as g
      from runs r ${group.join}
      where ${runConditions(scope, input, range.previousFrom, range.to)} and ${value} is not null
    ),
    top as (
      select g from base where created_at >= ${range.from.toISOString()}::timestamptz
      group by g order by count(*) desc, g limit ${MAX_GROUPS}
    )`;

  const groupCounts = await queryRows<{ groups: number }>(
    scope.db,
    sql`${base} select count(distinct g)::int as groups from base where created_at >= ${range.from.toISOString()}::timestamptz`,
  );
  const bucketExpr = bucketSql(range.bucket, sql`created_at`);
  const bucketRows = await queryRows<{ bucket_start: Date | string; g: string; n: number; vals: (number | string)[] | null }>(
    scope.db,
    sql`${base}
    select ${bucketExpr} as bucket_start, g, count(*)::int as n,
      percentile_cont(${fractions}) within group (order by v) as vals
    from base
    where created_at >= ${range.from.toISOString()}::timestamptz and g in (select g from top)
    group by 1, 2 order by 1, 2`,
  );
  const periodRows = await queryRows<{ current: boolean; g: string; n: number; vals: (number | string)[] | null }>(
    scope.db,
    sql`${base}
    select created_at >= ${range.from.toISOString()}::timestamptz as current, g, count(*)::int as n,
      percentile_cont(${fractions}) within group (order by v) as vals
    from base where g in (select g from top)
    group by 1, 2`,
  );

  const keys = [...new Set(periodRows.filter((r) => r.current).map((r) => r.g))];
  const labels = await groupLabels(scope, input.groupBy, keys);
  const starts = bucketStarts(range.from, range.to, range.bucket);
  const empty = (): PeriodSummary => ({ count: 0, thin: true, values: valuesOf(percentiles, null, 0).values });

  const series: PercentileSeries[] = keys.map((key) => {
    const period = (current: boolean) => {
      const row = periodRows.find((r) => r.g === key && r.current === current);
      return row ? valuesOf(percentiles, row.vals, row.n) : empty();
    };
    const current = period(true);
    const previous = period(false);
    const deltas: PercentileValues = {};
    for (const p of percentiles) {
      const c = current.values[`p${p}`];
      const b = previous.values[`p${p}`];
      // No delta off a thin period: "+60 %" between two handfuls of runs is noise.
      deltas[`p${p}`] = c == null || b == null || b === 0 || current.thin || previous.thin ? null : (c - b) / b;
    }
    const byStart = new Map(
      bucketRows.filter((r) => r.g === key).map((r) => [new Date(r.bucket_start).getTime(), r] as const),
    );
    const points = starts.map((start): SeriesPoint => {
      const row = byStart.get(start.getTime());
      const summary = row ? valuesOf(percentiles, row.vals, row.n) : empty();
      return { start, end: bucketEnd(start, range.bucket), ...summary };
    });
    return { key, label: labels.get(key) ?? key, current, previous, deltas, points };
  });
  series.sort((a, b) => b.current.count - a.current.count || a.label.localeCompare(b.label));

  return {
    field: input.field,
    groupBy: input.groupBy,
    percentiles,
    from: range.from,
    to: range.to,
    previousFrom: range.previousFrom,
    bucket: range.bucket,
    thinBelow: THIN_BUCKET_N,
    series,
    hiddenGroups: Math.max(0, (groupCounts[0]?.groups ?? 0) - series.length),
  };
}

// ---------------------------------------------------------------------------------------------
// Stop-reason mix over time
// ---------------------------------------------------------------------------------------------

export interface StopReasonMixResult {
  from: Date;
  to: Date;
  bucket: TimeBucket;
  /** Stop reasons present in the range, most frequent first. */
  reasons: { reason: StopReason; count: number }[];
  points: { start: Date; end: Date; total: number; counts: Partial<Record<StopReason, number>> }[];
}

/** Runs that ended with each stop reason, per automatic time bucket (runs still open have none and are left out). */
export async function getStopReasonMix(scope: Scope, input: StopReasonMixInput, now = new Date()): Promise<StopReasonMixResult> {
  const range = resolveRange(input, now);
  const rows = await queryRows<{ bucket_start: Date | string; reason: StopReason; n: number }>(
    scope.db,
    sql`select ${bucketSql(range.bucket, sql`r.created_at`)} as bucket_start, r.stop_reason::text as reason, count(*)::int as n
    from runs r
    where ${runConditions(scope, input, range.from, range.to)} and r.stop_reason is not null
    group by 1, 2 order by 1, 2`,
  );
  const totals = new Map<StopReason, number>();
  for (const row of rows) totals.set(row.reason, (totals.get(row.reason) ?? 0) + row.n);
  const points = bucketStarts(range.from, range.to, range.bucket).map((start) => {
    const counts: Partial<Record<StopReason, number>> = {};
    let total = 0;
    for (const row of rows) {
      if (new Date(row.bucket_start).getTime() !== start.getTime()) continue;
      counts[row.reason] = row.n;
      total += row.n;
    }
    return { start, end: bucketEnd(start, range.bucket), total, counts };
  });
  const reasons = [...totals]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { from: range.from, to: range.to, bucket: range.bucket, reasons, points };
}

// ---------------------------------------------------------------------------------------------
// TTFT vs the rest of the duration
// ---------------------------------------------------------------------------------------------

export interface TtftSplitRow {
  key: string;
  label: string;
  /** Runs with both a TTFT and a duration. */
  count: number;
  /** Means add up: meanTtftNs + meanRestNs = mean duration. */
  meanTtftNs: number;
  meanRestNs: number;
  ttft: { p50: number | null; p95: number | null };
  rest: { p50: number | null; p95: number | null };
  duration: { p50: number | null; p95: number | null };
}
export interface TtftSplitResult {
  groupBy: AnalyticsGroup;
  from: Date;
  to: Date;
  rows: TtftSplitRow[];
}

/** Each run's duration split into time to first token and the rest, per group (the MAX_GROUPS busiest). */
export async function getTtftSplit(scope: Scope, input: TtftSplitInput, now = new Date()): Promise<TtftSplitResult> {
  const range = resolveRange(input, now);
  const group = groupSql(input.groupBy);
  const rows = await queryRows<{
    g: string;
    n: number;
    mean_ttft: number | string;
    mean_rest: number | string;
    ttft: (number | string)[] | null;
    rest: (number | string)[] | null;
    dur: (number | string)[] | null;
  }>(
    scope.db,
    sql`select ${group.key} as g, count(*)::int as n,
      avg(r.ttft_ns)::float8 as mean_ttft,
      avg(greatest(r.total_duration_ns - r.ttft_ns, 0))::float8 as mean_rest,
      percentile_cont(array[0.5, 0.95]::float8[]) within group (order by r.ttft_ns) as ttft,
      percentile_cont(array[0.5, 0.95]::float8[]) within group (order by greatest(r.total_duration_ns - r.ttft_ns, 0)) as rest,
      percentile_cont(array[0.5, 0.95]::float8[]) within group (order by r.total_duration_ns) as dur
    from runs r ${group.join}
    where ${runConditions(scope, input, range.from, range.to)} and r.ttft_ns is not null and r.total_duration_ns is not null
    group by 1 order by n desc, g limit ${MAX_GROUPS}`,
  );
  const labels = await groupLabels(
    scope,
    input.groupBy,
    rows.map((r) => r.g),
  );
  const pair = (v: (number | string)[] | null) => {
    const [p50, p95] = toNumbers(v, 2);
    return { p50, p95 };
  };
  return {
    groupBy: input.groupBy,
    from: range.from,
    to: range.to,
    rows: rows.map((r) => ({
      key: r.g,
      label: labels.get(r.g) ?? r.g,
      count: r.n,
      meanTtftNs: Math.round(Number(r.mean_ttft)),
      meanRestNs: Math.round(Number(r.mean_rest)),
      ttft: pair(r.ttft),
      rest: pair(r.rest),
      duration: pair(r.dur),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Per-agent statistics (the /agents page and the analytics per-agent table)
// ---------------------------------------------------------------------------------------------

export interface AgentStatsRow {
  agentId: string;
  name: string;
  projectId: string | null;
  lastStopReason: StopReason | null;
  /** Runs created in the range. */
  runs: number;
  /** Of those, runs that have ended (completed, failed, cancelled, expired). */
  finished: number;
  /** Runs whose status is failed or expired. */
  errors: number;
  /** errors / finished; null with no finished runs. */
  errorRate: number | null;
  lastRunAt: Date | null;
  duration: { p50: number | null; p95: number | null; p99: number | null };
  ttft: { p50: number | null; p95: number | null };
  /** Fewer than THIN_BUCKET_N runs with a duration: p99 withheld. */
  thin: boolean;
}
export interface AgentStatsResult {
  from: Date;
  to: Date;
  agents: AgentStatsRow[];
}

export const MAX_AGENT_ROWS = 500;
const ERROR_STATUSES: RunStatus[] = ["failed", "expired"];
const FINISHED_STATUSES: RunStatus[] = ["completed", "failed", "cancelled", "expired"];
const statusList = (statuses: RunStatus[]) => sql.raw(statuses.map((s) => `'${s}'`).join(", "));

/** Every agent of the org (filtered) with its runs in the range, in one grouped query (agents without runs included). */
export async function getAgentStats(scope: Scope, input: AgentStatsInput, now = new Date()): Promise<AgentStatsResult> {
  const range = resolveRange(input, now);
  const agentConditions: SQL[] = [sql`a.organization_id = ${scope.orgId}`];
  if (input.agentIds?.length)
    agentConditions.push(sql`a.id in (${sql.join(input.agentIds.map((id) => sql`${id}`), sql`, `)})`);
  if (input.projectId) agentConditions.push(sql`a.project_id = ${input.projectId}`);
  const rows = await queryRows<{
    id: string;
    name: string;
    project_id: string | null;
    last_stop_reason: StopReason | null;
    runs: number;
    finished: number;
    errors: number;
    with_duration: number;
    last_run_at: Date | string | null;
    dur: (number | string)[] | null;
    ttft: (number | string)[] | null;
  }>(
    scope.db,
    sql`select a.id, a.name, a.project_id, a.last_stop_reason::text as last_stop_reason,
      count(r.id)::int as runs,
      count(r.id) filter (where r.status::text in (${statusList(FINISHED_STATUSES)}))::int as finished,
      count(r.id) filter (where r.status::text in (${statusList(ERROR_STATUSES)}))::int as errors,
      count(r.total_duration_ns)::int as with_duration,
      max(r.created_at) as last_run_at,
      percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by r.total_duration_ns) as dur,
      percentile_cont(array[0.5, 0.95]::float8[]) within group (order by r.ttft_ns) as ttft
    from agents a
    left join runs r on r.organization_id = a.organization_id and r.agent_id = a.id
      and ${runConditions(scope, input, range.from, range.to)}
    where ${sql.join(agentConditions, sql` and `)}
    group by a.id, a.name, a.project_id, a.last_stop_reason
    order by count(r.id) desc, a.name, a.id
    limit ${MAX_AGENT_ROWS}`,
  );
  return {
    from: range.from,
    to: range.to,
    agents: rows.map((r) => {
      const [p50, p95, p99] = toNumbers(r.dur, 3);
      const [t50, t95] = toNumbers(r.ttft, 2);
      const thin = r.with_duration < THIN_BUCKET_N;
      return {
        agentId: r.id,
        name: r.name,
        projectId: r.project_id,
        lastStopReason: r.last_stop_reason,
        runs: r.runs,
        finished: r.finished,
        errors: r.errors,
        errorRate: r.finished > 0 ? r.errors / r.finished : null,
        lastRunAt: r.last_run_at == null ? null : new Date(r.last_run_at),
        duration: { p50, p95, p99: thin ? null : p99 },
        ttft: { p50: t50, p95: t95 },
        thin,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Callback delivery health (the /callbacks page's summary)
// ---------------------------------------------------------------------------------------------

export interface CallbackStatsResult {
  from: Date;
  to: Date;
  /** Deliveries created in the range, by current status. */
  deliveries: { total: number; delivered: number; failed: number; pending: number };
  /** delivered / (delivered + failed): final outcomes only; null when none is final yet. */
  successRate: number | null;
  /** Attempts started in the range, and how long receivers took to answer them (ms). */
  attempts: { total: number; p50Ms: number | null; p95Ms: number | null };
  /** Failed or refused attempts by HTTP status (or "no response" / "refused" when there was none), most frequent first. */
  failuresByCode: { code: string; count: number }[];
}

/** Success rate, receiver latency and failures by status code of the org's callback deliveries in the range. */
export async function getCallbackStats(scope: Scope, input: CallbackStatsInput, now = new Date()): Promise<CallbackStatsResult> {
  const range = resolveRange(input, now);
  const from = sql`${range.from.toISOString()}::timestamptz`;
  const to = sql`${range.to.toISOString()}::timestamptz`;
  const [deliveries] = await queryRows<{ total: number; delivered: number; failed: number; pending: number }>(
    scope.db,
    sql`select count(*)::int as total,
      count(*) filter (where d.status = 'delivered')::int as delivered,
      count(*) filter (where d.status = 'failed')::int as failed,
      count(*) filter (where d.status = 'pending')::int as pending
    from callback_deliveries d
    where d.organization_id = ${scope.orgId} and d.created_at >= ${from} and d.created_at < ${to}`,
  );
  const [attempts] = await queryRows<{ total: number; latency: (number | string)[] | null }>(
    scope.db,
    sql`select count(*)::int as total,
      percentile_cont(array[0.5, 0.95]::float8[]) within group (order by a.duration_ms) filter (where a.outcome <> 'refused') as latency
    from callback_attempts a
    where a.organization_id = ${scope.orgId} and a.started_at >= ${from} and a.started_at < ${to}`,
  );
  const failures = await queryRows<{ code: string; count: number }>(
    scope.db,
    sql`select case when a.status_code is not null then a.status_code::text
                    when a.outcome = 'refused' then 'refused' else 'no response' end as code,
      count(*)::int as count
    from callback_attempts a
    where a.organization_id = ${scope.orgId} and a.started_at >= ${from} and a.started_at < ${to} and a.outcome <> 'delivered'
    group by 1 order by 2 desc, 1 limit 10`,
  );
  const [p50Ms, p95Ms] = toNumbers(attempts.latency, 2);
  const final = deliveries.delivered + deliveries.failed;
  return {
    from: range.from,
    to: range.to,
    deliveries,
    successRate: final > 0 ? deliveries.delivered / final : null,
    attempts: { total: attempts.total, p50Ms, p95Ms },
    failuresByCode: failures,
  };
}
