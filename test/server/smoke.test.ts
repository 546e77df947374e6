import { describe, expect } from "vitest";
import { it } from "@/test/helpers/test";

describe("smoke", () => {
  it("creates an agent, a run, a step and completes the run", async ({ org }) => {
    const agent = await org.caller.agents.create({ name: "support-bot" });
    const run = await org.caller.runs.create({ agentId: agent.id, metadata: { a: 1 } });
    expect(run.status).toBe("created");
    const step = await org.caller.steps.create({
      runId: run.id,
      model: "gpt-4o",
      promptTokens: 10,
      completionTokens: 5,
      promptTokensDetails: { cached_tokens: 3 },
      status: "success",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [{ type: "reasoning", text: "think" }],
          toolCalls: [{ id: "call_1", name: "search", arguments: "{}" }],
        },
        { role: "tool", toolReturns: [{ tool_call_id: "call_1", status: "success", func_response: "ok" }] },
      ],
    });
    expect(step.totalTokens).toBe(15);
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("running");
    const done = await org.caller.runs.update({ runId: run.id, status: "completed", metadata: { b: 2 } });
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(done.metadata).toEqual({ a: 1, b: 2 });
    expect(done.stopReason).toBe("end_turn");
    const metrics = await org.caller.metrics.run({ runId: run.id });
    expect(metrics.numSteps).toBe(1);
    expect(metrics.toolsUsed).toHaveLength(1);
    const usage = await org.caller.runs.usage({ runId: run.id });
    expect(usage).toMatchObject({ promptTokens: 10, completionTokens: 5, cachedInputTokens: 3, stepCount: 1 });
    const messages = await org.caller.runs.messages({ runId: run.id });
    expect(messages.items.map((m) => m.messageType)).toEqual([
      "user_message",
      "reasoning_message",
      "tool_call_message",
      "tool_return_message",
    ]);
    const list = await org.caller.runs.list({ agentId: agent.id, toolsUsed: metrics.toolsUsed, stepCount: 1 });
    expect(list.items.map((r) => r.id)).toEqual([run.id]);
    const p = await org.caller.metrics.percentiles({ bucket: "hour" });
    expect(p.overall.count).toBe(1);
    expect(p.series).toHaveLength(1);
  });
});
