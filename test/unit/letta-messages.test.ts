import { describe, expect, it } from "vitest";
import type { messages } from "@/db/schema";
import { toLettaMessages } from "@/server/letta/messages";

type Row = typeof messages.$inferSelect;
const row = (over: Partial<Row>): Row => ({
  id: "message-1",
  organizationId: "org-1",
  agentId: "agent-1",
  runId: "run-1",
  stepId: "step-1",
  role: "assistant",
  content: null,
  toolCalls: null,
  toolReturns: null,
  toolCallId: null,
  name: null,
  createdAt: new Date(0),
  ...over,
});

describe("toLettaMessages", () => {
  it("maps system and user text, joining text parts", () => {
    expect(
      toLettaMessages(
        row({
          role: "system",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        }),
      ),
    ).toMatchObject([{ messageType: "system_message", content: "a\nb" }]);
    expect(toLettaMessages(row({ role: "user", content: [{ type: "text", text: "hi" }] }))).toMatchObject([
      { messageType: "user_message", content: "hi" },
    ]);
  });

  it("expands an assistant row into reasoning, text and one item per tool call, in order, sharing the row id", () => {
    const out = toLettaMessages(
      row({
        content: [
          { type: "reasoning", text: "think" },
          { type: "text", text: "answer" },
        ],
        toolCalls: [
          { id: "c1", name: "a", arguments: "{}" },
          { id: "c2", name: "b", arguments: '{"x":1}' },
        ],
      }),
    );
    expect(out.map((m) => m.messageType)).toEqual([
      "reasoning_message",
      "assistant_message",
      "tool_call_message",
      "tool_call_message",
    ]);
    expect(out.every((m) => m.id === "message-1" && m.runId === "run-1" && m.stepId === "step-1")).toBe(true);
    expect(out[3].toolCall).toEqual({ name: "b", arguments: '{"x":1}', toolCallId: "c2" });
  });

  it("maps an approval row's calls to one approval request, as Letta: tool_call the first, tool_calls all", () => {
    const out = toLettaMessages(
      row({
        role: "approval",
        toolCalls: [
          { id: "c9", name: "rm", arguments: "{}" },
          { id: "c10", name: "mv", arguments: "{}" },
        ],
      }),
    );
    expect(out).toMatchObject([
      {
        messageType: "approval_request_message",
        toolCall: { toolCallId: "c9" },
        toolCalls: [{ toolCallId: "c9" }, { toolCallId: "c10", name: "mv" }],
      },
    ]);
  });

  it("maps an approval row without calls to an approval response: its approvals and tool returns", () => {
    const out = toLettaMessages(
      row({
        role: "approval",
        toolReturns: [
          { type: "approval", tool_call_id: "c9", approve: false, reason: "too risky" },
          { tool_call_id: "c10", status: "success", func_response: "moved" },
        ],
      }),
    );
    expect(out).toEqual([
      expect.objectContaining({
        messageType: "approval_response_message",
        approvals: [
          { type: "approval", toolCallId: "c9", approve: false, reason: "too risky" },
          { type: "tool", toolCallId: "c10", status: "success", toolReturn: "moved", stdout: null, stderr: null },
        ],
        // Letta's deprecated single-approval fields, from the first approval
        approve: false,
        approvalRequestId: "c9",
        reason: "too risky",
      }),
    ]);
  });

  it("maps redacted and omitted reasoning to hidden reasoning, in order with the other parts", () => {
    const out = toLettaMessages(
      row({
        content: [{ type: "redacted_reasoning", data: "opaque" }, { type: "omitted_reasoning" }, { type: "text", text: "done" }],
      }),
    );
    expect(out).toMatchObject([
      { messageType: "hidden_reasoning_message", state: "redacted", hiddenReasoning: "opaque" },
      { messageType: "hidden_reasoning_message", state: "omitted", hiddenReasoning: null },
      { messageType: "assistant_message", content: "done" },
    ]);
  });

  it("maps each tool return of a tool row, with status and output streams", () => {
    const out = toLettaMessages(
      row({
        role: "tool",
        toolReturns: [
          { tool_call_id: "c1", status: "success", func_response: "ok", stdout: ["o"] },
          { tool_call_id: "c2", status: "error", func_response: "bad" },
        ],
      }),
    );
    expect(out).toMatchObject([
      { messageType: "tool_return_message", toolCallId: "c1", status: "success", toolReturn: "ok", stdout: ["o"], stderr: null },
      { messageType: "tool_return_message", toolCallId: "c2", status: "error", toolReturn: "bad", stdout: null },
    ]);
  });

  it("an empty assistant or tool row yields nothing", () => {
    expect(toLettaMessages(row({}))).toEqual([]);
    expect(toLettaMessages(row({ role: "tool" }))).toEqual([]);
  });
});
