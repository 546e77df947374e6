/** Letta's steps API, route by route: each is a thin adapter (wire input → use-case → Letta shape). */
import { defineRoute } from "@/server/http/rest-handler";
import {
  lettaMessage,
  lettaStep,
  lettaStepMetrics,
  listMessagesQuery,
  toLettaMessagesOnWire,
  toLettaStep,
  toLettaStepMetrics,
} from "@/server/letta";
import { feedbackBody, listStepsQuery, toListStepMessagesInput, toListStepsInput } from "./rest-inputs";
import { setStepFeedback } from "./use-cases/update-step";
import { getStep, getStepMetrics, listStepMessages, listSteps } from "./use-cases/read-steps";

const STEP = { name: "Step", schema: lettaStep };
const MESSAGE = { name: "LettaMessageUnion", schema: lettaMessage };

export const listStepsRoute = defineRoute({
  method: "GET",
  path: "/v1/steps/",
  operationId: "list_steps",
  summary: "List steps, newest first (default limit 50); a bare array paged by after/before step ids",
  query: listStepsQuery,
  response: { ...STEP, list: true },
  handle: async ({ scope, query }) => (await listSteps(scope, toListStepsInput(query))).items.map(toLettaStep),
});

export const retrieveStepRoute = defineRoute({
  method: "GET",
  path: "/v1/steps/{step_id}",
  operationId: "retrieve_step",
  summary: "Get a step",
  params: { step_id: "step" },
  response: STEP,
  handle: async ({ scope, params }) => toLettaStep(await getStep(scope, params.step_id)),
});

export const modifyStepFeedbackRoute = defineRoute({
  method: "PATCH",
  path: "/v1/steps/{step_id}/feedback",
  operationId: "modify_feedback_for_step",
  permission: "feedback:write",
  summary: "Set (or clear) a step's feedback and tags; idempotent; returns the step",
  params: { step_id: "step" },
  body: feedbackBody,
  response: STEP,
  handle: async ({ scope, params, body }) =>
    toLettaStep(
      await setStepFeedback(scope, {
        stepId: params.step_id,
        feedback: body.feedback ?? null,
        tags: body.tags ?? undefined,
      }),
    ),
});

export const retrieveStepMetricsRoute = defineRoute({
  method: "GET",
  path: "/v1/steps/{step_id}/metrics",
  operationId: "retrieve_metrics_for_step",
  summary: "Step metrics: starts as epoch ns (exact JSON integers), durations in ns",
  params: { step_id: "step" },
  response: { name: "StepMetrics", schema: lettaStepMetrics },
  handle: async ({ scope, params }) => toLettaStepMetrics(await getStepMetrics(scope, params.step_id)),
});

export const listStepMessagesRoute = defineRoute({
  method: "GET",
  path: "/v1/steps/{step_id}/messages",
  operationId: "list_messages_for_step",
  summary: "The messages a step wrote, in Letta's message union, oldest first",
  params: { step_id: "step" },
  query: listMessagesQuery,
  response: { ...MESSAGE, list: true },
  handle: async ({ scope, params, query }) =>
    toLettaMessagesOnWire((await listStepMessages(scope, toListStepMessagesInput(params.step_id, query))).items),
});

export const restRoutes = [
  listStepsRoute,
  retrieveStepRoute,
  modifyStepFeedbackRoute,
  retrieveStepMetricsRoute,
  listStepMessagesRoute,
] as const;
