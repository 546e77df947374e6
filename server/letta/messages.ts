/**
 * Letta's message union: a stored message expanded into its items (camelCase, as tRPC returns them); their wire
 * shape (snake_case) is in message-wire.ts.
 */
import type { ApprovalReturn, ContentPart, messages, ToolReturn } from "@/db/schema";

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

export type LettaToolCall = { name: string; arguments: string; toolCallId: string };
/** One answer of an approval response: Letta's ApprovalReturn, or the ToolReturn of a tool the client ran. */
export type LettaApproval =
  | { type: "approval"; toolCallId: string; approve: boolean; reason: string | null }
  | {
      type: "tool";
      toolCallId: string;
      status: "success" | "error";
      toolReturn: string;
      stdout: string[] | null;
      stderr: string[] | null;
    };

export interface LettaMessage {
  id: string;
  date: Date;
  messageType: LettaMessageType;
  runId: string | null;
  stepId: string | null;
  name: string | null;
  content?: string;
  reasoning?: string;
  /** Hidden reasoning: redacted by the provider (with its opaque data) or omitted by the API. */
  state?: "redacted" | "omitted";
  hiddenReasoning?: string | null;
  toolCall?: LettaToolCall;
  /** An approval request's calls (toolCall is the first, as Letta's deprecated field). */
  toolCalls?: LettaToolCall[];
  toolReturn?: string;
  status?: "success" | "error";
  toolCallId?: string;
  stdout?: string[] | null;
  stderr?: string[] | null;
  /** An approval response's answers, and Letta's deprecated fields read from the first approval. */
  approvals?: LettaApproval[];
  approve?: boolean | null;
  approvalRequestId?: string | null;
  reason?: string | null;
}

const isApproval = (ret: ToolReturn | ApprovalReturn): ret is ApprovalReturn => ret.type === "approval";
const toolCallOf = (call: { id: string; name: string; arguments: string }): LettaToolCall => ({
  name: call.name,
  arguments: call.arguments,
  toolCallId: call.id,
});

type Base = Pick<LettaMessage, "id" | "date" | "runId" | "stepId" | "name">;

/** One content part of an assistant or approval row as its item (Letta's _convert_reasoning_messages). */
function partMessage(base: Base, part: ContentPart): LettaMessage {
  switch (part.type) {
    case "reasoning":
      return { ...base, messageType: "reasoning_message", reasoning: part.text };
    case "text":
      return { ...base, messageType: "assistant_message", content: part.text };
    case "redacted_reasoning":
      return { ...base, messageType: "hidden_reasoning_message", state: "redacted", hiddenReasoning: part.data };
    case "omitted_reasoning":
      return { ...base, messageType: "hidden_reasoning_message", state: "omitted", hiddenReasoning: null };
  }
}

/** An approval row without calls: Letta's ApprovalResponseMessage, its deprecated fields from the first approval. */
function approvalResponse(base: Base, returns: (ToolReturn | ApprovalReturn)[]): LettaMessage {
  const approvals: LettaApproval[] = returns.map((ret) =>
    isApproval(ret)
      ? { type: "approval", toolCallId: ret.tool_call_id, approve: ret.approve, reason: ret.reason ?? null }
      : {
          type: "tool",
          toolCallId: ret.tool_call_id,
          status: ret.status,
          toolReturn: ret.func_response,
          stdout: ret.stdout ?? null,
          stderr: ret.stderr ?? null,
        },
  );
  const first = returns.find(isApproval);
  return {
    ...base,
    messageType: "approval_response_message",
    approvals,
    approve: first?.approve ?? null,
    approvalRequestId: first?.tool_call_id ?? null,
    reason: first?.reason ?? null,
  };
}

/**
 * Expands one stored message into Letta's message union, as Letta's Message.to_letta_messages does:
 * an assistant row can carry reasoning (shown or hidden), text and several tool calls, each its own item (sharing
 * the row's id); an approval row is one request (with its calls) or, without calls, one response.
 */
export function toLettaMessages(row: MessageRow): LettaMessage[] {
  const base: Base = { id: row.id, date: row.createdAt, runId: row.runId, stepId: row.stepId, name: row.name };
  const parts = row.content ?? [];
  const joinText = () => parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
  switch (row.role) {
    case "system":
      return [{ ...base, messageType: "system_message", content: joinText() }];
    case "user":
      return [{ ...base, messageType: "user_message", content: joinText() }];
    case "assistant":
      return [
        ...parts.map((part) => partMessage(base, part)),
        ...(row.toolCalls ?? []).map((call) => ({
          ...base,
          messageType: "tool_call_message" as const,
          toolCall: toolCallOf(call),
        })),
      ];
    case "approval": {
      const out = parts.map((part) => partMessage(base, part));
      const calls = (row.toolCalls ?? []).map(toolCallOf);
      if (calls.length) out.push({ ...base, messageType: "approval_request_message", toolCall: calls[0], toolCalls: calls });
      else if (row.toolReturns?.length) out.push(approvalResponse(base, row.toolReturns));
      return out;
    }
    case "tool":
      return (row.toolReturns ?? [])
        .filter((ret) => !isApproval(ret))
        .map((ret) => ({
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
