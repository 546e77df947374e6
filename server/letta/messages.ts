/**
 * Letta's message union: a stored message expanded into its items (camelCase, as tRPC returns them), and the
 * items' wire shape (snake_case), the one both /v1 and callback payloads write.
 */
import { z } from "zod";
import type { messages } from "@/db/schema";
import { nullableInt, nullableString, timestamp } from "./wire";

type MessageRow = typeof messages.$inferSelect;

export const LETTA_MESSAGE_TYPES = [
  "system_message",
  "user_message",
  "assistant_message",
  "reasoning_message",
  "hidden_reasoning_message",
  "tool_call_message",
  "tool_return_message",
  "approval_request_message",
  "approval_response_message",
] as const;
export type LettaMessageType = (typeof LETTA_MESSAGE_TYPES)[number];

export interface LettaMessage {
  id: string;
  date: Date;
  messageType: LettaMessageType;
  runId: string | null;
  stepId: string | null;
  name: string | null;
  content?: string;
  reasoning?: string;
  toolCall?: { name: string; arguments: string; toolCallId: string };
  toolReturn?: string;
  status?: "success" | "error";
  toolCallId?: string;
  stdout?: string[] | null;
  stderr?: string[] | null;
}

/**
 * Expands one stored message into Letta's message union, as Letta's Message.to_letta_messages does:
 * an assistant row can carry reasoning, text and several tool calls, each its own item (sharing the row's id).
 */
export function toLettaMessages(row: MessageRow): LettaMessage[] {
  const base = { id: row.id, date: row.createdAt, runId: row.runId, stepId: row.stepId, name: row.name };
  const parts = row.content ?? [];
  const joinText = (type: "text" | "reasoning") =>
    parts
      .filter((p) => p.type === type)
      .map((p) => p.text)
      .join("\n");
  switch (row.role) {
    case "system":
      return [{ ...base, messageType: "system_message", content: joinText("text") }];
    case "user":
      return [{ ...base, messageType: "user_message", content: joinText("text") }];
    case "assistant":
    case "approval": {
      const out: LettaMessage[] = [];
      for (const part of parts) {
        if (part.type === "reasoning") out.push({ ...base, messageType: "reasoning_message", reasoning: part.text });
        else out.push({ ...base, messageType: "assistant_message", content: part.text });
      }
      for (const call of row.toolCalls ?? []) {
        out.push({
          ...base,
          messageType: row.role === "approval" ? "approval_request_message" : "tool_call_message",
          toolCall: { name: call.name, arguments: call.arguments, toolCallId: call.id },
        });
      }
      return out;
    }
    case "tool":
      return (row.toolReturns ?? []).map((ret) => ({
        ...base,
        messageType: "tool_return_message" as const,
        toolReturn: ret.func_response,
        status: ret.status,
        toolCallId: ret.tool_call_id,
        stdout: ret.stdout ?? null,
        stderr: ret.stderr ?? null,
      }));
  }
}

// On the wire ------------------------------------------------------------------------------------------

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
export function toLettaMessageOnWire(message: LettaMessage): LettaMessageOnWire | null {
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

export const toLettaMessagesOnWire = (messages: LettaMessage[]): LettaMessageOnWire[] =>
  messages.map(toLettaMessageOnWire).filter((m): m is LettaMessageOnWire => m !== null);
