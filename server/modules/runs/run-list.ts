import { and, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { agents, runMetrics, runs, runTools, steps } from "@/db/schema";
import type { Page } from "@/server/lib/common-schemas";
import type { ListRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { jsonRow } from "@/server/lib/json-row";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import { listDurationPercentile } from "@/server/modules/percentiles";
import type { Run } from "./runs";
import { applySavedView } from "@/server/modules/views";

export type RunListItem = Run & { numSteps: number; toolsUsed: string[]; agentName: string; totalTokens: number };
export type RunPage = Page<RunListItem> & {
  /** With `durationPercentile`: the duration (ns) at that percentile of the filtered runs. */
  durationThresholdNs?: number | null;
};

// Postgres' own ordering puts NULL above every value; spelling it out as bigint max lets the
// `(key, id)` row comparison and one expression index serve both directions.
export const RUN_DURATION_SORT_KEY = sql`coalesce(${runs.totalDurationNs}, 9223372036854775807)`;

const specs: Record<ListRunsInput["orderBy"], KeysetSpec> = {
  created_at: {
    table: runs,
    orgColumn: runs.organizationId,
    idColumn: runs.id,
    sortKey: runs.createdAt,
    sortKeyType: "timestamptz",
    entity: "run",
  },
  duration: {
    table: runs,
    orgColumn: runs.organizationId,
    idColumn: runs.id,
    sortKey: RUN_DURATION_SORT_KEY,
    sortKeyType: "bigint",
    entity: "run",
  },
};

/**
 * A filter on exactly one tool, ordered by created_at, is listed from run_tools: joined on the run and paged on
 * run_tools' own columns (its created_at is the run's, copied when the run ended), so both the seek and the order
 * are conditions on run_tools_pkey (org, tool, created_at, run_id) and any page reads about `limit` index entries.
 * Cursors are still resolved from runs, so they page interchangeably with the plain created_at spec.
 *
 * The join does not repeat `run_tools.created_at = runs.created_at`: Postgres multiplies that clause's selectivity
 * with the run id's although it is implied by it, estimates about one matching row, and then prefers reading every
 * run of the org and sorting (hash join: ~100 ms on 60k runs, against ~3 ms for the index scan). Same in the EXISTS.
 */
const TOOL_DRIVEN_SPEC: KeysetSpec = { ...specs.created_at, seekSortKey: runTools.createdAt, seekIdColumn: runTools.runId };

/** The tool whose run_tools rows drive the list (see TOOL_DRIVEN_SPEC), if the filter allows it. */
function drivingToolOf(input: ListRunsInput): string | undefined {
  const toolIds = new Set(input.toolsUsed ?? []);
  return input.orderBy === "created_at" && toolIds.size === 1 ? [...toolIds][0] : undefined;
}

const STEP_OPERATORS = { eq: "=", gte: ">=", lte: "<=" } as const;
const DURATION_OPERATORS = { eq: "=", gt: ">", lt: "<" } as const;

export interface RunFilterOptions {
  /**
   * The query joins run_tools on the run for its one tool (see drivingToolOf), which is the tool filter: the
   * EXISTS over run_tools is left out.
   */
  toolJoined?: boolean;
}

/**
 * Every filter of Letta's list_runs, as SQL conditions over `runs` joined to `run_metrics`. Tools: a run that used
 * any of them has a run_tools row for it (probed by run_tools_run_idx, or run_tools_pkey scanned for the tools).
 */
export function runFilterConditions(scope: Scope, input: ListRunsInput, options: RunFilterOptions = {}): SQL[] {
  const conditions: SQL[] = [eq(runs.organizationId, scope.orgId)];
  if (input.runId) conditions.push(eq(runs.id, input.runId));
  if (input.runIds) conditions.push(inArray(runs.id, input.runIds.length ? input.runIds : [""]));
  if (input.agentId) conditions.push(eq(runs.agentId, input.agentId));
  else if (input.agentIds?.length) conditions.push(inArray(runs.agentId, input.agentIds));
  if (input.statuses?.length) conditions.push(inArray(runs.status, input.statuses));
  else if (input.active) conditions.push(inArray(runs.status, ["created", "running", "pending"]));
  if (input.stopReason) conditions.push(eq(runs.stopReason, input.stopReason));
  if (input.background !== undefined) conditions.push(eq(runs.background, input.background));
  if (input.conversationId) conditions.push(eq(runs.conversationId, input.conversationId));
  if (input.templateFamily) conditions.push(eq(runs.baseTemplateId, input.templateFamily));
  if (input.projectId) conditions.push(eq(runs.projectId, input.projectId));
  if (input.startDate) conditions.push(gte(runs.createdAt, input.startDate));
  if (input.endDate) conditions.push(lte(runs.createdAt, input.endDate));
  if (input.stepCount !== undefined)
    conditions.push(sql`${runMetrics.numSteps} ${sql.raw(STEP_OPERATORS[input.stepCountOperator])} ${input.stepCount}`);
  if (input.toolsUsed?.length && !options.toolJoined)
    conditions.push(
      sql`exists (select 1 from run_tools rt where rt.organization_id = ${runs.organizationId} and rt.tool_id in (${sql.join(
        input.toolsUsed.map((t) => sql`${t}`),
        sql`, `,
      )}) and rt.run_id = ${runs.id})`,
    );
  if (input.durationFilter)
    conditions.push(
      sql`${runs.totalDurationNs} ${sql.raw(DURATION_OPERATORS[input.durationFilter.operator])} ${input.durationFilter.value}`,
    );
  return conditions;
}

/**
 * The WHERE of a `runs.list` call (saved view merged, percentile resolved), shared by the list, its count
 * and bulk actions. `conditions` is null when the percentile has no runs to be read from (nothing matches).
 * With `joinDrivingTool` (the list), a filter on one tool ordered by created_at comes back as `drivingTool`
 * instead of a condition: the caller joins run_tools for it.
 */
export async function resolveRunFilter(scope: Scope, rawInput: ListRunsInput, options: { joinDrivingTool?: boolean } = {}) {
  const input = await applySavedView(scope, rawInput);
  const drivingTool = options.joinDrivingTool ? drivingToolOf(input) : undefined;
  const conditions: SQL[] | null = runFilterConditions(scope, input, { toolJoined: drivingTool !== undefined });
  let durationThresholdNs: number | null | undefined;
  if (input.durationPercentile !== undefined) {
    // Over runs and run_metrics only: the tool filter as a condition, joined or not.
    const filter = drivingTool === undefined ? conditions : runFilterConditions(scope, input);
    durationThresholdNs = await listDurationPercentile(scope, input, input.durationPercentile, filter);
    if (durationThresholdNs === null) return { input, conditions: null, durationThresholdNs, drivingTool };
    // percentile_cont interpolates (e.g. 162.9); durations are integers, so `>= ceil(t)` is `>= t` and binds as a bigint.
    conditions.push(sql`${runs.totalDurationNs} >= ${Math.ceil(durationThresholdNs)}`);
  }
  return { input, conditions, durationThresholdNs, drivingTool };
}

// Summed in the list's own query (one index range per row on steps_org_run_created_idx), not per item.
// float8 so the driver hands back a number (sum over int is bigint, a string in node-postgres; exact below 2^53).
const RUN_TOTAL_TOKENS = sql<number>`(select coalesce(sum(${steps.totalTokens}), 0)::float8 from ${steps} where ${steps.organizationId} = ${runs.organizationId} and ${steps.runId} = ${runs.id})`;

// A run as the API shows it (every column but the organization, the caller's own) and what the list adds,
// selected as one json value per row (see json-row.ts: Drizzle's per-column mapping was ~1 ms a page).
const { organizationId: _organizationId, ...RUN_OUTPUT_COLUMNS } = getTableColumns(runs);
const RUN_LIST_ITEM = jsonRow<RunListItem>({
  ...RUN_OUTPUT_COLUMNS,
  numSteps: runMetrics.numSteps,
  toolsUsed: runMetrics.toolsUsed,
  agentName: agents.name,
  totalTokens: RUN_TOTAL_TOKENS,
});

export async function listRuns(scope: Scope, rawInput: ListRunsInput): Promise<RunPage> {
  const { input, conditions, durationThresholdNs, drivingTool } = await resolveRunFilter(scope, rawInput, { joinDrivingTool: true });
  const spec = drivingTool === undefined ? specs[input.orderBy] : TOOL_DRIVEN_SPEC;
  const page = await keysetPage(scope, spec, input, async (seek, orderBy, limit) => {
    // No run to read the percentile from: nothing matches (the cursors were still checked).
    if (!conditions) return [];
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
      .where(and(...conditions, ...seek))
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map((row) => RUN_LIST_ITEM.decode(row.item));
  });
  return durationThresholdNs === undefined ? page : { ...page, durationThresholdNs };
}
