/** Letta's `Step` and `StepMetrics` shapes, and the one mapper from our rows to each. */
import { z } from "zod";
import type { stepMetrics, steps } from "@/db/schema";
import { FEEDBACK_VALUES, STEP_STATUSES, STOP_REASONS } from "@/db/schema/enums";
import { epochNs } from "@/server/http/rest-json";
import { cachedInputTokensOf } from "./usage";
import { epochNanoseconds, jsonRecord, nullableInt, nullableString, timestamp } from "./wire";

/** A step as the steps module hands it out (its row without the organization). */
export type StepSource = Omit<typeof steps.$inferSelect, "organizationId">;
export type StepMetricsSource = Omit<typeof stepMetrics.$inferSelect, "organizationId">;

export const lettaStep = z.object({
  id: z.string(),
  agent_id: nullableString,
  run_id: nullableString,
  project_id: nullableString,
  origin: nullableString,
  provider_id: nullableString,
  provider_name: nullableString,
  provider_category: nullableString,
  model: nullableString,
  model_endpoint: nullableString,
  model_handle: nullableString,
  context_window_limit: nullableInt,
  prompt_tokens: nullableInt,
  completion_tokens: nullableInt,
  total_tokens: nullableInt,
  prompt_tokens_details: jsonRecord.nullable(),
  completion_tokens_details: jsonRecord.nullable(),
  cached_input_tokens: nullableInt,
  cache_write_tokens: nullableInt,
  reasoning_tokens: nullableInt,
  stop_reason: z.enum(STOP_REASONS).nullable(),
  status: z.enum(STEP_STATUSES).nullable(),
  feedback: z.enum(FEEDBACK_VALUES).nullable(),
  tags: z.array(z.string()),
  tid: nullableString,
  trace_id: nullableString,
  request_id: nullableString,
  error_type: nullableString,
  error_data: jsonRecord.nullable(),
  /** Deprecated in Letta (use GET /v1/steps/{step_id}/messages); always empty. */
  messages: z.array(z.never()),
  created_at: timestamp,
});
export type LettaStep = z.output<typeof lettaStep>;

const count = (details: Record<string, unknown> | null, key: string): number | null => {
  const value = details?.[key];
  return typeof value === "number" ? value : null;
};

export function toLettaStep(step: StepSource): LettaStep {
  const prompt = step.promptTokensDetails;
  const completion = step.completionTokensDetails;
  return {
    id: step.id,
    agent_id: step.agentId,
    run_id: step.runId,
    project_id: step.projectId,
    origin: step.origin,
    provider_id: step.providerId,
    provider_name: step.providerName,
    provider_category: step.providerCategory,
    model: step.model,
    model_endpoint: step.modelEndpoint,
    // Letta's handle is "<provider>/<model>" (e.g. openai/gpt-4o-mini).
    model_handle: step.providerName && step.model ? `${step.providerName}/${step.model}` : null,
    context_window_limit: step.contextWindowLimit,
    prompt_tokens: step.promptTokens,
    completion_tokens: step.completionTokens,
    total_tokens: step.totalTokens,
    prompt_tokens_details: prompt,
    completion_tokens_details: completion,
    // Letta's normalisation of providers' cache keys (usage.ts); null if unreported.
    cached_input_tokens: cachedInputTokensOf(prompt),
    cache_write_tokens: count(prompt, "cache_creation_tokens"),
    reasoning_tokens: count(completion, "reasoning_tokens"),
    stop_reason: step.stopReason,
    status: step.status,
    feedback: step.feedback,
    tags: step.tags,
    tid: step.tid,
    trace_id: step.traceId,
    request_id: step.requestId,
    error_type: step.errorType,
    error_data: step.errorData,
    messages: [],
    created_at: step.createdAt.toISOString(),
  };
}

export const lettaStepMetrics = z.object({
  id: z.string(),
  agent_id: nullableString,
  run_id: nullableString,
  project_id: nullableString,
  provider_id: nullableString,
  base_template_id: nullableString,
  template_id: nullableString,
  step_start_ns: epochNanoseconds,
  llm_request_start_ns: epochNanoseconds,
  llm_request_ns: nullableInt,
  tool_execution_ns: nullableInt,
  step_ns: nullableInt,
});
export type LettaStepMetrics = z.output<typeof lettaStepMetrics>;

export function toLettaStepMetrics(metrics: StepMetricsSource): LettaStepMetrics {
  return {
    id: metrics.id,
    agent_id: metrics.agentId,
    run_id: metrics.runId,
    project_id: metrics.projectId,
    provider_id: metrics.providerId,
    base_template_id: metrics.baseTemplateId,
    template_id: metrics.templateId,
    step_start_ns: epochNs(metrics.stepStart),
    llm_request_start_ns: epochNs(metrics.llmRequestStart),
    llm_request_ns: metrics.llmRequestNs,
    tool_execution_ns: metrics.toolExecutionNs,
    step_ns: metrics.stepNs,
  };
}
