/** A run's callback payload and /v1 speak one Letta wire format: the same messages, usage and status, field for field. */
import { describe, expect } from "vitest";
import { handleRestRequest, type RestRoute } from "@/server/http/rest-handler";
import { listRunMessagesRoute, retrieveRunRoute, retrieveRunUsageRoute } from "@/server/modules/runs/rest";
import { it as base } from "@/test/helpers/test";

let agentId: string;

const it = base
  .extend("v1", { scope: "file" }, async ({ db, org }) => async (route: RestRoute, runId: string, query = "") => {
    const req = new Request(`http://127.0.0.1/v1/x${query}`, { headers: { authorization: `Bearer ${org.token}` } });
    const res = await handleRestRequest(route, db, req, { run_id: runId });
    expect(res.status).toBe(200);
    return res.json();
  })
  .extend("payloadOf", { scope: "file" }, async ({ org }) => async (runId: string) => {
    const page = await org.caller.callbacks.deliveries({ runId, includeBody: true });
    expect(page.items).toHaveLength(1);
    return JSON.parse(page.items[0].body!);
  })
  /** A run whose messages cover every kind the store holds: text, reasoning, tool calls and returns. */
  .extend("endedRun", { scope: "file" }, async ({ org }) => async (status: "completed" | "expired") => {
    const run = await org.caller.runs.create({ agentId, callbackUrl: "http://127.0.0.1:1/hook" });
    await org.caller.steps.create({
      runId: run.id,
      promptTokens: 12,
      completionTokens: 7,
      promptTokensDetails: { cached_tokens: 2, cache_read_tokens: 1, cache_creation_tokens: 4 },
      completionTokensDetails: { reasoning_tokens: 3 },
      status: "success",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hi", name: "ann" },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "thinking" },
            { type: "text", text: "hello" },
          ],
          toolCalls: [{ id: "call_1", name: "search", arguments: '{"q":"x"}' }],
        },
        { role: "tool", toolReturns: [{ tool_call_id: "call_1", status: "error", func_response: "boom", stderr: ["e"] }] },
      ],
    });
    await org.caller.runs.update({ runId: run.id, status });
    return run;
  });

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "wire-agent" })).id;
});

describe("one Letta wire mapping for /v1 and callback payloads", () => {
  it("a run's callback payload carries its messages exactly as GET /v1/runs/{id}/messages returns them", async ({
    v1,
    payloadOf,
    endedRun,
  }) => {
    const run = await endedRun("completed");
    const onV1 = await v1(listRunMessagesRoute, run.id, "?limit=1000");
    expect(onV1.map((m: { message_type: string }) => m.message_type)).toEqual([
      "system_message",
      "user_message",
      "reasoning_message",
      "assistant_message",
      "tool_call_message",
      "tool_return_message",
    ]);
    expect((await payloadOf(run.id)).metadata.result.messages).toEqual(onV1);
  });

  it("its usage is /v1's usage (plus Letta's usage_statistics fields), and its status is /v1's status", async ({
    v1,
    payloadOf,
    endedRun,
  }) => {
    const run = await endedRun("expired");
    const payload = await payloadOf(run.id);
    expect(payload.metadata.result.usage).toMatchObject({
      message_type: "usage_statistics",
      ...(await v1(retrieveRunUsageRoute, run.id)),
      cached_input_tokens: 2, // cached_tokens wins over cache_read_tokens (Letta's normalize_cache_tokens)
      cache_write_tokens: 4,
      reasoning_tokens: 3,
    });
    const onV1 = await v1(retrieveRunRoute, run.id);
    expect(onV1.status).toBe("failed");
    expect({ run_id: payload.run_id, status: payload.status, completed_at: payload.completed_at }).toEqual({
      run_id: onV1.id,
      status: onV1.status,
      completed_at: onV1.completed_at,
    });
  });
});
