/**
 * Letta's runs API, route by route: each is a thin adapter (wire input → service → Letta shape).
 * The same list drives the route handlers in app/v1 and /v1/openapi.json.
 */
import { cancelRuns } from "./run-cancel";
import { getAgent } from "@/server/modules/agents";
import { getRunMetrics } from "@/server/modules/percentiles";
import { listRuns } from "./run-list";
import { listRunMessages } from "./run-messages";
import { getRunUsage } from "./run-usage";
import { deleteRun, getRun } from "./runs";
import { listSteps } from "@/server/modules/steps";
import { defineRoute } from "@/server/http/rest-handler";
import { conflict } from "@/server/errors";
import { isId } from "@/server/ids";
import {
  cancelBody,
  listRunsQuery,
  listRunStepsQuery,
  toListRunMessagesInput,
  toListRunsInput,
  toListRunStepsInput,
} from "./rest-inputs";
import {
  lettaCancelResult,
  lettaMessage,
  lettaRun,
  lettaRunMetrics,
  lettaRunUsage,
  lettaStep,
  listMessagesQuery,
  toLettaCancelResult,
  toLettaMessagesOnWire,
  toLettaRun,
  toLettaRunMetrics,
  toLettaRunUsage,
  toLettaStep,
} from "@/server/letta";

const RUN = { name: "Run", schema: lettaRun };
const STEP = { name: "Step", schema: lettaStep };
const MESSAGE = { name: "LettaMessageUnion", schema: lettaMessage };

export const listRunsRoute = defineRoute({
  method: "GET",
  path: "/v1/runs/",
  operationId: "list_runs",
  summary: "List runs, newest first; a bare array paged by after/before run ids",
  query: listRunsQuery,
  response: { ...RUN, list: true },
  handle: async ({ scope, query }) => (await listRuns(scope, toListRunsInput(query))).items.map(toLettaRun),
});

export const retrieveRunRoute = defineRoute({
  method: "GET",
  path: "/v1/runs/{run_id}",
  operationId: "retrieve_run",
  summary: "Get a run",
  params: { run_id: "run" },
  response: RUN,
  handle: async ({ scope, params }) => toLettaRun(await getRun(scope, params.run_id)),
});

export const deleteRunRoute = defineRoute({
  method: "DELETE",
  path: "/v1/runs/{run_id}",
  operationId: "delete_run",
  permission: "runs:delete",
  summary: "Delete a run with its steps and messages (as Letta's ORM cascade); returns the deleted run",
  params: { run_id: "run" },
  response: RUN,
  handle: async ({ scope, params }) => toLettaRun(await deleteRun(scope, params.run_id)),
});

export const listRunStepsRoute = defineRoute({
  method: "GET",
  path: "/v1/runs/{run_id}/steps",
  operationId: "list_run_steps",
  summary: "List the steps of a run, newest first",
  params: { run_id: "run" },
  query: listRunStepsQuery,
  response: { ...STEP, list: true },
  handle: async ({ scope, params, query }) =>
    (await listSteps(scope, toListRunStepsInput(params.run_id, query))).items.map(toLettaStep),
});

export const retrieveRunUsageRoute = defineRoute({
  method: "GET",
  path: "/v1/runs/{run_id}/usage",
  operationId: "retrieve_run_usage",
  summary: "Token usage of a run, summed over its steps",
  params: { run_id: "run" },
  response: { name: "UsageStatistics", schema: lettaRunUsage },
  handle: async ({ scope, params }) => toLettaRunUsage(await getRunUsage(scope, params.run_id)),
});

export const listRunMessagesRoute = defineRoute({
  method: "GET",
  path: "/v1/runs/{run_id}/messages",
  operationId: "list_run_messages",
  summary: "The messages of a run in Letta's message union, oldest first",
  params: { run_id: "run" },
  query: listMessagesQuery,
  response: { ...MESSAGE, list: true },
  handle: async ({ scope, params, query }) =>
    toLettaMessagesOnWire((await listRunMessages(scope, toListRunMessagesInput(params.run_id, query))).items),
});

export const retrieveRunMetricsRoute = defineRoute({
  method: "GET",
  path: "/v1/runs/{run_id}/metrics",
  operationId: "retrieve_metrics_for_run",
  summary: "Run metrics: run_start_ns (epoch ns, an exact JSON integer), run_ns, num_steps, tools_used",
  params: { run_id: "run" },
  response: { name: "RunMetrics", schema: lettaRunMetrics },
  handle: async ({ scope, params }) => toLettaRunMetrics(await getRunMetrics(scope, params.run_id)),
});

export const cancelAgentRunsRoute = defineRoute({
  method: "POST",
  path: "/v1/agents/{agent_id}/messages/cancel",
  operationId: "cancel_message",
  permission: "runs:cancel",
  summary:
    'Cancel the given runs (unknown or malformed ids report "failed"), or every active run of the agent (409 when there is none); idempotent: a run that already ended reports "cancelled"',
  params: { agent_id: "agent" },
  body: cancelBody,
  response: { name: "CancelResult", schema: lettaCancelResult },
  handle: async ({ scope, params, body }) => {
    await getAgent(scope, params.agent_id, "agent_id");
    if (body.run_ids?.length) {
      const wellFormed = body.run_ids.filter((id) => isId("run", id));
      const receipt = wellFormed.length ? await cancelRuns(scope, { runIds: wellFormed }) : undefined;
      return toLettaCancelResult(body.run_ids, receipt);
    }
    const receipt = await cancelRuns(scope, { agentId: params.agent_id });
    // Letta's NoActiveRunsToCancelError (409); the error mapping adds x-should-retry: false.
    if (receipt.results.length === 0) throw conflict(`No active runs to cancel for agent ${params.agent_id}`);
    return toLettaCancelResult(
      receipt.results.map((r) => r.runId),
      receipt,
    );
  },
});

export const restRoutes = [
  listRunsRoute,
  retrieveRunRoute,
  deleteRunRoute,
  listRunStepsRoute,
  retrieveRunUsageRoute,
  listRunMessagesRoute,
  retrieveRunMetricsRoute,
  cancelAgentRunsRoute,
] as const;
