/**
 * The query strings and bodies of the /v1 routes, as zod schemas over Letta's snake_case names, and their
 * translation to the services' inputs. Field rules (id formats, bounds, enums) are taken from the
 * services' own schemas where one exists, so REST and tRPC accept the same values; these schemas also
 * generate the parameters of /v1/openapi.json.
 */
import { z } from "zod";
import { durationNs, idOf } from "@/server/lib/common-schemas";
import {
  COMPARISON_OPERATORS,
  DURATION_OPERATORS,
  listRunsInput,
  type ListRunMessagesInput,
  type ListRunsInput,
} from "./schemas";
import { listStepsInput, type ListStepsInput } from "@/server/modules/steps/schemas";
import {
  ascendingFor,
  isoDateTime,
  optionalDate,
  paging,
  RUN_STATUSES_FOR_WIRE_STATUS,
  type ListMessagesQuery,
} from "@/server/letta";

const R = listRunsInput.shape;

// GET /v1/runs/ -------------------------------------------------------------------------------------

export const listRunsQuery = z.object({
  agent_id: R.agentId.describe("Only runs of this agent (takes precedence over agent_ids)"),
  agent_ids: R.agentIds.describe("Deprecated: runs of any of these agents"),
  statuses: R.statuses.describe("Only runs with one of these statuses (repeat the key)"),
  active: z.boolean().optional().describe("true: only created or running runs (ignored when statuses is given)"),
  stop_reason: R.stopReason,
  background: R.background.describe("Only runs created (true) or not created (false) in background mode"),
  conversation_id: R.conversationId,
  template_family: R.templateFamily.describe("Only runs whose base_template_id is this"),
  project_id: R.projectId,
  start_date: isoDateTime.optional().describe("Only runs created at or after this time"),
  end_date: isoDateTime.optional().describe("Only runs created at or before this time"),
  step_count: R.stepCount.describe("Compare the run's number of steps with this (see step_count_operator)"),
  step_count_operator: z.enum(COMPARISON_OPERATORS).optional().describe("eq (default), gte or lte"),
  tools_used: R.toolsUsed.describe("Only runs that used any of these tool ids"),
  duration_percentile: R.durationPercentile.describe(
    "Only runs whose total duration is at or above this percentile (0-100) of the filtered runs",
  ),
  duration_value: durationNs.optional().describe("Duration in nanoseconds; requires duration_operator"),
  duration_operator: z.enum(DURATION_OPERATORS).optional().describe("gt, lt or eq; requires duration_value"),
  ...paging("run", "desc", 100),
  order_by: z.enum(["created_at", "duration"]).optional().describe("created_at (default) or duration"),
  ascending: z.boolean().optional().describe("Deprecated: true = asc, false = desc; overrides order"),
}).superRefine((q, ctx) => {
  if ((q.duration_value === undefined) !== (q.duration_operator === undefined)) {
    const missing = q.duration_value === undefined ? "duration_value" : "duration_operator";
    ctx.addIssue({ code: "custom", path: [missing], message: "duration_value and duration_operator must be given together" });
  }
});
export type ListRunsQuery = z.output<typeof listRunsQuery>;

/** Letta's list_runs query → the run list service's input (validated again by listRunsInput). */
export function toListRunsInput(q: ListRunsQuery): ListRunsInput {
  return listRunsInput.parse({
    // agent_id beats the deprecated agent_ids, as in Letta.
    agentId: q.agent_id,
    agentIds: q.agent_id ? undefined : q.agent_ids,
    statuses: q.statuses ? [...new Set(q.statuses.flatMap((s) => RUN_STATUSES_FOR_WIRE_STATUS[s]))] : undefined,
    active: q.active,
    stopReason: q.stop_reason,
    background: q.background,
    conversationId: q.conversation_id,
    templateFamily: q.template_family,
    projectId: q.project_id,
    startDate: optionalDate(q.start_date),
    endDate: optionalDate(q.end_date),
    stepCount: q.step_count,
    stepCountOperator: q.step_count_operator,
    toolsUsed: q.tools_used,
    durationFilter:
      q.duration_value !== undefined && q.duration_operator
        ? { value: q.duration_value, operator: q.duration_operator }
        : undefined,
    durationPercentile: q.duration_percentile,
    orderBy: q.order_by,
    ascending: ascendingFor(q, "desc"),
    after: q.after,
    before: q.before,
    limit: q.limit ?? 100,
  });
}

// GET /v1/runs/{run_id}/steps ------------------------------------------------------------------------

export const listRunStepsQuery = z.object({
  ...paging("step", "desc", 100),
  order_by: z.enum(["created_at"]).optional(),
});
export type ListRunStepsQuery = z.output<typeof listRunStepsQuery>;

export function toListRunStepsInput(runId: string, q: ListRunStepsQuery): ListStepsInput {
  return listStepsInput.parse({ runId, ascending: ascendingFor(q, "desc"), after: q.after, before: q.before, limit: q.limit ?? 100 });
}

// GET /v1/runs/{run_id}/messages ---------------------------------------------------------------------

export function toListRunMessagesInput(runId: string, q: ListMessagesQuery): ListRunMessagesInput {
  return { runId, ascending: ascendingFor(q, "asc"), after: q.after, before: q.before, limit: q.limit ?? 100 };
}

// Bodies ---------------------------------------------------------------------------------------------

export const cancelBody = z.object({
  run_ids: z
    .array(idOf("run"))
    .max(1000)
    .nullish()
    .describe("Runs to cancel; absent, null or empty = every active run of the agent"),
});
export type CancelBody = z.output<typeof cancelBody>;
