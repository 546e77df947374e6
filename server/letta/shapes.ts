import { LETTA_MESSAGE_TYPES } from "./messages";
/**
 * Letta's wire shapes (snake_case, ISO timestamps) as zod schemas, and the one mapper from each of our
 * camelCase service outputs to them. The schemas type the mappers' results and document the responses in
 * /v1/openapi.json; they are the shapes of @letta-ai/letta-client's `Run`, `Step`, message union,
 * `UsageRetrieveResponse` and `MetricRetrieveResponse` (checked field by field in test/rest).
 */
import { z } from "zod";
import { FEEDBACK_VALUES, STEP_STATUSES, STOP_REASONS, type RunStatus } from "@/db/schema/enums";
import type { CancelReceipt, Run, RunUsage } from "@/server/modules/runs";
import type { LettaMessage } from "./messages";
import type { getRunMetrics } from "@/server/modules/percentiles/metrics";
import type { StepMetrics } from "@/server/modules/steps/step-metrics";
import type { Step } from "@/server/modules/steps/steps";
import { epochNs } from "@/server/http/rest-json";

const timestamp = z.iso.datetime();
const nullableString = z.string().nullable();
const nullableInt = z.number().int().nullable();
const jsonRecord = z.record(z.string(), z.unknown());
/** Epoch nanoseconds: written as an exact JSON integer (see json.ts), int64 in the OpenAPI document. */
const epochNanoseconds = z.bigint().nullable();

// Runs ------------------------------------------------------------------------------------------------

/** Letta's RunStatus. Our `pending` (queued, not started) is reported as `created`, `expired` as `failed`. */
export const LETTA_RUN_STATUSES = ["created", "running", "completed", "failed", "cancelled"] as const;
export type LettaRunStatus = (typeof LETTA_RUN_STATUSES)[number];
const RUN_STATUS_ON_WIRE: Record<RunStatus, LettaRunStatus> = {
  created: "created",
  pending: "created",
  running: "running",
  completed: "completed",
  failed: "failed",
  expired: "failed",
  cancelled: "cancelled",
};
/** The stored statuses a Letta status filter means (the inverse of the mapping above). */
export const RUN_STATUSES_FOR_WIRE_STATUS: Record<RunStatus, RunStatus[]> = {
  created: ["created", "pending"],
  running: ["running"],
  completed: ["completed"],
  failed: ["failed", "expired"],
  cancelled: ["cancelled"],
  pending: ["pending"],
  expired: ["expired"],
};

export { LETTA_MESSAGE_TYPES };

export const lettaRequestConfig = z
  .object({
    use_assistant_message: z.boolean().optional(),
    assistant_message_tool_name: z.string().optional(),
    assistant_message_tool_kwarg: z.string().optional(),
    include_return_message_types: z.array(z.enum(LETTA_MESSAGE_TYPES)).nullable().optional(),
  })
  .catchall(z.unknown());

export const lettaRun = z.object({
  id: z.string(),
  agent_id: z.string(),
  status: z.enum(LETTA_RUN_STATUSES),
  stop_reason: z.enum(STOP_REASONS).nullable(),
  background: z.boolean().nullable(),
  conversation_id: nullableString,
  base_template_id: nullableString,
  metadata: jsonRecord.nullable(),
  request_config: lettaRequestConfig.nullable(),
  callback_url: nullableString,
  callback_sent_at: timestamp.nullable(),
  callback_status_code: nullableInt,
  callback_error: nullableString,
  created_at: timestamp,
  completed_at: timestamp.nullable(),
  total_duration_ns: nullableInt,
  ttft_ns: nullableInt,
});
export type LettaRun = z.output<typeof lettaRun>;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toLettaRun(run: Run): LettaRun {
  return {
    id: run.id,
    agent_id: run.agentId,
    status: RUN_STATUS_ON_WIRE[run.status],
    stop_reason: run.stopReason,
    background: run.background,
    conversation_id: run.conversationId,
    base_template_id: run.baseTemplateId,
    metadata: run.metadata,
    // Stored only after validation by requestConfigInput (server/modules/runs/schemas.ts), which has these fields.
    request_config: run.requestConfig as LettaRun["request_config"],
    callback_url: run.callbackUrl,
    callback_sent_at: iso(run.callbackSentAt),
    callback_status_code: run.callbackStatusCode,
    callback_error: run.callbackError,
    created_at: run.createdAt.toISOString(),
    completed_at: iso(run.completedAt),
    total_duration_ns: run.totalDurationNs,
    ttft_ns: run.ttftNs,
  };
}

export const lettaRunUsage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  step_count: z.number().int(),
  prompt_tokens_details: z.object({
    cached_tokens: z.number().int(),
    cache_read_tokens: z.number().int(),
    cache_creation_tokens: z.number().int(),
  }),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
});
export type LettaRunUsage = z.output<typeof lettaRunUsage>;

export function toLettaRunUsage(usage: RunUsage): LettaRunUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    step_count: usage.stepCount,
    prompt_tokens_details: { ...usage.promptTokensDetails },
    completion_tokens_details: { ...usage.completionTokensDetails },
  };
}

export const lettaRunMetrics = z.object({
  id: z.string(),
  agent_id: z.string(),
  project_id: nullableString,
  run_start_ns: epochNanoseconds,
  run_ns: nullableInt,
  num_steps: z.number().int(),
  tools_used: z.array(z.string()),
  template_id: nullableString,
  base_template_id: nullableString,
});
export type LettaRunMetrics = z.output<typeof lettaRunMetrics>;

export function toLettaRunMetrics(metrics: Awaited<ReturnType<typeof getRunMetrics>>): LettaRunMetrics {
  return {
    id: metrics.runId,
    agent_id: metrics.agentId,
    project_id: metrics.projectId,
    run_start_ns: epochNs(metrics.runStart),
    run_ns: metrics.runNs,
    num_steps: metrics.numSteps,
    tools_used: metrics.toolsUsed,
    template_id: null,
    base_template_id: metrics.baseTemplateId,
  };
}

/** Letta's answer to POST /v1/agents/{agent_id}/messages/cancel: each run id → "cancelled" | "failed". */
export const lettaCancelResult = z.record(z.string(), z.enum(["cancelled", "failed"]));
export type LettaCancelResult = z.output<typeof lettaCancelResult>;

export function toLettaCancelResult(receipt: CancelReceipt): LettaCancelResult {
  // Cancelling a run that already ended is a no-op that Letta still reports as "cancelled".
  return Object.fromEntries(receipt.results.map((r) => [r.runId, "cancelled" as const]));
}

// Steps -----------------------------------------------------------------------------------------------

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
const sumOrNull = (...values: (number | null)[]) =>
  values.every((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);

export function toLettaStep(step: Step): LettaStep {
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
    // As Letta normalises providers: OpenAI's cached_tokens plus Anthropic's cache_read_tokens; null if unreported.
    cached_input_tokens: sumOrNull(count(prompt, "cached_tokens"), count(prompt, "cache_read_tokens")),
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

export function toLettaStepMetrics(metrics: StepMetrics): LettaStepMetrics {
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

// Messages --------------------------------------------------------------------------------------------

const messageBase = {
  id: z.string(),
  date: timestamp,
  name: nullableString,
  run_id: nullableString,
  step_id: nullableString,
  otid: nullableString,
  sender_id: nullableString,
  seq_id: nullableInt,
  is_err: z.boolean().nullable(),
};
const lettaToolCall = z.object({ name: z.string(), arguments: z.string(), tool_call_id: z.string() });
const lettaToolReturn = z.object({
  tool_call_id: z.string(),
  status: z.enum(["success", "error"]),
  tool_return: z.string(),
  stdout: z.array(z.string()).nullable(),
  stderr: z.array(z.string()).nullable(),
  type: z.literal("tool"),
});

export const lettaMessage = z.discriminatedUnion("message_type", [
  z.object({ ...messageBase, message_type: z.literal("system_message"), content: z.string() }),
  z.object({ ...messageBase, message_type: z.literal("user_message"), content: z.string() }),
  z.object({ ...messageBase, message_type: z.literal("assistant_message"), content: z.string() }),
  z.object({
    ...messageBase,
    message_type: z.literal("reasoning_message"),
    reasoning: z.string(),
    // Our reasoning parts are Letta's ReasoningContent, which it reports as coming from a reasoning model.
    source: z.enum(["reasoner_model", "non_reasoner_model"]),
    signature: nullableString,
  }),
  z.object({
    ...messageBase,
    message_type: z.literal("tool_call_message"),
    tool_call: lettaToolCall,
    tool_calls: z.array(lettaToolCall),
  }),
  z.object({
    ...messageBase,
    message_type: z.literal("approval_request_message"),
    tool_call: lettaToolCall,
    tool_calls: z.array(lettaToolCall),
  }),
  z.object({
    ...messageBase,
    message_type: z.literal("tool_return_message"),
    tool_return: z.string(),
    status: z.enum(["success", "error"]),
    tool_call_id: z.string(),
    stdout: z.array(z.string()).nullable(),
    stderr: z.array(z.string()).nullable(),
    tool_returns: z.array(lettaToolReturn),
  }),
]);
export type LettaMessageOnWire = z.output<typeof lettaMessage>;

/**
 * One item of Letta's message union. Returns null for the kinds our store cannot produce
 * (hidden reasoning, approval responses), which are then left out of the page.
 */
export function toLettaMessage(message: LettaMessage): LettaMessageOnWire | null {
  const base = {
    id: message.id,
    date: message.date.toISOString(),
    name: message.name,
    run_id: message.runId,
    step_id: message.stepId,
    otid: null,
    sender_id: null,
    seq_id: null,
    is_err: null,
  };
  switch (message.messageType) {
    case "system_message":
    case "user_message":
    case "assistant_message":
      return { ...base, message_type: message.messageType, content: message.content ?? "" };
    case "reasoning_message":
      return {
        ...base,
        message_type: "reasoning_message",
        reasoning: message.reasoning ?? "",
        source: "reasoner_model",
        signature: null,
      };
    case "tool_call_message":
    case "approval_request_message": {
      const call = message.toolCall ?? { name: "", arguments: "{}", toolCallId: "" };
      const toolCall = { name: call.name, arguments: call.arguments, tool_call_id: call.toolCallId };
      // One item per call (items of one stored message share its id); tool_calls is Letta's newer plural field.
      return { ...base, message_type: message.messageType, tool_call: toolCall, tool_calls: [toolCall] };
    }
    case "tool_return_message": {
      const toolReturn = {
        tool_call_id: message.toolCallId ?? "",
        status: message.status ?? "success",
        tool_return: message.toolReturn ?? "",
        stdout: message.stdout ?? null,
        stderr: message.stderr ?? null,
      };
      return { ...base, message_type: "tool_return_message", ...toolReturn, tool_returns: [{ ...toolReturn, type: "tool" }] };
    }
    default:
      return null;
  }
}

export const toLettaMessages = (messages: LettaMessage[]): LettaMessageOnWire[] =>
  messages.map(toLettaMessage).filter((m): m is LettaMessageOnWire => m !== null);

export const lettaError = z.object({ detail: z.string(), message: z.string() });
