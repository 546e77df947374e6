/**
 * The query strings and bodies of the /v1 steps routes, as zod schemas over Letta's snake_case names, and their
 * translation to the use-cases' inputs. Field rules come from the steps schemas, so REST and tRPC accept the same
 * values; these schemas also generate the parameters of /v1/openapi.json.
 */
import { z } from "zod";
import { feedback, tag } from "@/server/lib/common-schemas";
import { isoDateTime, pageInput, optionalDate, paging, type ListMessagesQuery } from "@/server/letta";
import { listStepsInput, type ListStepMessagesInput, type ListStepsInput } from "./schemas";

const S = listStepsInput.shape;

// GET /v1/steps/ -------------------------------------------------------------------------------------

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
    ...pageInput(q, "desc", 50),
  });
}

// GET /v1/steps/{step_id}/messages ---------------------------------------------------------------------

export function toListStepMessagesInput(stepId: string, q: ListMessagesQuery): ListStepMessagesInput {
  return { stepId, ...pageInput(q, "asc", 100) };
}

// PATCH /v1/steps/{step_id}/feedback ---------------------------------------------------------------------

export const feedbackBody = z.object({
  feedback: feedback.nullish().describe("positive or negative; null or absent clears it (as Letta)"),
  tags: z.array(tag).max(50).nullish().describe("Replaces the step's tags when given"),
});
export type FeedbackBody = z.output<typeof feedbackBody>;
