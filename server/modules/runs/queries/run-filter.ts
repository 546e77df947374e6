import { eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { runMetrics, runs } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import type { RunFilterKey } from "../filters";
import type { ListRunsInput } from "../schemas";
import { RUN_IS_OPEN } from "./conditions";

const STEP_OPERATORS = { eq: "=", gte: ">=", lte: "<=" } as const;
const DURATION_OPERATORS = { eq: "=", gt: ">", lt: "<" } as const;

export interface RunFilterOptions {
  /**
   * The query joins run_tools on the run for its one tool (see drivingToolOf in run-list.ts), which is the tool
   * filter: the EXISTS over run_tools is left out.
   */
  toolJoined?: boolean;
}

type Builder<K extends RunFilterKey> = (
  value: NonNullable<ListRunsInput[K]>,
  input: ListRunsInput,
  options: RunFilterOptions,
) => SQL | undefined;

/**
 * Each filter of the catalogue (filters.ts) as a condition over `runs` joined to `run_metrics`; null for a key
 * that is not a condition of its own. The mapped type makes a new catalogue filter fail to compile until it has one.
 */
const RUN_FILTER_SQL: { [K in RunFilterKey]: Builder<K> | null } = {
  statuses: (statuses) => (statuses.length ? inArray(runs.status, statuses) : undefined),
  agentIds: (ids, input) => (input.agentId || !ids.length ? undefined : inArray(runs.agentId, ids)), // agentId wins
  stopReason: (reason) => eq(runs.stopReason, reason),
  active: (active, input) => (active && !input.statuses?.length ? RUN_IS_OPEN : undefined),
  background: (background) => eq(runs.background, background),
  startDate: (date) => gte(runs.createdAt, date),
  endDate: (date) => lte(runs.createdAt, date),
  stepCount: (count, input) => sql`${runMetrics.numSteps} ${sql.raw(STEP_OPERATORS[input.stepCountOperator])} ${count}`,
  durationFilter: ({ operator, value }) => sql`${runs.totalDurationNs} ${sql.raw(DURATION_OPERATORS[operator])} ${value}`,
  // Resolved to a duration threshold by a query first (resolveRunFilter in run-list.ts).
  durationPercentile: null,
  conversationId: (id) => eq(runs.conversationId, id),
  templateFamily: (family) => eq(runs.baseTemplateId, family),
  projectId: (id) => eq(runs.projectId, id),
  // A run that used any of the tools has a run_tools row for it (probed by run_tools_run_idx, or run_tools_pkey
  // scanned for the tools).
  toolsUsed: (tools, _input, options) =>
    !tools.length || options.toolJoined
      ? undefined
      : sql`exists (select 1 from run_tools rt where rt.organization_id = ${runs.organizationId} and rt.tool_id in (${sql.join(
          tools.map((t) => sql`${t}`),
          sql`, `,
        )}) and rt.run_id = ${runs.id})`,
  runId: (id) => eq(runs.id, id),
  runIds: (ids) => inArray(runs.id, ids.length ? ids : [""]),
  // Merged into the input (applySavedView) before conditions are built.
  viewId: null,
  agentId: (id) => eq(runs.agentId, id),
  // Read by stepCount.
  stepCountOperator: null,
};
const BUILDERS = Object.entries(RUN_FILTER_SQL).filter(([, build]) => build) as [RunFilterKey, Builder<RunFilterKey>][];

/** Every filter of a `runs.list` input as SQL conditions over `runs` joined to `run_metrics` (org first). */
export function runFilterConditions(scope: Scope, input: ListRunsInput, options: RunFilterOptions = {}): SQL[] {
  const conditions: SQL[] = [visibleTo(scope, runs)];
  for (const [key, build] of BUILDERS) {
    const value = input[key];
    if (value === undefined || value === null || value === "") continue;
    const condition = build(value as never, input, options);
    if (condition) conditions.push(condition);
  }
  return conditions;
}

/** Runs at or above a duration (the percentile's threshold, an integer: see resolveRunFilter). */
export const durationAtLeast = (ns: number): SQL => sql`${runs.totalDurationNs} >= ${ns}`;
