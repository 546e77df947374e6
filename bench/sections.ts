import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import { permissionsFor } from "@/server/modules/access";
import { createCaller } from "@/server/root";
import { percentilesInput } from "@/server/modules/percentiles/schemas";
import { listRunsInput, type ListRunsInput } from "@/server/modules/runs/schemas";
import type { Scope } from "@/server/scope";
import { generateApiKeyToken, storeApiKey } from "@/server/modules/access";
import { exactPercentiles, getPercentiles, RELATIVE_ERROR, type PercentilesResult } from "@/server/modules/percentiles";
import { listRuns } from "@/server/modules/runs";
import type { BenchDataset } from "./seed";
import { rateResult, round, timePairMs, timeResult, type BenchResult } from "./lib";

export interface BenchContext {
  engine: "pg" | "pglite";
  db: Db;
  /** Same database, with a logger that records every statement (to replay the raw SQL a service issues). */
  loggingDb: Db;
  captured: { query: string; params: unknown[] }[];
  raw: (query: string, params: unknown[]) => Promise<unknown>;
  data: BenchDataset;
  now: Date;
  iterations: number;
  log: (line: string) => void;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const scopeOf = (ctx: BenchContext, orgId: string, db: Db = ctx.db): Scope => ({ db, orgId, projectId: null, actor: "bench" });

function maxRelativeError(approx: PercentilesResult, exact: PercentilesResult): number {
  let worst = 0;
  const compare = (a: Record<string, number | null>, b: Record<string, number | null>) => {
    for (const key of Object.keys(b)) {
      const x = a[key];
      const y = b[key];
      if (x == null || y == null) {
        if (x !== y) worst = Infinity;
        continue;
      }
      worst = Math.max(worst, y === 0 ? Math.abs(x) : Math.abs(x - y) / Math.abs(y));
    }
  };
  compare(approx.overall.values, exact.overall.values);
  const exactSeries = new Map(exact.series.map((p) => [p.bucketStart.getTime(), p]));
  for (const point of approx.series) {
    const other = exactSeries.get(point.bucketStart.getTime());
    if (!other || other.count !== point.count) worst = Infinity;
    else compare(point.values, other.values);
  }
  if (approx.series.length !== exact.series.length || approx.overall.count !== exact.overall.count) worst = Infinity;
  return worst;
}

export async function benchPercentiles(ctx: BenchContext): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const { now } = ctx;
  const cases: [string, Record<string, unknown>][] = [
    ["all_time", {}],
    ["last_24h", { from: new Date(now.getTime() - DAY), to: now }],
    ["last_7d", { from: new Date(now.getTime() - 7 * DAY), to: now }],
    ["one_agent", { agentIds: [ctx.data.hotAgentId] }],
    ["hourly_7d", { from: new Date(now.getTime() - 7 * DAY), to: now, bucket: "hour" }],
    ["ttft_all_time", { field: "ttft" }],
  ];
  for (const [name, raw] of cases) {
    const input = percentilesInput.parse(raw);
    const scope = scopeOf(ctx, ctx.data.bigOrgId);
    const ours = await getPercentiles(scope, input);
    const exact = await exactPercentiles(scope, input);
    const { value, baseline } = await timePairMs(
      () => getPercentiles(scope, input),
      () => exactPercentiles(scope, input),
      ctx.iterations,
    );
    const prefix = `percentiles.${ctx.engine}.big.${name}`;
    out.push({ ...timeResult(prefix, value, baseline), ...(ours.approximate ? {} : { error: "answered exactly (routing)" }) });
    const err = maxRelativeError(ours, exact) * 100;
    out.push({
      name: `${prefix}.max_rel_error`,
      value: round(err),
      baseline: round(RELATIVE_ERROR * 100),
      ratio: err === 0 ? null : round((RELATIVE_ERROR * 100) / err),
      unit: "%",
      ...(err > RELATIVE_ERROR * 100 + 1e-6 ? { error: "above the bound" } : {}),
    });
    ctx.log(`  ${prefix}: ${round(value)} ms vs ${round(baseline)} ms, error ${round(err)} % (n=${exact.overall.count})`);
  }
  return out;
}

/** Letta's shape: percentile_cont over the org, then the page of runs at or above it. */
async function lettaSlowerThan(db: Db, orgId: string, percentile: number, limit: number) {
  const [row] = await queryRows<{ t: number | null }>(
    db,
    sql`select percentile_cont(${percentile / 100}::float8) within group (order by total_duration_ns) as t from runs where organization_id = ${orgId}`,
  );
  if (row?.t == null) return [];
  return queryRows(
    db,
    sql`select r.*, m.num_steps, m.tools_used from runs r join run_metrics m on m.id = r.id
        where r.organization_id = ${orgId} and r.total_duration_ns >= ${Math.ceil(Number(row.t))}
        order by r.created_at desc, r.id desc limit ${limit + 1}`,
  );
}

export async function benchSlowP95(ctx: BenchContext): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const [label, orgId] of [
    ["big", ctx.data.bigOrgId],
    ["small", ctx.data.smallOrgId],
  ] as const) {
    const scope = scopeOf(ctx, orgId);
    const input = listRunsInput.parse({ durationPercentile: 95, limit: 100 });
    const { value, baseline } = await timePairMs(
      () => listRuns(scope, input),
      () => lettaSlowerThan(ctx.db, orgId, 95, 100),
      ctx.iterations,
    );
    out.push(timeResult(`slow_p95.${ctx.engine}.${label}.first_page`, value, baseline));
    ctx.log(`  slow_p95.${label}: ${round(value)} ms vs ${round(baseline)} ms`);
  }
  return out;
}

function listCases(ctx: BenchContext, orgId: string, agentId: string): [string, Record<string, unknown>][] {
  const { now } = ctx;
  const project = ctx.data.projectIds[orgId]?.[0];
  const tool = ctx.data.toolIds[orgId]?.[1];
  return [
    ["none", {}],
    ["agent", { agentId }],
    ["agents", { agentIds: [agentId] }],
    ["status_failed", { statuses: ["failed"] }],
    ["status_running", { statuses: ["running"] }],
    ["status_agent", { statuses: ["completed"], agentId }],
    ["stop_reason", { stopReason: "error" }],
    ["background", { background: true }],
    ["conversation", { conversationId: "conv-7" }],
    ["template", { templateFamily: "template-3" }],
    ["project", { projectId: project }],
    ["start_date", { startDate: new Date(now.getTime() - 3 * DAY) }],
    ["end_date", { endDate: new Date(now.getTime() - 20 * DAY) }],
    ["step_count", { stepCount: 3, stepCountOperator: "gte" }],
    ["tools_used", { toolsUsed: [tool] }],
    ["duration_gt", { durationFilter: { value: 10_000_000_000, operator: "gt" } }],
    ["order_duration", { orderBy: "duration" }],
    ["percentile_95", { durationPercentile: 95 }],
  ];
}

export async function benchList(ctx: BenchContext): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const [label, orgId, agentId] of [
    ["big", ctx.data.bigOrgId, ctx.data.hotAgentId],
    ["small", ctx.data.smallOrgId, ctx.data.smallOrgAgentId],
  ] as const) {
    for (const [name, raw] of listCases(ctx, orgId, agentId)) {
      const base = { ...raw, limit: 100 } as Record<string, unknown>;
      // Walk to the tenth page (untimed) for its cursor.
      let after: string | undefined;
      let pages = 1;
      for (; pages < 10; pages++) {
        const page = await listRuns(scopeOf(ctx, orgId), listRunsInput.parse({ ...base, ...(after ? { after } : {}) }));
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      const targets: [string, ListRunsInput][] = [["first", listRunsInput.parse(base)]];
      if (pages === 10 && after) targets.push(["tenth", listRunsInput.parse({ ...base, after })]);
      for (const [which, input] of targets) {
        ctx.captured.length = 0;
        await listRuns(scopeOf(ctx, orgId, ctx.loggingDb), input);
        const statements = ctx.captured.filter((s) => !/^(begin|commit|rollback)/i.test(s.query)).map((s) => ({ ...s }));
        const { value, baseline } = await timePairMs(
          () => listRuns(scopeOf(ctx, orgId), input),
          async () => {
            for (const s of statements) await ctx.raw(s.query, s.params);
          },
          Math.max(ctx.iterations, 11),
        );
        out.push(timeResult(`list.${ctx.engine}.${label}.${name}.${which}`, value, baseline));
      }
    }
    ctx.log(`  list.${label}: done`);
  }
  return out;
}

/** A deterministic PRNG (mulberry32): the same durations in every run of the bench. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal draws (Box–Muller) with the given median and sigma of ln, as bench/seed.ts draws durations and TTFTs. */
function logNormal(random: () => number, median: number, sigma: number): () => number {
  return () => Math.round(median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
}

/**
 * steps.create and runs.update (to completed) through the tRPC caller, `concurrency` at a time. Completions carry
 * durations (median 3 s) and TTFTs (median 400 ms) drawn from seed.ts's log-normals with a fixed seed, so they
 * spread over histogram buckets as real traffic does; identical values would make every completion update the
 * same bucket rows, a worst case that real traffic does not have.
 */
export async function benchIngest(ctx: BenchContext, options: { steps: number; completions: number; concurrency: number }) {
  const out: BenchResult[] = [];
  const orgId = ctx.data.bigOrgId;
  const token = generateApiKeyToken();
  const { id: keyId } = await storeApiKey(ctx.db, { orgId, projectId: null, name: "bench ingest", token });
  const scope: Scope = {
    db: ctx.db,
    orgId,
    projectId: null,
    actor: keyId,
    apiKeyId: keyId,
    role: "owner",
    permissions: permissionsFor("owner"),
  };
  const caller = createCaller({ db: ctx.db, scope });
  const agentIds = (
    await queryRows<{ id: string }>(ctx.db, sql`select id from agents where organization_id = ${orgId} order by id limit 50`)
  ).map((r) => r.id);
  const makeRuns = async (n: number) => {
    const ids: string[] = [];
    await pool(n, options.concurrency, async (i) => {
      ids.push((await caller.runs.create({ agentId: agentIds[i % agentIds.length] })).id);
    });
    return ids;
  };
  // Steps: spread over one open run per 10 steps.
  const stepRuns = await makeRuns(Math.max(1, Math.ceil(options.steps / 10)));
  let t = performance.now();
  await pool(options.steps, options.concurrency, async (i) => {
    await caller.steps.create({
      runId: stepRuns[i % stepRuns.length],
      model: "gpt-4o-mini",
      promptTokens: 100,
      completionTokens: 20,
      status: "success",
    });
  });
  const stepsPerS = options.steps / ((performance.now() - t) / 1000);
  out.push(rateResult(`ingest.${ctx.engine}.steps_per_s`, stepsPerS, 2000, "steps/s (baseline: target)"));

  const doneRuns = await makeRuns(options.completions);
  const random = mulberry32(42);
  const duration = logNormal(random, 3e9, 0.9);
  const ttft = logNormal(random, 4e8, 0.5);
  const ends = doneRuns.map(() => ({ totalDurationNs: duration(), ttftNs: ttft() }));
  t = performance.now();
  await pool(doneRuns.length, options.concurrency, async (i) => {
    await caller.runs.update({ runId: doneRuns[i], status: "completed", ...ends[i] });
  });
  const completionsPerS = doneRuns.length / ((performance.now() - t) / 1000);
  // Baseline: the bare UPDATE of the status row, same concurrency (no metrics, histograms, callbacks).
  const bareRuns = await makeRuns(options.completions);
  t = performance.now();
  await pool(bareRuns.length, options.concurrency, async (i) => {
    await ctx.db.execute(
      sql`update runs set status = 'completed', completed_at = now(), total_duration_ns = 1000000000 where organization_id = ${orgId} and id = ${bareRuns[i]}`,
    );
  });
  const barePerS = bareRuns.length / ((performance.now() - t) / 1000);
  // The bare UPDATE wrote durations the histograms never saw: delete those runs, so a database kept with
  // --database still agrees with its histograms on the next run.
  await ctx.db.execute(sql`delete from runs where organization_id = ${orgId} and id in ${bareRuns}`);
  out.push(rateResult(`ingest.${ctx.engine}.completions_per_s`, completionsPerS, barePerS, "runs/s (baseline: bare UPDATE)"));
  ctx.log(`  ingest: ${round(stepsPerS)} steps/s, ${round(completionsPerS)} completions/s (bare update ${round(barePerS)}/s)`);
  return out;
}

async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
