import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { rebuildHistograms } from "@/server/modules/percentiles";
import { fillRunTools } from "@/server/modules/runs";

export interface BenchSeedOptions {
  runs: number;
  orgs: number;
  agents: number;
  /** Share of runs and agents in org 0 (the big org). */
  bigShare?: number;
  /** Share of the big org's runs on its first agent (the "one agent" figures). */
  hotAgentShare?: number;
  days?: number;
  now?: Date;
  /** Build the histograms after the load (default true). */
  histograms?: boolean;
}

export interface BenchDataset {
  orgIds: string[];
  bigOrgId: string;
  smallOrgId: string;
  hotAgentId: string;
  smallOrgAgentId: string;
  projectIds: Record<string, string[]>;
  toolIds: Record<string, string[]>;
  runs: { total: number; bigOrg: number; smallOrg: number };
  seedMs: { runs: number; metrics: number; histograms: number; analyze: number };
}

/**
 * Seeds orgs, projects, agents, tools, runs, run_metrics and run_tools with generate_series (one statement per table, no
 * round trip per row), then rebuilds the histograms and analyzes. Durations are log-normal (median 3 s), TTFT
 * log-normal (median 400 ms); 2 % of runs are still running; created_at is uniform over the last `days` days.
 */
export async function seedBenchData(outer: Db, options: BenchSeedOptions): Promise<BenchDataset> {
  // One transaction = one session: setseed() and the temporary tables need it on a pool.
  return outer.transaction((db) => seedInSession(db as unknown as Db, options));
}

async function seedInSession(db: Db, options: BenchSeedOptions): Promise<BenchDataset> {
  const { runs, orgs, agents } = options;
  const bigShare = options.bigShare ?? 0.5;
  const hotShare = options.hotAgentShare ?? 0.2;
  const days = options.days ?? 30;
  const now = options.now ?? new Date();
  if (orgs < 2) throw new Error("--orgs must be at least 2");
  const bigAgents = Math.max(1, Math.floor(agents * bigShare));
  const bigRuns = Math.floor(runs * bigShare);
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const t0 = Date.now();
  await db.execute(sql`select setseed(0.42)`);
  // A throw-away database: skip FK triggers, build the secondary indexes once after the load instead of
  // inserting 1M random keys into each, and give sorts room.
  await db.execute(sql`set local session_replication_role = replica`);
  await db.execute(sql`set local work_mem = '256MB'`);
  await db.execute(sql`set local maintenance_work_mem = '512MB'`);
  const secondary = await queryRows<{ name: string; def: string }>(
    db,
    sql`select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename in ('runs', 'run_metrics', 'run_tools')
          and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
  );
  for (const index of secondary) await db.execute(sql.raw(`drop index "${index.name}"`));
  await db.execute(sql`
    insert into organizations (id, name)
    select 'org-' || md5('bench-org-' || o)::uuid::text, 'Bench org ' || o from generate_series(0, ${orgs - 1}) o`);
  await db.execute(sql`
    insert into projects (id, organization_id, name)
    select 'project-' || md5('bench-project-' || o || '-' || j)::uuid::text, 'org-' || md5('bench-org-' || o)::uuid::text, 'Project ' || j
    from generate_series(0, ${orgs - 1}) o, generate_series(0, 1) j`);
  await db.execute(sql`
    insert into tools (id, organization_id, name)
    select 'tool-' || md5('bench-tool-' || o || '-' || j)::uuid::text, 'org-' || md5('bench-org-' || o)::uuid::text, 'tool_' || j
    from generate_series(0, ${orgs - 1}) o, generate_series(0, 4) j`);
  // Agents: the big org holds `bigAgents`, the rest are dealt round-robin to the other orgs.
  await db.execute(sql`
    create temporary table bench_agents on commit drop as
    select k, case when k < ${bigAgents} then 0 else 1 + (k - ${bigAgents}) % ${orgs - 1} end as o,
           case when k < ${bigAgents} then k else (k - ${bigAgents}) / ${orgs - 1} end as idx,
           'agent-' || md5('bench-agent-' || k)::uuid::text as id
    from generate_series(0, ${Math.max(agents, bigAgents + orgs - 1) - 1}) k`);
  await db.execute(sql`
    insert into agents (id, organization_id, project_id, name, created_at, updated_at)
    select a.id, 'org-' || md5('bench-org-' || a.o)::uuid::text, 'project-' || md5('bench-project-' || a.o || '-' || (a.idx % 2))::uuid::text,
           'agent ' || a.k, ${nowSql} - interval '60 days', ${nowSql} - interval '60 days'
    from bench_agents a`);
  await db.execute(
    sql`create temporary table bench_org_agents on commit drop as select o, count(*)::int as n from bench_agents group by o`,
  );
  await db.execute(sql`
    insert into runs (id, organization_id, project_id, agent_id, status, stop_reason, background, conversation_id, base_template_id,
                      ttft_ns, total_duration_ns, created_at, updated_at, completed_at, created_by_id, last_updated_by_id)
    select r.id, 'org-' || md5('bench-org-' || r.o)::uuid::text,
           'project-' || md5('bench-project-' || r.o || '-' || (a.idx % 2))::uuid::text, a.id,
           r.status::run_status,
           (case r.status when 'completed' then 'end_turn' when 'failed' then 'error' when 'cancelled' then 'cancelled' end)::stop_reason,
           r.u3 < 0.3, case when r.u3 < 0.1 then 'conv-' || (r.n % 5000) end, case when r.u4 < 0.2 then 'template-' || (r.n % 20) end,
           case when r.status <> 'running' or r.u4 < 0.5 then r.ttft end,
           case when r.status <> 'running' then r.dur end,
           r.created_at, r.created_at, case when r.status <> 'running' then r.created_at + (r.dur / 1000)::float8 * interval '1 microsecond' end,
           'bench', 'bench'
    from (
      select n, 'run-' || md5('bench-run-' || n)::uuid::text as id,
             case when n < ${bigRuns} then 0 else 1 + n % ${orgs - 1} end as o,
             case when u1 < 0.02 then 'running' when u1 < 0.05 then 'failed' when u1 < 0.06 then 'cancelled' else 'completed' end as status,
             round(3e9 * exp(0.9 * sqrt(-2 * ln(1 - u2)) * cos(2 * pi() * u5)))::bigint as dur,
             round(4e8 * exp(0.5 * sqrt(-2 * ln(1 - u4)) * cos(2 * pi() * u2)))::bigint as ttft,
             ${nowSql} - (u6 * ${days}) * interval '1 day' as created_at,
             u3, u4, u7
      from (select n, random() u1, random() u2, random() u3, random() u4, random() u5, random() u6, random() u7
            from generate_series(0, ${runs - 1}) n) g
    ) r
    join bench_org_agents c on c.o = r.o
    join bench_agents a on a.o = r.o
      and a.idx = case when r.o = 0 and r.u7 < ${hotShare} then 0 else floor(r.u7 * 1000003)::bigint % c.n end
    order by r.id`);
  const tRuns = Date.now();
  await db.execute(sql`
    insert into run_metrics (id, organization_id, project_id, agent_id, run_start, run_ns, num_steps, tools_used)
    select r.id, r.organization_id, r.project_id, r.agent_id, r.created_at, r.total_duration_ns,
           1 + (hashtext(r.id) & 7),
           case when hashtext(r.id) & 3 = 0 then '{}'::text[]
                else array['tool-' || md5('bench-tool-' || t.o || '-' || ((hashtext(r.id) >> 4) & 3))::uuid::text] end
    from runs r join (select o, 'org-' || md5('bench-org-' || o)::uuid::text as org from generate_series(0, ${orgs - 1}) o) t
      on t.org = r.organization_id
    order by r.id`);
  await fillRunTools(db);
  for (const index of secondary) await db.execute(sql.raw(index.def));
  const tMetrics = Date.now();
  if (options.histograms !== false) await rebuildHistograms(db);
  const tHist = Date.now();
  await db.execute(sql`analyze`);
  const tAnalyze = Date.now();

  const orgIds = (
    await queryRows<{ id: string }>(
      db,
      sql`select 'org-' || md5('bench-org-' || o)::uuid::text as id from generate_series(0, ${orgs - 1}) o order by o`,
    )
  ).map((r) => r.id);
  const [hot] = await queryRows<{ id: string }>(db, sql`select id from bench_agents where o = 0 and idx = 0`);
  const [smallAgent] = await queryRows<{ id: string }>(db, sql`select id from bench_agents where o = 1 and idx = 0`);
  const projects = await queryRows<{ organization_id: string; id: string }>(
    db,
    sql`select organization_id, id from projects order by name`,
  );
  const tools = await queryRows<{ organization_id: string; id: string }>(
    db,
    sql`select organization_id, id from tools order by name`,
  );
  const counts = await queryRows<{ organization_id: string; n: string }>(
    db,
    sql`select organization_id, count(*) as n from runs where organization_id in (${orgIds[0]}, ${orgIds[1]}) group by 1`,
  );
  const countOf = (id: string) => Number(counts.find((c) => c.organization_id === id)?.n ?? 0);
  const group = (rows: { organization_id: string; id: string }[]) => {
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.organization_id] ??= []).push(r.id);
    return out;
  };
  return {
    orgIds,
    bigOrgId: orgIds[0],
    smallOrgId: orgIds[1],
    hotAgentId: hot.id,
    smallOrgAgentId: smallAgent.id,
    projectIds: group(projects),
    toolIds: group(tools),
    runs: { total: runs, bigOrg: countOf(orgIds[0]), smallOrg: countOf(orgIds[1]) },
    seedMs: { runs: tRuns - t0, metrics: tMetrics - tRuns, histograms: tHist - tMetrics, analyze: tAnalyze - tHist },
  };
}
