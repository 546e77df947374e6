/**
 * The query strings and bodies of the runs' /v1 routes, as zod schemas over Letta's snake_case names, and their
 * translation to the use-cases' inputs. Field rules (id formats, bounds, enums) are taken from the module's own
 * schemas, so REST and tRPC accept the same values; these schemas also generate the parameters of /v1/openapi.json.
 */
import { z } from "zod";
import { durationNs, text } from "@/server/lib/common-schemas";
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
import { listStepsInput, type ListStepsInput } from "@/server/modules/steps/schemas";
import {
  pageInput,
  isoDateTime,
  optionalDate,
  paging,
  RUN_STATUSES_FOR_WIRE_STATUS,
  type ListMessagesQuery,
} from "@/server/letta";

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

/** Letta's list_runs query → the run list's input (validated again by listRunsInput). */
export function toListRunsInput(q: ListRunsQuery): ListRunsInput {
  const filters = REST_FILTERS.map(({ key, params }) => {
    const decode = REST_DECODERS[key];
    return [key, decode ? decode(q) : q[Object.keys(params)[0]]];
  });
  return listRunsInput.parse({
    ...Object.fromEntries(filters),
    orderBy: q.order_by,
    ...pageInput(q, "desc", 100),
  });
}

// GET /v1/runs/{run_id}/steps ------------------------------------------------------------------------

export const listRunStepsQuery = z.object({
  ...paging("step", "desc", 100),
  order_by: z.enum(["created_at"]).optional(),
});
export type ListRunStepsQuery = z.output<typeof listRunStepsQuery>;

export function toListRunStepsInput(runId: string, q: ListRunStepsQuery): ListStepsInput {
  return listStepsInput.parse({ runId, ...pageInput(q, "desc", 100) });
}

// GET /v1/runs/{run_id}/messages ---------------------------------------------------------------------

export function toListRunMessagesInput(runId: string, q: ListMessagesQuery): ListRunMessagesInput {
  return { runId, ...pageInput(q, "asc", 100) };
}

// Bodies ---------------------------------------------------------------------------------------------

export const cancelBody = z.object({
  // Any strings, as Letta's list[str]: a malformed id is one more id reported "failed", not a failed request.
  run_ids: z
    .array(text(200))
    .max(1000)
    .nullish()
    .describe(
      "Runs to cancel (an id that is unknown or malformed is reported failed); absent, null or empty = every active run of the agent",
    ),
});
export type CancelBody = z.output<typeof cancelBody>;
