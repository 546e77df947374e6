import { z } from "zod";
import { MESSAGE_ROLES } from "@/db/schema/enums";
import {
  dateInput,
  durationNs,
  feedback,
  idOf,
  jsonObject,
  limitInput,
  stepStatus,
  stopReason,
  tag,
  text,
  tokenCount,
} from "@/server/lib/common-schemas";

// Letta's detail objects keep provider keys; the numeric ones we aggregate are checked, others pass through.
export const promptTokensDetails = z
  .object({ cached_tokens: tokenCount, cache_read_tokens: tokenCount, cache_creation_tokens: tokenCount })
  .partial()
  .catchall(z.unknown())
  .pipe(jsonObject(16 * 1024));
export const completionTokensDetails = z
  .object({ reasoning_tokens: tokenCount })
  .partial()
  .catchall(z.unknown())
  .pipe(jsonObject(16 * 1024));

export const toolCallInput = z.object({
  id: text(200).min(1),
  name: text(200).min(1),
  arguments: text(256 * 1024).default("{}"),
});
export const toolReturnInput = z.object({
  tool_call_id: text(200).min(1),
  status: z.enum(["success", "error"]),
  func_response: text(256 * 1024),
  stdout: z
    .array(text(64 * 1024))
    .max(100)
    .optional(),
  stderr: z
    .array(text(64 * 1024))
    .max(100)
    .optional(),
});

/** Letta's ApprovalReturn: the answer to one tool call of an approval request. */
export const approvalInput = z.object({
  tool_call_id: text(200).min(1),
  approve: z.boolean(),
  reason: text(4096).nullish(),
});

const contentPart = z.discriminatedUnion("type", [
  z.object({ type: z.enum(["text", "reasoning"]), text: text(256 * 1024) }),
  z.object({ type: z.literal("redacted_reasoning"), data: text(256 * 1024) }),
  z.object({ type: z.literal("omitted_reasoning") }),
]);

export const messageInput = z
  .object({
    role: z.enum(MESSAGE_ROLES),
    /** Plain text, or Letta's content parts (text, reasoning, redacted or omitted reasoning). */
    content: z.union([text(256 * 1024), z.array(contentPart).max(100)]).optional(),
    toolCalls: z.array(toolCallInput).max(100).optional(),
    toolReturns: z.array(toolReturnInput).max(100).optional(),
    /** An approval response (role approval, no toolCalls): the answers, beside any toolReturns of client-run tools. */
    approvals: z.array(approvalInput).max(100).optional(),
    toolCallId: text(200).optional(),
    name: text(200).optional(),
    createdAt: dateInput.optional(),
  })
  .superRefine((m, ctx) => {
    // As Letta reads an approval message: with tool calls it is the request, without them the response.
    if (m.approvals?.length && (m.role !== "approval" || m.toolCalls?.length))
      ctx.addIssue({ code: "custom", path: ["approvals"], message: "only on an approval message without toolCalls" });
  });
export type MessageInput = z.infer<typeof messageInput>;

export const stepTimingsInput = z.object({
  stepStart: dateInput.optional(),
  llmRequestStart: dateInput.optional(),
  llmRequestNs: durationNs.optional(),
  toolExecutionNs: durationNs.optional(),
  stepNs: durationNs.optional(),
});

export const createStepInput = z
  .object({
    /** A step id to keep (an executor's or an importer's Letta id); new when absent. */
    id: idOf("step").optional(),
    runId: idOf("run").optional(),
    agentId: idOf("agent").optional(),
    origin: text(2048).optional(),
    providerId: text(200).optional(),
    providerName: text(200).optional(),
    providerCategory: text(200).optional(),
    model: text(200).optional(),
    modelEndpoint: text(2048).optional(),
    contextWindowLimit: tokenCount.optional(),
    promptTokens: tokenCount.default(0),
    completionTokens: tokenCount.default(0),
    totalTokens: tokenCount.optional(),
    promptTokensDetails: promptTokensDetails.optional(),
    completionTokensDetails: completionTokensDetails.optional(),
    stopReason: stopReason.optional(),
    tags: z.array(tag).max(50).default([]),
    tid: text(200).optional(),
    traceId: text(200).optional(),
    requestId: text(200).optional(),
    status: stepStatus.default("pending"),
    errorType: text(200).optional(),
    errorData: jsonObject(64 * 1024).optional(),
    timings: stepTimingsInput.optional(),
    messages: z.array(messageInput).max(200).default([]),
  })
  .refine((v) => v.runId || v.agentId, { message: "a step needs a runId or an agentId", path: ["runId"] });
export type CreateStepInput = z.infer<typeof createStepInput>;

export const updateStepInput = z.object({
  stepId: idOf("step"),
  status: stepStatus.optional(),
  errorType: text(200).nullish(),
  errorData: jsonObject(64 * 1024).nullish(),
  stopReason: stopReason.nullish(),
  promptTokens: tokenCount.optional(),
  completionTokens: tokenCount.optional(),
  totalTokens: tokenCount.optional(),
  promptTokensDetails: promptTokensDetails.optional(),
  completionTokensDetails: completionTokensDetails.optional(),
  timings: stepTimingsInput.optional(),
});
export type UpdateStepInput = z.infer<typeof updateStepInput>;

export const stepIdInput = z.object({ stepId: idOf("step") });

export const setFeedbackInput = z.object({
  stepId: idOf("step"),
  feedback: feedback.nullable(),
  tags: z.array(tag).max(50).optional(),
});
export type SetFeedbackInput = z.infer<typeof setFeedbackInput>;

export const listStepsInput = z
  .object({
    runId: idOf("run").optional(),
    agentId: idOf("agent").optional(),
    projectId: idOf("project").optional(),
    model: text(200).optional(),
    tags: z.array(tag).max(50).optional(),
    feedback: feedback.optional(),
    hasFeedback: z.boolean().optional(),
    traceIds: z.array(text(200)).max(100).optional(),
    startDate: dateInput.optional(),
    endDate: dateInput.optional(),
    ascending: z.boolean().default(false),
    before: idOf("step").optional(),
    after: idOf("step").optional(),
    limit: limitInput(),
  })
  .superRefine((value, ctx) => {
    if (value.startDate && value.endDate && value.startDate > value.endDate)
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "must not be before startDate" });
  });
export type ListStepsInput = z.infer<typeof listStepsInput>;

export const listStepMessagesInput = z.object({
  stepId: idOf("step"),
  ascending: z.boolean().default(true),
  after: idOf("message").optional(),
  before: idOf("message").optional(),
  limit: limitInput(),
});
export type ListStepMessagesInput = z.infer<typeof listStepMessagesInput>;
