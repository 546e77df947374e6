import { and, asc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { agents, runMetrics, runs, runTools, steps } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { jsonRow } from "@/server/lib/json-row";
import type { KeysetSpec } from "@/server/lib/keyset";
import type { ListRunsInput } from "../schemas";
import type { Run } from "./runs";

export type RunListItem = Run & { numSteps: number; toolsUsed: string[]; agentName: string; totalTokens: number };

// Postgres' own ordering puts NULL above every value; spelling it out as bigint max lets the `(key, id)` row
// comparison and one expression index serve both directions. Runs without a duration (still open) stay last in both:
// ascending by this key itself, descending through the spec's lastKey (read as a second index range).
const NO_DURATION_KEY = "9223372036854775807";
const RUN_DURATION_SORT_KEY = sql`coalesce(${runs.totalDurationNs}, ${sql.raw(NO_DURATION_KEY)})`;

export const RUN_LIST_SPECS: Record<ListRunsInput["orderBy"], KeysetSpec> = {
  created_at: {
    table: runs,
    orgColumn: runs.organizationId,
    projectColumn: runs.projectId,
    idColumn: runs.id,
    sortKey: runs.createdAt,
    sortKeyType: "timestamptz",
    entity: "run",
  },
  duration: {
    table: runs,
    orgColumn: runs.organizationId,
    projectColumn: runs.projectId,
    idColumn: runs.id,
    sortKey: RUN_DURATION_SORT_KEY,
    sortKeyType: "bigint",
    entity: "run",
    lastKey: NO_DURATION_KEY,
  },
};

/**
 * A filter on exactly one tool, ordered by created_at, is listed from run_tools: joined on the run and paged on
 * run_tools' own columns (its created_at is the run's, copied when a step first named the tool), so both the seek and the order
 * are conditions on run_tools_pkey (org, tool, created_at, run_id) and any page reads about `limit` index entries.
 * Cursors are still resolved from runs, so they page interchangeably with the plain created_at spec.
 *
 * The join does not repeat `run_tools.created_at = runs.created_at`: Postgres multiplies that clause's selectivity
 * with the run id's although it is implied by it, estimates about one matching row, and then prefers reading every
 * run of the org and sorting (a hash join, far slower than the index scan). Same in the EXISTS.
 */
export const TOOL_DRIVEN_SPEC: KeysetSpec = {
  ...RUN_LIST_SPECS.created_at,
  seekSortKey: runTools.createdAt,
  seekIdColumn: runTools.runId,
};

// Summed in the list's own query (one index range per row on steps_org_run_created_idx), not per item.
// float8 so the driver hands back a number (sum over int is bigint, a string in node-postgres; exact below 2^53).
const RUN_TOTAL_TOKENS = sql<number>`(select coalesce(sum(${steps.totalTokens}), 0)::float8 from ${steps} where ${steps.organizationId} = ${runs.organizationId} and ${steps.runId} = ${runs.id})`;

// A run as the API shows it (every column but the organization, the caller's own) and what the list adds,
// selected as one json value per row (see json-row.ts: it skips Drizzle's per-column mapping).
const { organizationId: _organizationId, ...RUN_OUTPUT_COLUMNS } = getTableColumns(runs);
const RUN_LIST_ITEM = jsonRow<RunListItem>({
  ...RUN_OUTPUT_COLUMNS,
  numSteps: runMetrics.numSteps,
  toolsUsed: runMetrics.toolsUsed,
  agentName: agents.name,
  totalTokens: RUN_TOTAL_TOKENS,
});

/** One page of list items: `conditions` from runFilterConditions, `seek`/`orderBy`/`limit` from keysetPage. */
export async function selectRunListItems(
  scope: Scope,
  conditions: SQL[],
  drivingTool: string | undefined,
  page: { seek: SQL[]; orderBy: SQL[]; limit: number },
): Promise<RunListItem[]> {
  let query = scope.db
    .select({ item: RUN_LIST_ITEM.expression })
    .from(runs)
    .innerJoin(runMetrics, eq(runMetrics.id, runs.id))
    .innerJoin(agents, eq(agents.id, runs.agentId))
    .$dynamic();
  if (drivingTool !== undefined)
    query = query.innerJoin(
      runTools,
      and(eq(runTools.organizationId, runs.organizationId), eq(runTools.runId, runs.id), eq(runTools.toolId, drivingTool)),
    );
  const rows = await query
    .where(and(...conditions, ...page.seek))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return rows.map((row) => RUN_LIST_ITEM.decode(row.item));
}

/** count(*) over at most `cap` + 1 matching rows: the scan stops there, so the cost is bounded by the cap. */
export async function countMatchingRuns(scope: Scope, conditions: SQL[], cap: number): Promise<number> {
  const limited = scope.db
    .select({ one: sql`1` })
    .from(runs)
    .innerJoin(runMetrics, eq(runMetrics.id, runs.id))
    .where(and(...conditions))
    .limit(cap + 1)
    .as("limited");
  const [row] = await scope.db.select({ n: sql<string>`count(*)` }).from(limited);
  return Number(row?.n ?? 0);
}

/** The ids of at most `limit` matching runs, in id order. */
export async function selectMatchingRunIds(scope: Scope, conditions: SQL[], limit: number): Promise<string[]> {
  const rows = await scope.db
    .select({ id: runs.id })
    .from(runs)
    .innerJoin(runMetrics, eq(runMetrics.id, runs.id))
    .where(and(...conditions))
    .orderBy(asc(runs.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
