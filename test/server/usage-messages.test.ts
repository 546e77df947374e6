import { describe, expect } from "vitest";
import { newId } from "@/server/ids";
import { toLettaStep } from "@/server/letta";
import { expectTrpcError } from "@/test/helpers/assertions";
import { it } from "@/test/helpers/test";

let agentId: string;

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "usage-agent" })).id;
});

const ZERO_USAGE = {
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  stepCount: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  promptTokensDetails: { cached_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0 },
  completionTokensDetails: { reasoning_tokens: 0 },
};

describe("runs.usage normalisation", () => {
  it("sums tokens over the run's steps and normalises OpenAI and Anthropic cache details", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    // OpenAI: cached_tokens and reasoning_tokens
    await org.caller.steps.create({
      runId: run.id,
      providerName: "openai",
      promptTokens: 1000,
      completionTokens: 200,
      promptTokensDetails: { cached_tokens: 300, audio_tokens: 7 },
      completionTokensDetails: { reasoning_tokens: 50 },
    });
    // Anthropic: cache_read_tokens and cache_creation_tokens
    await org.caller.steps.create({
      runId: run.id,
      providerName: "anthropic",
      promptTokens: 2000,
      completionTokens: 100,
      promptTokensDetails: { cache_read_tokens: 1500, cache_creation_tokens: 250 },
    });
    // no details at all, and an explicit total that differs from prompt + completion
    await org.caller.steps.create({ runId: run.id, promptTokens: 10, completionTokens: 5, totalTokens: 20 });
    // another run's step and an agent-only step do not count
    const other = await org.caller.runs.create({ agentId });
    await org.caller.steps.create({ runId: other.id, promptTokens: 99_999, promptTokensDetails: { cached_tokens: 99 } });
    await org.caller.steps.create({ agentId, promptTokens: 77_777 });

    expect(await org.caller.runs.usage({ runId: run.id })).toEqual({
      promptTokens: 3010,
      completionTokens: 305,
      totalTokens: 1200 + 2100 + 20,
      stepCount: 3,
      cachedInputTokens: 300 + 1500,
      cacheWriteTokens: 250,
      reasoningTokens: 50,
      promptTokensDetails: { cached_tokens: 300, cache_read_tokens: 1500, cache_creation_tokens: 250 },
      completionTokensDetails: { reasoning_tokens: 50 },
    });
  });

  it("counts a step's cached input once when it reports both keys, as Letta writes its steps", async ({ org }) => {
    // Letta's agent loop writes the normalised count under both cached_tokens and cache_read_tokens (letta_agent_v2.py),
    // and reads it back with normalize_cache_tokens: cached_tokens when non-zero, else cache_read_tokens (usage.py).
    const run = await org.caller.runs.create({ agentId });
    const both = await org.caller.steps.create({
      runId: run.id,
      promptTokens: 1000,
      promptTokensDetails: { cached_tokens: 400, cache_read_tokens: 400, cache_creation_tokens: 20 },
    });
    await org.caller.steps.create({
      runId: run.id,
      promptTokens: 500,
      promptTokensDetails: { cached_tokens: 0, cache_read_tokens: 90 },
    });
    expect(await org.caller.runs.usage({ runId: run.id })).toMatchObject({
      cachedInputTokens: 400 + 90,
      cacheWriteTokens: 20,
      // the provider details are still summed key by key, as reported
      promptTokensDetails: { cached_tokens: 400, cache_read_tokens: 490, cache_creation_tokens: 20 },
    });
    const [onWire] = (await org.caller.steps.list({ runId: run.id, ascending: true })).items.map(toLettaStep);
    expect(onWire).toMatchObject({ id: both.id, cached_input_tokens: 400, cache_write_tokens: 20 });
  });

  it("answers zeros for a run without steps", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    expect(await org.caller.runs.usage({ runId: run.id })).toEqual(ZERO_USAGE);
  });

  it("follows steps.update (tokens, recomputed total, details)", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    const step = await org.caller.steps.create({ runId: run.id, promptTokens: 100, completionTokens: 10 });
    const updated = await org.caller.steps.update({
      stepId: step.id,
      completionTokens: 40,
      promptTokensDetails: { cached_tokens: 60 },
      completionTokensDetails: { reasoning_tokens: 12 },
    });
    expect(updated.totalTokens).toBe(140);
    expect(await org.caller.runs.usage({ runId: run.id })).toMatchObject({
      promptTokens: 100,
      completionTokens: 40,
      totalTokens: 140,
      cachedInputTokens: 60,
      reasoningTokens: 12,
      stepCount: 1,
    });
  });

  it("refuses token counts whose total overflows (BAD_REQUEST naming totalTokens, not a database error)", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    await expectTrpcError(
      org.caller.steps.create({ runId: run.id, promptTokens: 2_000_000_000, completionTokens: 2_000_000_000 }),
      "BAD_REQUEST",
      "totalTokens",
    );
    const step = await org.caller.steps.create({ runId: run.id, promptTokens: 2_000_000_000 });
    await expectTrpcError(
      org.caller.steps.update({ stepId: step.id, completionTokens: 2_000_000_000 }),
      "BAD_REQUEST",
      "totalTokens",
    );
    expect((await org.caller.steps.get({ stepId: step.id })).totalTokens).toBe(2_000_000_000);
    // an explicit total that fits is accepted as given
    const explicit = await org.caller.steps.create({
      runId: run.id,
      promptTokens: 2_000_000_000,
      completionTokens: 2_000_000_000,
      totalTokens: 5,
    });
    expect(explicit.totalTokens).toBe(5);
  });

  it("unknown run is NOT_FOUND naming runId", async ({ org }) => {
    await expectTrpcError(org.caller.runs.usage({ runId: newId("run") }), "NOT_FOUND", "runId");
  });
});

describe("runs.messages", () => {
  let runId: string;

  it.beforeAll(async ({ org }) => {
    runId = (await org.caller.runs.create({ agentId })).id;
    await org.caller.steps.create({
      runId,
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "what is 2+2?" },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "add them" },
            { type: "text", text: "let me check" },
          ],
          toolCalls: [
            { id: "t1", name: "calc", arguments: '{"q":"2+2"}' },
            { id: "t2", name: "calc", arguments: '{"q":"check"}' },
          ],
        },
        {
          role: "tool",
          toolReturns: [
            { tool_call_id: "t1", status: "success", func_response: "4", stdout: ["ok"] },
            { tool_call_id: "t2", status: "error", func_response: "boom", stderr: ["trace"] },
          ],
        },
      ],
    });
    await org.caller.steps.create({ runId, messages: [{ role: "assistant", content: "4" }] });
  });

  it("returns Letta's message union, oldest first", async ({ org }) => {
    const page = await org.caller.runs.messages({ runId });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((m) => m.messageType)).toEqual([
      "system_message",
      "user_message",
      "reasoning_message",
      "assistant_message",
      "tool_call_message",
      "tool_call_message",
      "tool_return_message",
      "tool_return_message",
      "assistant_message",
    ]);
    const [system, user, reasoning, assistant, call1, call2, ret1, ret2, last] = page.items;
    expect(system.content).toBe("be brief");
    expect(user.content).toBe("what is 2+2?");
    expect(reasoning.reasoning).toBe("add them");
    expect(assistant.content).toBe("let me check");
    expect(call1.toolCall).toEqual({ name: "calc", arguments: '{"q":"2+2"}', toolCallId: "t1" });
    expect(call2.toolCall?.toolCallId).toBe("t2");
    expect(call1.id).toBe(reasoning.id);
    expect(ret1).toMatchObject({ toolReturn: "4", status: "success", toolCallId: "t1", stdout: ["ok"], stderr: null });
    expect(ret2).toMatchObject({ toolReturn: "boom", status: "error", toolCallId: "t2", stderr: ["trace"] });
    expect(last.content).toBe("4");
    expect(page.items.every((m) => m.runId === runId)).toBe(true);
  });

  it("pages by stored message with cursors, in both directions", async ({ org }) => {
    const all = await org.caller.runs.messages({ runId });
    const storedIds = [...new Set(all.items.map((m) => m.id))];
    expect(storedIds).toHaveLength(5);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await org.caller.runs.messages({ runId, limit: 2, after });
      seen.push(...new Set(page.items.map((m) => m.id)));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(storedIds);
    const newest = await org.caller.runs.messages({ runId, ascending: false, limit: 1 });
    expect(newest.items.map((m) => m.id)).toEqual([storedIds[4]]);
    const before = await org.caller.runs.messages({ runId, before: storedIds[2] });
    expect([...new Set(before.items.map((m) => m.id))]).toEqual(storedIds.slice(0, 2));
    await expectTrpcError(org.caller.runs.messages({ runId, after: newId("message") }), "BAD_REQUEST", "after");
  });

  it("returns only the types named by the run's include_return_message_types", async ({ org }) => {
    const run = await org.caller.runs.create({
      agentId,
      requestConfig: { include_return_message_types: ["assistant_message", "tool_return_message"] },
    });
    await org.caller.steps.create({
      runId: run.id,
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "r" },
            { type: "text", text: "hello" },
          ],
        },
      ],
    });
    const page = await org.caller.runs.messages({ runId: run.id });
    expect(page.items.map((m) => m.messageType)).toEqual(["assistant_message"]);
    expect(await org.caller.runs.requestConfig({ runId: run.id })).toEqual({
      include_return_message_types: ["assistant_message", "tool_return_message"],
    });
  });

  it("skips pages whose messages are all filtered out, so a client that stops on an empty page sees everything", async ({
    org,
  }) => {
    const run = await org.caller.runs.create({
      agentId,
      requestConfig: { include_return_message_types: ["assistant_message"] },
    });
    await org.caller.steps.create({
      runId: run.id,
      messages: [
        { role: "user", content: "one" },
        { role: "user", content: "two" },
        { role: "assistant", content: "answer" },
        { role: "user", content: "three" },
      ],
    });
    const first = await org.caller.runs.messages({ runId: run.id, limit: 1 });
    expect(first.items.map((m) => m.content)).toEqual(["answer"]);
    const rest = await org.caller.runs.messages({ runId: run.id, limit: 1, after: first.nextCursor! });
    expect(rest.items).toEqual([]);
    expect(rest.nextCursor).toBeNull();
  });

  it("an empty run has no messages; an unknown run is NOT_FOUND", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    expect(await org.caller.runs.messages({ runId: run.id })).toEqual({ items: [], nextCursor: null });
    expect(await org.caller.runs.requestConfig({ runId: run.id })).toBeNull();
    await expectTrpcError(org.caller.runs.messages({ runId: newId("run") }), "NOT_FOUND", "runId");
  });
});
