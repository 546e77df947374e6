import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Writes the run_tools rows of runs whose run_metrics.tools_used were bulk-loaded (demo seed, bench seed) rather
 * than written by the statement that ends a run. Idempotent; one statement. created_at is copied from the run in
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
