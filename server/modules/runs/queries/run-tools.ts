import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Writes the run_tools rows of runs whose run_metrics.tools_used were bulk-loaded (demo seed, bench seed) rather
 * than written by steps.create and the statement that ends a run. Idempotent; one statement. created_at is copied from the run in
 * SQL (a JS Date would drop its microseconds); key order makes the primary key's inserts sequential.
 */
export async function fillRunTools(db: Db, options: { orgId?: string } = {}): Promise<void> {
  const inOrg = options.orgId ? sql`where m.organization_id = ${options.orgId} and r.organization_id = ${options.orgId}` : sql``;
  await db.execute(sql`
    insert into run_tools (organization_id, tool_id, created_at, run_id)
    select m.organization_id, t, r.created_at, r.id
    from run_metrics m join runs r on r.id = m.id, unnest(m.tools_used) t
    ${inOrg}
    order by 1, 2, 3, 4
    on conflict do nothing`);
}

/**
 * The ids of the tools named in a CTE `names(name)` of the same statement, registering the names `tools` does not
 * hold yet: CTEs `known`, `inserted` and `used(id)`, shared by the statements that record a run's tools — the one
 * that ends a run (queries/lifecycle.ts) and steps.create's (steps/queries/create-step.ts).
 *
 * Names already visible are read, never locked (a hot tool row is shared by every run that uses it). A name not
 * visible is inserted, and a concurrent statement may be inserting it too: the loser waits for the winner's commit
 * and its snapshot cannot see the winner's row, so `do nothing` would return nothing and drop the tool.
 * `do update` (a no-op) locks the committed row and returns its id instead. Inserted in name order, so concurrent
 * writers take those locks in the same order.
 */
export function usedToolsSql(orgId: SQLWrapper): SQL {
  return sql`known as (
    select t.id, t.name from tools t join names n on n.name = t.name where t.organization_id = ${orgId}
  ), inserted as (
    insert into tools (id, organization_id, name)
    select 'tool-' || gen_random_uuid(), ${orgId}, n.name from names n
    where not exists (select 1 from known k where k.name = n.name)
    order by n.name
    on conflict (organization_id, name) do update set name = excluded.name
    returning id
  ), used as (
    select id from known
    union
    select id from inserted
  )`;
}
