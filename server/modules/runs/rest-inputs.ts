/**
 * The query strings and bodies of the /v1 routes, as zod schemas over Letta's snake_case names, and their
 * translation to the services' inputs. Field rules (id formats, bounds, enums) are taken from the
 * services' own schemas where one exists, so REST and tRPC accept the same values; these schemas also
 * generate the parameters of /v1/openapi.json.
 */
import { z } from "zod";
import { durationNs, feedback, idOf, tag } from "@/server/lib/common-schemas";
import type { RunStatus } from "@/db/schema";
import {
  COMPARISON_OPERATORS,
  DURATION_OPERATORS,
  RUN_FILTER_KEYS,
  RUN_FILTERS,
  type RunFilterDef,
  type RunFilterKey,
} from "./filters";
import { listRunsInput, type ListRunMessagesInput, type ListRunsInput } from "./schemas";
import { listStepsInput, type ListStepMessagesInput, type ListStepsInput } from "@/server/modules/steps/schemas";
import type { IdKind } from "@/server/ids";
import { RUN_STATUSES_FOR_WIRE_STATUS } from "@/server/letta/shapes";

const S = listStepsInput.shape;

/** ISO 8601 date-time (an offset or Z; none = UTC, as Letta's naive datetimes) or a date (UTC midnight). */
export const isoDateTime = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])
  .describe("ISO 8601 date-time, e.g. 2025-01-29T15:01:19-08:00 (no offset = UTC), or a date (UTC midnight)");

export function toDate(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`);
}
const optionalDate = (value: string | undefined) => (value === undefined ? undefined : toDate(value));

const order = (fallback: "asc" | "desc") =>
  z.enum(["asc", "desc"]).optional().describe(`Order by created_at (id breaks ties); default ${fallback}`);
const limit = (fallback: number) =>
  z.number().int().min(1).max(1000).optional().describe(`Page size, 1-1000; default ${fallback}`);
const cursor = (kind: IdKind, which: "after" | "before") =>
  idOf(kind)
    .optional()
    .describe(
      which === "after"
        ? `A ${kind} id: return the items after it in the requested order`
        : `A ${kind} id: return the \`limit\` items just before it, still in the requested order`,
    );
const paging = (kind: IdKind, fallbackOrder: "asc" | "desc", fallbackLimit: number) => ({
  after: cursor(kind, "after"),
  before: cursor(kind, "before"),
  limit: limit(fallbackLimit),
  order: order(fallbackOrder),
});

// GET /v1/runs/ -------------------------------------------------------------------------------------
// Derived from the run-filter catalogue (filters.ts): each filter's `rest` parameters, with the filter's own schema
// unless the wire spells the value differently (below).

const REST_PARAM_SCHEMAS: Record<string, z.ZodType> = {
  start_date: isoDateTime.optional(),
  end_date: isoDateTime.optional(),
  step_count_operator: z.enum(COMPARISON_OPERATORS).optional(),
  duration_value: durationNs.optional(),
  duration_operator: z.enum(DURATION_OPERATORS).optional(),
};

type Query = Record<string, unknown>;

/** A filter's value read from the query, where it is not its one parameter as given. */
const REST_DECODERS: Partial<Record<RunFilterKey, (q: Query) => unknown>> = {
  // agent_id beats the deprecated agent_ids, as in Letta.
  agentIds: (q) => (q.agent_id ? undefined : q.agent_ids),
  statuses: (q) =>
    q.statuses ? [...new Set((q.statuses as RunStatus[]).flatMap((s) => RUN_STATUSES_FOR_WIRE_STATUS[s]))] : undefined,
  startDate: (q) => optionalDate(q.start_date as string | undefined),
  endDate: (q) => optionalDate(q.end_date as string | undefined),
  durationFilter: (q) =>
    q.duration_value !== undefined && q.duration_operator
      ? { value: q.duration_value, operator: q.duration_operator }
      : undefined,
};

const REST_FILTERS = RUN_FILTER_KEYS.flatMap((key) => {
  const def: RunFilterDef = RUN_FILTERS[key];
  return def.rest ? [{ key, schema: def.schema, params: def.rest }] : [];
});

const filterParams: Record<string, z.ZodType> = Object.fromEntries(
  REST_FILTERS.flatMap(({ schema, params }) =>
    Object.entries(params).map(([param, description]) => [param, (REST_PARAM_SCHEMAS[param] ?? schema).describe(description)]),
  ),
);

export const listRunsQuery = z
  .object(filterParams)
  .extend({
    ...paging("run", "desc", 100),
    order_by: z.enum(["created_at", "duration"]).optional().describe("created_at (default) or duration"),
    ascending: z.boolean().optional().describe("Deprecated: true = asc, false = desc; overrides order"),
  })
  .superRefine((q, ctx) => {
    if ((q.duration_value === undefined) !== (q.duration_operator === undefined)) {
      const missing = q.duration_value === undefined ? "duration_value" : "duration_operator";
      ctx.addIssue({ code: "custom", path: [missing], message: "duration_value and duration_operator must be given together" });
    }
  });
export type ListRunsQuery = z.output<typeof listRunsQuery>;

const ascendingFor = (q: { order?: "asc" | "desc"; ascending?: boolean }, fallback: "asc" | "desc") =>
  q.ascending ?? (q.order ?? fallback) === "asc";

/** Letta's list_runs query → the run list's input (validated again by listRunsInput). */
export function toListRunsInput(q: ListRunsQuery): ListRunsInput {
  const filters = REST_FILTERS.map(({ key, params }) => {
    const decode = REST_DECODERS[key];
    return [key, decode ? decode(q) : q[Object.keys(params)[0]]];
  });
  return listRunsInput.parse({
    ...Object.fromEntries(filters),
    orderBy: q.order_by,
    ascending: ascendingFor(q, "desc"),
    after: q.after,
    before: q.before,
    limit: q.limit ?? 100,
  });
}

// GET /v1/steps/ and /v1/runs/{run_id}/steps ---------------------------------------------------------

export const listStepsQuery = z.object({
  agent_id: S.agentId,
  model: S.model.describe("Only steps that used this model"),
  tags: S.tags.describe("Only steps carrying all of these tags (repeat the key)"),
  feedback: S.feedback,
  has_feedback: S.hasFeedback.describe("true: steps with feedback; false: steps without"),
  trace_ids: S.traceIds.describe("Only steps with one of these trace ids"),
  project_id: S.projectId,
  start_date: isoDateTime.optional().describe("Only steps created at or after this time"),
  end_date: isoDateTime.optional().describe("Only steps created at or before this time"),
  ...paging("step", "desc", 50),
  order_by: z.enum(["created_at"]).optional(),
});
export type ListStepsQuery = z.output<typeof listStepsQuery>;

export function toListStepsInput(q: ListStepsQuery): ListStepsInput {
  return listStepsInput.parse({
    agentId: q.agent_id,
    model: q.model,
    tags: q.tags,
    feedback: q.feedback,
    hasFeedback: q.has_feedback,
    traceIds: q.trace_ids,
    projectId: q.project_id,
    startDate: optionalDate(q.start_date),
    endDate: optionalDate(q.end_date),
    ascending: ascendingFor(q, "desc"),
    after: q.after,
    before: q.before,
    limit: q.limit ?? 50,
  });
}

export const listRunStepsQuery = z.object({
  ...paging("step", "desc", 100),
  order_by: z.enum(["created_at"]).optional(),
});
export type ListRunStepsQuery = z.output<typeof listRunStepsQuery>;

export function toListRunStepsInput(runId: string, q: ListRunStepsQuery): ListStepsInput {
  return listStepsInput.parse({ runId, ascending: ascendingFor(q, "desc"), after: q.after, before: q.before, limit: q.limit ?? 100 });
}

// Messages of a run or a step ------------------------------------------------------------------------

export const listMessagesQuery = z.object({
  ...paging("message", "asc", 100),
  order_by: z.enum(["created_at"]).optional(),
});
export type ListMessagesQuery = z.output<typeof listMessagesQuery>;

export function toListRunMessagesInput(runId: string, q: ListMessagesQuery): ListRunMessagesInput {
  return { runId, ascending: ascendingFor(q, "asc"), after: q.after, before: q.before, limit: q.limit ?? 100 };
}
export function toListStepMessagesInput(stepId: string, q: ListMessagesQuery): ListStepMessagesInput {
  return { stepId, ascending: ascendingFor(q, "asc"), after: q.after, before: q.before, limit: q.limit ?? 100 };
}

// Bodies ---------------------------------------------------------------------------------------------

export const feedbackBody = z.object({
  feedback: feedback.nullish().describe("positive or negative; null or absent clears it (as Letta)"),
  tags: z.array(tag).max(50).nullish().describe("Replaces the step's tags when given"),
});
export type FeedbackBody = z.output<typeof feedbackBody>;

export const cancelBody = z.object({
  run_ids: z
    .array(idOf("run"))
    .max(1000)
    .nullish()
    .describe("Runs to cancel; absent, null or empty = every active run of the agent"),
});
export type CancelBody = z.output<typeof cancelBody>;
