import { Pool } from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { describe, expect } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { listRunsInput } from "@/server/modules/runs/schemas";
import { listRuns } from "@/server/modules/runs";
import { seedBenchData, type BenchDataset } from "@/bench/seed";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it as base } from "@/test/helpers/test";

/**
 * Every runs.list filter, alone and with a status or an agent filter, on a bench-scale data set (120k runs,
 * one org holding half): the plans of the statements listRuns issues must read runs and run_metrics through
 * indexes (runs through one that starts with organization_id), never a sequential scan. The exact
 * percentile_cont statement (small sets, filters the histograms cannot answer) is exempt. Postgres only: PGlite
 * plans the same SQL but its planner costs are not the production engine's.
 */
type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
};
const walk = (node: PlanNode, out: PlanNode[] = []): PlanNode[] => {
  out.push(node);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
};

const captured: { query: string; params: unknown[] }[] = [];

const it = base
  .extend("pool", { scope: "file" }, async ({ database }, { onCleanup }) => {
    const pool = new Pool({ connectionString: database.url, max: 2 });
    onCleanup(() => pool.end());
    return pool;
  })
  .extend(
    "loggingDb",
    { scope: "file" },
    async ({ pool }) =>
      drizzle(pool, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db,
  );

describe.skipIf(TEST_ENGINE !== "postgres")("runs.list plans at bench scale", () => {
  let data: BenchDataset;
  const now = new Date();

  it.beforeAll(async ({ db }) => {
    data = await seedBenchData(db, { runs: 120_000, orgs: 5, agents: 200, now });
  }, 300_000);

  const filters = (): [string, Record<string, unknown>][] => [
    ["none", {}],
    ["runId", { runId: "run-00000000-0000-4000-8000-000000000000" }],
    ["agentId", { agentId: data.hotAgentId }],
    ["agentIds", { agentIds: [data.hotAgentId] }],
    ["statuses", { statuses: ["failed"] }],
    ["stopReason", { stopReason: "error" }],
    ["background", { background: true }],
    ["conversationId", { conversationId: "conv-7" }],
    ["templateFamily", { templateFamily: "template-3" }],
    ["projectId", { projectId: data.projectIds[data.bigOrgId][0] }],
    ["startDate", { startDate: new Date(now.getTime() - 2 * 86_400_000) }],
    ["endDate", { endDate: new Date(now.getTime() - 25 * 86_400_000) }],
    ["stepCount", { stepCount: 3 }],
    ["toolsUsed", { toolsUsed: [data.toolIds[data.bigOrgId][1]] }],
    // Several tools, or one by duration: an EXISTS over run_tools, probed per run.
    ["toolsUsed any of", { toolsUsed: [data.toolIds[data.bigOrgId][1], data.toolIds[data.bigOrgId][2]] }],
    ["toolsUsed by duration", { toolsUsed: [data.toolIds[data.bigOrgId][1]], orderBy: "duration" }],
    ["durationFilter", { durationFilter: { value: 20_000_000_000, operator: "gt" } }],
    ["orderBy duration", { orderBy: "duration" }],
    ["durationPercentile", { durationPercentile: 95 }],
  ];

  it("uses an organization_id index for every filter, alone and with a status or agent filter", async ({ pool, loggingDb }) => {
    const failures: string[] = [];
    let checked = 0;
    for (const [name, filter] of filters()) {
      for (const [combo, extra] of [
        ["alone", {}],
        ["+status", { statuses: ["completed"] }],
        ["+agent", { agentId: data.hotAgentId }],
      ] as const) {
        const input = listRunsInput.parse({ ...filter, ...extra, limit: 100 });
        captured.length = 0;
        await listRuns({ db: loggingDb, orgId: data.bigOrgId, projectId: null, actor: "test" }, input);
        // percentile_cont aggregates every matching run by design: it only runs for sets under EXACT_BELOW runs
        // or filters the histograms cannot answer, where reading the org's rows is the work asked for.
        const statements = captured.filter(
          (s) => /\bfrom "runs"|\bfrom runs\b/i.test(s.query) && !s.query.includes("percentile_cont"),
        );
        for (const statement of statements) {
          const { rows } = await pool.query(`explain (format json) ${statement.query}`, statement.params as unknown[]);
          const nodes = walk((rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan);
          checked++;
          for (const node of nodes) {
            const relation = node["Relation Name"];
            if (
              node["Node Type"] === "Seq Scan" &&
              (relation === "runs" || relation === "run_metrics" || relation === "run_tools")
            )
              failures.push(`${name} ${combo}: sequential scan of ${relation}`);
            const index = node["Index Name"];
            if (index?.startsWith("runs_") && !index.startsWith("runs_org_") && index !== "runs_pkey")
              failures.push(`${name} ${combo}: runs read through ${index}`);
          }
          const runsNodes = nodes.filter((n) => n["Relation Name"] === "runs" || (n["Index Name"] ?? "").startsWith("runs_"));
          if (runsNodes.length === 0) failures.push(`${name} ${combo}: no access to runs found in the plan`);
          // The tool filter reads run_tools by its primary key (org, tool, created_at, run_id), never the run_id index.
          if (name === "toolsUsed" && !nodes.some((n) => n["Index Name"] === "run_tools_pkey"))
            failures.push(`${name} ${combo}: run_tools not read through run_tools_pkey`);
          // A duration threshold is checked on the entries of the created_at index (its last column), not on heap rows.
          if (
            (name === "durationPercentile" || name === "durationFilter") &&
            combo !== "+status" &&
            !nodes.some(
              (n) =>
                /^runs_org_(agent_)?created_idx$/.test(n["Index Name"] ?? "") && /total_duration_ns/.test(n["Index Cond"] ?? ""),
            )
          )
            failures.push(`${name} ${combo}: the duration threshold is not an index condition of runs_org_(agent_)created_idx`);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(filters().length * 3 - 2);
    expect(failures).toEqual([]);
  }, 300_000);

  it("orders by duration, slowest first, from runs_org_duration_idx with open runs last (two index ranges, no sort)", async ({
    pool,
    loggingDb,
  }) => {
    const scope = { db: loggingDb, orgId: data.bigOrgId, projectId: null, actor: "test" };
    // Paging descending from an open run (no duration) reads the second range only.
    const { rows: open } = await pool.query<{ id: string }>(
      "select id from runs where organization_id = $1 and total_duration_ns is null limit 1",
      [data.bigOrgId],
    );
    expect(open).toHaveLength(1);
    for (const after of [undefined, open[0].id]) {
      captured.length = 0;
      await listRuns(scope, listRunsInput.parse({ orderBy: "duration", ascending: false, limit: 100, after }));
      const statements = captured.filter((s) => /\bfrom "runs"/i.test(s.query) && /\blimit\b/i.test(s.query));
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const { rows } = await pool.query(`explain (format json) ${statement.query}`, statement.params as unknown[]);
        const nodes = walk((rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan);
        const summary = JSON.stringify(nodes.map((n) => [n["Node Type"], n["Index Name"] ?? n["Relation Name"]]));
        expect(
          nodes.some((n) => n["Index Name"] === "runs_org_duration_idx"),
          summary,
        ).toBe(true);
        expect(
          nodes.filter(
            (n) =>
              n["Node Type"] === "Sort" ||
              (n["Node Type"] === "Seq Scan" && ["runs", "run_metrics"].includes(n["Relation Name"]!)),
          ),
          summary,
        ).toEqual([]);
      }
    }
  }, 120_000);

  it("lists one tool's tenth page from run_tools_pkey, reading about one page of index entries", async ({ pool, loggingDb }) => {
    const scope = { db: loggingDb, orgId: data.bigOrgId, projectId: null, actor: "test" };
    const tool = data.toolIds[data.bigOrgId][1];
    for (const ascending of [false, true]) {
      let after: string | undefined;
      for (let page = 1; page < 10; page++) {
        const result = await listRuns(scope, listRunsInput.parse({ toolsUsed: [tool], ascending, limit: 100, after }));
        after = result.nextCursor!;
        expect(after).toBeTruthy();
      }
      captured.length = 0;
      const tenth = await listRuns(scope, listRunsInput.parse({ toolsUsed: [tool], ascending, limit: 100, after }));
      expect(tenth.items).toHaveLength(100);
      const statement = captured.find((s) => s.query.includes('"run_tools"') && /\blimit\b/i.test(s.query))!;
      expect(statement).toBeDefined();
      const { rows } = await pool.query(`explain (analyze, format json) ${statement.query}`, statement.params as unknown[]);
      const nodes = walk((rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan);
      const scan = nodes.find((n) => n["Index Name"] === "run_tools_pkey");
      expect(scan, JSON.stringify(nodes.map((n) => [n["Node Type"], n["Index Name"] ?? n["Relation Name"]]))).toBeDefined();
      // The seek is an index condition on run_tools_pkey: the scan starts at the cursor, not at the newest run.
      expect(scan!["Actual Rows"]! * (scan!["Actual Loops"] ?? 1)).toBeLessThanOrEqual(101);
      const bigTables = ["runs", "run_metrics", "run_tools"];
      expect(
        nodes.filter(
          (n) => n["Node Type"] === "Sort" || (n["Node Type"] === "Seq Scan" && bigTables.includes(n["Relation Name"]!)),
        ),
      ).toEqual([]);
    }
  }, 120_000);
});
