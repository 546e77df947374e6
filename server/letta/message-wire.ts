/**
 * Letta's message union on the wire (snake_case), the one shape both /v1 and callback payloads write, from the
 * items server/letta/messages.ts expands a stored message into.
 */
import { z } from "zod";
import type { LettaApproval, LettaMessage, LettaToolCall } from "./messages";
import { nullableInt, nullableString, timestamp } from "./wire";

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

const lettaApprovalReturn = z.object({
  type: z.literal("approval"),
  tool_call_id: z.string(),
  approve: z.boolean(),
  reason: nullableString,
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
    message_type: z.literal("hidden_reasoning_message"),
    state: z.enum(["redacted", "omitted"]),
    hidden_reasoning: nullableString,
  }),
  z.object({
    ...messageBase,
    message_type: z.literal("approval_request_message"),
    tool_call: lettaToolCall,
    tool_calls: z.array(lettaToolCall),
  }),
  z.object({
    ...messageBase,
    message_type: z.literal("approval_response_message"),
    approvals: z.array(z.union([lettaApprovalReturn, lettaToolReturn])),
    approve: z.boolean().nullable(),
    approval_request_id: nullableString,
    reason: nullableString,
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

const toolCallOnWire = (call: LettaToolCall) => ({ name: call.name, arguments: call.arguments, tool_call_id: call.toolCallId });
const toolReturnOnWire = (ret: Extract<LettaApproval, { type: "tool" }>) => ({
  tool_call_id: ret.toolCallId,
  status: ret.status,
  tool_return: ret.toolReturn,
  stdout: ret.stdout,
  stderr: ret.stderr,
  type: "tool" as const,
});

/** One item of Letta's message union, snake_case. */
export function toLettaMessageOnWire(message: LettaMessage): LettaMessageOnWire {
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
    case "hidden_reasoning_message":
      return {
        ...base,
        message_type: "hidden_reasoning_message",
        state: message.state ?? "omitted",
        hidden_reasoning: message.hiddenReasoning ?? null,
      };
    case "tool_call_message": {
      const toolCall = toolCallOnWire(message.toolCall ?? { name: "", arguments: "{}", toolCallId: "" });
      // One item per call (items of one stored message share its id); tool_calls is Letta's newer plural field.
      return { ...base, message_type: "tool_call_message", tool_call: toolCall, tool_calls: [toolCall] };
    }
    case "approval_request_message": {
      // One item per stored request, as Letta: tool_call (deprecated) is the first call, tool_calls all of them.
      const calls = (message.toolCalls ?? (message.toolCall ? [message.toolCall] : [])).map(toolCallOnWire);
      const first = calls[0] ?? toolCallOnWire({ name: "", arguments: "{}", toolCallId: "" });
      return { ...base, message_type: "approval_request_message", tool_call: first, tool_calls: calls };
    }
    case "approval_response_message":
      return {
        ...base,
        message_type: "approval_response_message",
        approvals: (message.approvals ?? []).map((a) =>
          a.type === "approval"
            ? { type: "approval" as const, tool_call_id: a.toolCallId, approve: a.approve, reason: a.reason }
            : toolReturnOnWire(a),
        ),
        approve: message.approve ?? null,
        approval_request_id: message.approvalRequestId ?? null,
        reason: message.reason ?? null,
      };
    case "tool_return_message": {
      const toolReturn = toolReturnOnWire({
        type: "tool",
        toolCallId: message.toolCallId ?? "",
        status: message.status ?? "success",
        toolReturn: message.toolReturn ?? "",
        stdout: message.stdout ?? null,
        stderr: message.stderr ?? null,
      });
      const { type: _type, ...fields } = toolReturn;
      return { ...base, message_type: "tool_return_message", ...fields, tool_returns: [toolReturn] };
    }
  }
}

export const toLettaMessagesOnWire = (messages: LettaMessage[]): LettaMessageOnWire[] => messages.map(toLettaMessageOnWire);
