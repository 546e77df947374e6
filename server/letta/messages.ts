import type { messages } from "@/db/schema";

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
