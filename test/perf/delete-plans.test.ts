import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it } from "@/test/helpers/test";

/**
 * Deleting a run deletes its steps and messages, and the foreign keys that point at runs and steps
 * (steps.run_id, messages.run_id, messages.step_id) make Postgres look up the referencing rows for every deleted
 * run and step. Those lookups are `… WHERE $1 = <column>` with no organization: each must be an index scan, or a
 * delete (and retention's batches) reads the whole steps or messages table once per row. The statements below are
 * the ones Postgres's referential-integrity triggers run. Postgres only: PGlite's planner costs are not production's.
 */
type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
const walk = (node: PlanNode, out: PlanNode[] = []): PlanNode[] => {
  out.push(node);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
};

describe.skipIf(TEST_ENGINE !== "postgres")("foreign-key lookups of a run or step delete use indexes", () => {
  it.beforeAll(async ({ db, org }) => {
    const agent = await org.caller.agents.create({ name: "delete plans" });
    // 2,000 runs with 10 steps and 20 messages each: enough rows that a sequential scan is never the cheap plan.
    await db.execute(sql`insert into runs (id, organization_id, agent_id)
      select 'run-' || gen_random_uuid(), ${org.orgId}, ${agent.id} from generate_series(1, 2000)`);
    await db.execute(sql`insert into steps (id, organization_id, run_id)
      select 'step-' || gen_random_uuid(), r.organization_id, r.id from runs r, generate_series(1, 10)`);
    await db.execute(sql`insert into messages (id, organization_id, run_id, step_id, role)
      select 'message-' || gen_random_uuid(), s.organization_id, s.run_id, s.id, 'assistant' from steps s, generate_series(1, 2)`);
    // The machines run with autovacuum off: the planner needs fresh statistics.
    await db.execute(sql`vacuum analyze runs, steps, messages`);
  }, 120_000);

  const lookups: [string, string, string][] = [
    ["steps", "run_id", `update only steps set run_id = null where $1 = run_id`],
    ["messages", "run_id", `update only messages set run_id = null where $1 = run_id`],
    ["messages", "step_id", `update only messages set step_id = null where $1 = step_id`],
  ];

  for (const [table, column, statement] of lookups)
    it(`${table}.${column}: ${statement}`, async ({ db }) => {
      const [{ id }] = await queryRows<{ id: string }>(db, sql.raw(`select ${column} as id from ${table} limit 1`));
      const escaped = id.replaceAll("'", "''");
      const [row] = await queryRows<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        db,
        sql.raw(`explain (format json) ${statement.replace("$1", `'${escaped}'`)}`),
      );
      const nodes = walk(row["QUERY PLAN"][0].Plan);
      expect(nodes.filter((n) => n["Relation Name"] === table).map((n) => n["Node Type"])).not.toContain("Seq Scan");
      // An index scan names its index; a bitmap scan names it on its Bitmap Index Scan child.
      expect(nodes.map((n) => n["Index Name"]).filter(Boolean)).toEqual([expect.stringMatching(new RegExp(`^${table}_`))]);
    });
});
