/** Letta's message kinds beyond text and tools, stored by steps.create and read back on tRPC and /v1. */
import { describe, expect } from "vitest";
import { handleRestRequest } from "@/server/http/rest-handler";
import { listRunMessagesRoute } from "@/server/modules/runs/rest";
import { expectTrpcError } from "@/test/helpers/assertions";
import { it } from "@/test/helpers/test";

let agentId: string;

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "approver" })).id;
});

describe("hidden reasoning and approvals", () => {
  it("keeps hidden reasoning and approval requests and responses as Letta's message types, on tRPC and /v1", async ({
    db,
    org,
  }) => {
    const run = await org.caller.runs.create({ agentId });
    await org.caller.steps.create({
      runId: run.id,
      messages: [
        {
          role: "approval",
          content: [{ type: "redacted_reasoning", data: "opaque" }, { type: "omitted_reasoning" }],
          toolCalls: [
            { id: "a1", name: "rm", arguments: "{}" },
            { id: "a2", name: "mv", arguments: "{}" },
          ],
        },
      ],
    });
    await org.caller.steps.create({
      runId: run.id,
      messages: [
        {
          role: "approval",
          approvals: [{ tool_call_id: "a1", approve: false, reason: "no" }],
          toolReturns: [{ tool_call_id: "a2", status: "success", func_response: "moved" }],
        },
      ],
    });
    const items = (await org.caller.runs.messages({ runId: run.id })).items;
    expect(items.map((m) => m.messageType)).toEqual([
      "hidden_reasoning_message",
      "hidden_reasoning_message",
      "approval_request_message",
      "approval_response_message",
    ]);
    expect(items[3]).toMatchObject({ approve: false, approvalRequestId: "a1", reason: "no" });

    const res = await handleRestRequest(
      listRunMessagesRoute,
      db,
      new Request("http://127.0.0.1/v1/x", { headers: { authorization: `Bearer ${org.token}` } }),
      { run_id: run.id },
    );
    const wire = await res.json();
    expect(wire.map((m: { message_type: string }) => m.message_type)).toEqual(items.map((m) => m.messageType));
    expect(wire[0]).toMatchObject({ state: "redacted", hidden_reasoning: "opaque" });
    expect(wire[2].tool_calls).toHaveLength(2);
    expect(wire[3].approvals).toEqual([
      { type: "approval", tool_call_id: "a1", approve: false, reason: "no" },
      { type: "tool", tool_call_id: "a2", status: "success", tool_return: "moved", stdout: null, stderr: null },
    ]);
  });

  it("refuses approvals on a message that is not an approval response (BAD_REQUEST)", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    const approvals = [{ tool_call_id: "x", approve: true }];
    await expectTrpcError(
      org.caller.steps.create({ runId: run.id, messages: [{ role: "assistant", approvals }] }),
      "BAD_REQUEST",
      "messages.0.approvals",
    );
    await expectTrpcError(
      org.caller.steps.create({
        runId: run.id,
        messages: [{ role: "approval", approvals, toolCalls: [{ id: "x", name: "t" }] }],
      }),
      "BAD_REQUEST",
      "messages.0.approvals",
    );
  });
});
