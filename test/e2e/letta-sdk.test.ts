/**
 * The official @letta-ai/letta-client, unmodified, against `next start`: Runtower's /v1 surface must work
 * for Letta's SDK users with nothing but a different baseURL.
 */
import Letta, {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  UnprocessableEntityError,
} from "@letta-ai/letta-client";
import type { Run as SdkRun } from "@letta-ai/letta-client/resources/agents/messages";
import type { RunListParams } from "@letta-ai/letta-client/resources/runs/runs";
import type { Step as SdkStep } from "@letta-ai/letta-client/resources/steps/steps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { checkAgainstSdk, declaredFields } from "@/test/rest/sdk-dts";
import { appClient, type AppClient } from "@/test/helpers/trpc-client";

let server: AppServer;
let client: Letta;
let trpc: AppClient;

const KEY = E2E_INIT.RUNTOWER_INIT_API_KEY;
const UNKNOWN_RUN = "run-00000000-0000-4000-8000-00000000dead";
const UNKNOWN_STEP = "step-00000000-0000-4000-8000-00000000dead";

/** Everything the tests read back, seeded through tRPC. */
const seed = {
  agentA: "",
  agentB: "",
  /** Agent A's runs, oldest first. */
  runs: [] as string[],
  /** Agent B's runs, oldest first. */
  runsB: [] as string[],
  completed: "",
  failed: "",
  running: "",
  created: "",
  cancelled: "",
  background: "",
  step: "",
  stepB: "",
  toolId: "",
  startedAt: new Date(),
};

async function collect<T extends { id: string }>(iterable: AsyncIterable<T>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of iterable) ids.push(item.id);
  return ids;
}

beforeAll(async () => {
  server = await startAppServer();
  client = new Letta({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
  trpc = appClient(server.url, () => ({ authorization: `Bearer ${KEY}` }));
  seed.startedAt = new Date(Date.now() - 1000);
  const agentA = await trpc.agents.create.mutate({ name: "sdk-agent-a" });
  const agentB = await trpc.agents.create.mutate({ name: "sdk-agent-b" });
  seed.agentA = agentA.id;
  seed.agentB = agentB.id;

  // Agent A: one completed run with a full step, then runs in every status, then plain completed runs.
  const completed = await trpc.runs.create.mutate({ agentId: agentA.id, conversationId: "conv-1", baseTemplateId: "tmpl-1" });
  const step = await trpc.steps.create.mutate({
    runId: completed.id,
    model: "gpt-4o-mini",
    providerName: "openai",
    promptTokens: 100,
    completionTokens: 20,
    promptTokensDetails: { cached_tokens: 30, cache_read_tokens: 5, cache_creation_tokens: 7 },
    completionTokensDetails: { reasoning_tokens: 4 },
    tags: ["billing", "vip"],
    traceId: "trace-sdk-1",
    status: "success",
    timings: { llmRequestNs: 5_000_000, stepNs: 9_000_000 },
    messages: [
      { role: "user", content: "What is my balance?" },
      {
        role: "assistant",
        content: [{ type: "reasoning", text: "Look it up." }],
        toolCalls: [{ id: "call_1", name: "get_balance", arguments: '{"user":"u1"}' }],
      },
      { role: "tool", toolReturns: [{ tool_call_id: "call_1", status: "success", func_response: "42" }] },
      { role: "assistant", content: "Your balance is 42." },
    ],
  });
  await trpc.steps.create.mutate({
    runId: completed.id,
    model: "claude-sonnet",
    promptTokens: 50,
    completionTokens: 10,
    status: "success",
  });
  await trpc.runs.update.mutate({
    runId: completed.id,
    status: "completed",
    totalDurationNs: 3_000_000_000,
    ttftNs: 400_000_000,
  });
  seed.completed = completed.id;
  seed.step = step.id;
  seed.toolId = (await trpc.metrics.run.query({ runId: completed.id })).toolsUsed[0];

  const failed = await trpc.runs.create.mutate({ agentId: agentA.id });
  await trpc.runs.update.mutate({
    runId: failed.id,
    status: "failed",
    stopReason: "llm_api_error",
    totalDurationNs: 1_000_000_000,
  });
  seed.failed = failed.id;

  const running = await trpc.runs.create.mutate({ agentId: agentA.id });
  await trpc.steps.create.mutate({ runId: running.id, model: "gpt-4o-mini" });
  seed.running = running.id;

  seed.created = (await trpc.runs.create.mutate({ agentId: agentA.id })).id;

  const cancelled = await trpc.runs.create.mutate({ agentId: agentA.id });
  await trpc.runs.update.mutate({ runId: cancelled.id, status: "cancelled" });
  seed.cancelled = cancelled.id;

  const background = await trpc.runs.create.mutate({ agentId: agentA.id, background: true });
  await trpc.runs.update.mutate({ runId: background.id, status: "completed", totalDurationNs: 2_000_000_000 });
  seed.background = background.id;

  seed.runs = [completed.id, failed.id, running.id, seed.created, cancelled.id, background.id];
  for (let i = 0; i < 5; i++) {
    const run = await trpc.runs.create.mutate({ agentId: agentA.id, background: false });
    await trpc.runs.update.mutate({ runId: run.id, status: "completed", totalDurationNs: (i + 5) * 1_000_000_000 });
    seed.runs.push(run.id);
  }

  for (let i = 0; i < 2; i++) seed.runsB.push((await trpc.runs.create.mutate({ agentId: agentB.id })).id);
  seed.stepB = (await trpc.steps.create.mutate({ runId: seed.runsB[0], model: "gpt-4o-mini", traceId: "trace-sdk-2" })).id;
}, 180_000);

afterAll(async () => server?.stop());

const listRunIds = async (query: RunListParams & Record<string, unknown>) =>
  (await client.runs.list({ limit: 1000, ...query })).getPaginatedItems().map((r) => r.id);
const newestFirst = (ids: string[]) => [...ids].reverse();

describe("runs.list with each filter", () => {
  it("filters by agent (agent_id beats the deprecated agent_ids), newest first by default", async () => {
    expect(await listRunIds({ agent_id: seed.agentA })).toEqual(newestFirst(seed.runs));
    expect(await listRunIds({ agent_ids: [seed.agentB] })).toEqual(newestFirst(seed.runsB));
    expect(await listRunIds({ agent_id: seed.agentB, agent_ids: [seed.agentA] })).toEqual(newestFirst(seed.runsB));
    const all = await listRunIds({});
    expect(all).toEqual(expect.arrayContaining([...seed.runs, ...seed.runsB]));
  });

  it("filters by statuses, active, stop_reason, background and conversation_id", async () => {
    const a = { agent_id: seed.agentA };
    expect((await listRunIds({ ...a, statuses: ["failed", "cancelled"] })).sort()).toEqual([seed.failed, seed.cancelled].sort());
    expect((await listRunIds({ ...a, active: true })).sort()).toEqual([seed.running, seed.created].sort());
    expect(await listRunIds({ ...a, active: true, statuses: ["failed"] })).toEqual([seed.failed]);
    expect(await listRunIds({ ...a, stop_reason: "llm_api_error" })).toEqual([seed.failed]);
    expect(await listRunIds({ ...a, background: true })).toEqual([seed.background]);
    // Runs created without `background` are background=false, Letta's ORM default.
    expect(await listRunIds({ ...a, background: false })).toEqual(newestFirst(seed.runs.filter((id) => id !== seed.background)));
    expect(await listRunIds({ ...a, background: null })).toHaveLength(seed.runs.length);
    expect(await listRunIds({ ...a, conversation_id: "conv-1" })).toEqual([seed.completed]);
  });

  it("orders with order, the deprecated ascending, and order_by=duration", async () => {
    const a = { agent_id: seed.agentA };
    expect(await listRunIds({ ...a, order: "asc" })).toEqual(seed.runs);
    expect(await listRunIds({ ...a, ascending: true, order: "desc" })).toEqual(seed.runs);
    const byDuration = await listRunIds({ ...a, order_by: "duration", order: "asc", statuses: ["completed", "failed"] });
    expect(byDuration.slice(0, 3)).toEqual([seed.failed, seed.background, seed.completed]);
  });

  it("applies Letta server's duration, percentile, step-count, tool, template, project and date filters", async () => {
    const a = { agent_id: seed.agentA };
    // The cancelled run ended right away: its duration is the few milliseconds it was open.
    expect((await listRunIds({ ...a, duration_value: 2_500_000_000, duration_operator: "lt" })).sort()).toEqual(
      [seed.failed, seed.background, seed.cancelled].sort(),
    );
    expect(await listRunIds({ ...a, duration_value: 3_000_000_000, duration_operator: "eq" })).toEqual([seed.completed]);
    expect(await listRunIds({ ...a, duration_value: 8_500_000_000, duration_operator: "gt" })).toEqual([seed.runs[10]]);
    // Durations ~0 (cancelled), 1, 2, 3, 5, 6, 7, 8, 9 s: the 90th percentile is 8.2 s; only the 9 s run is at or above it.
    expect(await listRunIds({ ...a, duration_percentile: 90 })).toEqual([seed.runs[10]]);
    expect(await listRunIds({ ...a, step_count: 2 })).toEqual([seed.completed]);
    // num_steps follows the steps as they arrive (Letta counts only at the end): the running run's step counts.
    expect((await listRunIds({ ...a, step_count: 1, step_count_operator: "gte" })).sort()).toEqual(
      [seed.completed, seed.running].sort(),
    );
    expect(await listRunIds({ ...a, step_count: 1, step_count_operator: "lte" })).toHaveLength(seed.runs.length - 1);
    expect(await listRunIds({ ...a, tools_used: [seed.toolId] })).toEqual([seed.completed]);
    expect(await listRunIds({ ...a, template_family: "tmpl-1" })).toEqual([seed.completed]);
    expect(await listRunIds({ ...a, project_id: E2E_INIT.RUNTOWER_INIT_PROJECT_ID })).toHaveLength(seed.runs.length);
    expect(await listRunIds({ ...a, project_id: "project-00000000-0000-4000-8000-000000000000" })).toEqual([]);
    expect(await listRunIds({ ...a, start_date: seed.startedAt.toISOString() })).toHaveLength(seed.runs.length);
    expect(await listRunIds({ ...a, end_date: seed.startedAt.toISOString() })).toEqual([]);
    expect(await listRunIds({ ...a, start_date: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  });
});

describe("paging with for await", () => {
  const full = () => listRunIds({ agent_id: seed.agentA });

  it("walks every run exactly once, newest and oldest first, whatever the page size", async () => {
    for (const limit of [1, 2, 4]) {
      const desc = await collect(client.runs.list({ agent_id: seed.agentA, limit }));
      expect(desc).toEqual(await full());
      const asc = await collect(client.runs.list({ agent_id: seed.agentA, limit, order: "asc" }));
      expect(asc).toEqual(seed.runs);
    }
  });

  it("walks backwards from a before cursor without overlap or gap", async () => {
    const all = await full(); // newest first
    const oldest = all[all.length - 1];
    const pages: string[][] = [];
    for await (const page of (await client.runs.list({ agent_id: seed.agentA, before: oldest, limit: 3 })).iterPages())
      pages.push(page.getPaginatedItems().map((r) => r.id));
    expect(pages.flat()).toHaveLength(all.length - 1);
    expect(new Set(pages.flat())).toEqual(new Set(all.slice(0, -1)));
    // Each page is the 3 items just before the previous page's first item, still newest first.
    expect(pages[0]).toEqual(all.slice(-4, -1));
    expect(pages[1]).toEqual(all.slice(-7, -4));
  });

  it("ends with an empty page after the last item", async () => {
    const all = await full();
    expect(await listRunIds({ agent_id: seed.agentA, after: all[all.length - 1] })).toEqual([]);
    const steps = await collect(client.steps.list({ agent_id: seed.agentA, limit: 1 }));
    expect(steps).toHaveLength(3);
    expect(new Set(steps).size).toBe(3);
  });
});

describe("one run", () => {
  it("retrieves a run with every field the SDK's Run declares", async () => {
    const run: SdkRun = await client.runs.retrieve(seed.completed);
    expect(checkAgainstSdk(run as unknown as Record<string, unknown>, "agents/messages.d.ts", "Run")).toEqual([]);
    expect(Object.keys(run).sort()).toEqual(
      declaredFields("agents/messages.d.ts", "Run")
        .map((f) => f.name)
        .sort(),
    );
    expect(run).toMatchObject({
      id: seed.completed,
      agent_id: seed.agentA,
      status: "completed",
      stop_reason: "end_turn",
      conversation_id: "conv-1",
      base_template_id: "tmpl-1",
      total_duration_ns: 3_000_000_000,
      ttft_ns: 400_000_000,
    });
    expect(new Date(run.created_at!).toISOString()).toBe(run.created_at);
    expect(run.request_config).toBeNull();
  });

  it("writes request_config with Letta's four keys, its defaults where the run gave none", async () => {
    const id = (await trpc.runs.create.mutate({ agentId: seed.agentB, requestConfig: { use_assistant_message: false } })).id;
    expect((await client.runs.retrieve(id)).request_config).toEqual({
      use_assistant_message: false,
      assistant_message_tool_name: "send_message",
      assistant_message_tool_kwarg: "message",
      include_return_message_types: null,
    });
    await trpc.runs.delete.mutate({ runId: id });
  });

  it("lists hidden reasoning and approval requests and responses as Letta's message types", async () => {
    const id = (await trpc.runs.create.mutate({ agentId: seed.agentB })).id;
    await trpc.steps.create.mutate({
      runId: id,
      messages: [
        {
          role: "approval",
          content: [{ type: "omitted_reasoning" }],
          toolCalls: [{ id: "ap1", name: "rm", arguments: "{}" }],
        },
        { role: "approval", approvals: [{ tool_call_id: "ap1", approve: true }] },
      ],
    });
    const messages = (await client.runs.messages.list(id)).getPaginatedItems();
    expect(messages.map((m) => m.message_type)).toEqual([
      "hidden_reasoning_message",
      "approval_request_message",
      "approval_response_message",
    ]);
    const [hidden, request, response] = messages;
    if (hidden.message_type !== "hidden_reasoning_message") throw new Error("expected hidden reasoning");
    expect(hidden.state).toBe("omitted");
    if (request.message_type !== "approval_request_message") throw new Error("expected an approval request");
    expect(request.tool_calls).toEqual([{ name: "rm", arguments: "{}", tool_call_id: "ap1" }]);
    if (response.message_type !== "approval_response_message") throw new Error("expected an approval response");
    expect(response).toMatchObject({
      approve: true,
      approval_request_id: "ap1",
      approvals: [{ type: "approval", approve: true }],
    });
    await trpc.runs.delete.mutate({ runId: id });
  });

  it("lists its steps, usage, messages and metrics", async () => {
    const steps = await collect(client.runs.steps.list(seed.completed));
    expect(steps).toHaveLength(2);
    expect(steps[1]).toBe(seed.step); // newest first

    const usage = await client.runs.usage.retrieve(seed.completed);
    expect(usage).toMatchObject({
      prompt_tokens: 150,
      completion_tokens: 30,
      total_tokens: 180,
      prompt_tokens_details: { cached_tokens: 30, cache_read_tokens: 5, cache_creation_tokens: 7 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });

    const messages = (await client.runs.messages.list(seed.completed)).getPaginatedItems();
    expect(messages.map((m) => m.message_type)).toEqual([
      "user_message",
      "reasoning_message",
      "tool_call_message",
      "tool_return_message",
      "assistant_message",
    ]);
    const call = messages[2];
    if (call.message_type !== "tool_call_message") throw new Error("expected a tool call");
    expect(call.tool_call).toMatchObject({ name: "get_balance", arguments: '{"user":"u1"}', tool_call_id: "call_1" });
    const ret = messages[3];
    if (ret.message_type !== "tool_return_message") throw new Error("expected a tool return");
    expect(ret).toMatchObject({
      tool_return: "42",
      status: "success",
      tool_call_id: "call_1",
      run_id: seed.completed,
      step_id: seed.step,
    });
    const newest = (await client.runs.messages.list(seed.completed, { order: "desc", limit: 1 })).getPaginatedItems();
    expect(newest.map((m) => m.message_type)).toEqual(["assistant_message"]);

    const metrics = await client.get<Record<string, unknown>>(`/v1/runs/${seed.completed}/metrics`);
    expect(metrics).toMatchObject({
      id: seed.completed,
      agent_id: seed.agentA,
      run_ns: 3_000_000_000,
      num_steps: 2,
      tools_used: [seed.toolId],
    });
    // run_start_ns: epoch nanoseconds, an exact JSON integer on the wire (as Letta writes it).
    const raw = await (
      await fetch(`${server.url}/v1/runs/${seed.completed}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })
    ).text();
    const digits = raw.match(/"run_start_ns":(\d+)/)?.[1];
    const run = await client.runs.retrieve(seed.completed);
    expect(BigInt(digits!)).toBe(BigInt(Date.parse(run.created_at!)) * 1_000_000n);
  });

  it("deletes a run through the generic client", async () => {
    const victim = (await trpc.runs.create.mutate({ agentId: seed.agentB })).id;
    const step = await trpc.steps.create.mutate({ runId: victim, messages: [{ role: "user", content: "bye" }] });
    const deleted = await client.delete<SdkRun>(`/v1/runs/${victim}`);
    expect(deleted.id).toBe(victim);
    await expect(client.runs.retrieve(victim)).rejects.toBeInstanceOf(NotFoundError);
    // its steps (and their messages) go with it, as Letta's ORM cascade
    await expect(client.steps.retrieve(step.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("steps", () => {
  it("lists steps with each filter", async () => {
    const ids = async (q: Parameters<typeof client.steps.list>[0]) => collect(client.steps.list({ limit: 1000, ...q }));
    expect((await ids({ agent_id: seed.agentA })).length).toBe(3);
    expect((await ids({ agent_id: seed.agentA, model: "gpt-4o-mini" })).length).toBe(2);
    expect(await ids({ tags: ["billing", "vip"] })).toEqual([seed.step]);
    expect(await ids({ tags: ["billing", "nope"] })).toEqual([]);
    expect(await ids({ trace_ids: ["trace-sdk-1", "trace-sdk-2"] })).toEqual([seed.stepB, seed.step]);
    expect((await ids({ project_id: E2E_INIT.RUNTOWER_INIT_PROJECT_ID })).length).toBe(4);
    expect(await ids({ end_date: seed.startedAt.toISOString() })).toEqual([]);
    expect((await ids({ start_date: seed.startedAt.toISOString(), order: "asc" }))[0]).toBe(seed.step);
  });

  it("retrieves a step with every field the SDK's Step declares", async () => {
    const step: SdkStep = await client.steps.retrieve(seed.step);
    expect(checkAgainstSdk(step as unknown as Record<string, unknown>, "steps/steps.d.ts", "Step")).toEqual([]);
    const declared = declaredFields("steps/steps.d.ts", "Step").map((f) => f.name);
    expect(Object.keys(step).filter((k) => !declared.includes(k))).toEqual(["created_at"]);
    expect(step).toMatchObject({
      id: seed.step,
      run_id: seed.completed,
      agent_id: seed.agentA,
      model: "gpt-4o-mini",
      model_handle: "openai/gpt-4o-mini",
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      cached_input_tokens: 30, // cached_tokens wins over cache_read_tokens (Letta's normalize_cache_tokens)
      cache_write_tokens: 7,
      reasoning_tokens: 4,
      tags: ["billing", "vip"],
      trace_id: "trace-sdk-1",
      status: "success",
      project_id: E2E_INIT.RUNTOWER_INIT_PROJECT_ID,
    });
  });

  it("sets feedback idempotently and filters by it", async () => {
    const updated = await client.steps.feedback.create(seed.stepB, { feedback: "negative", tags: ["wrong-answer"] });
    expect(updated).toMatchObject({ id: seed.stepB, feedback: "negative", tags: ["wrong-answer"] });
    const again = await client.steps.feedback.create(seed.stepB, { feedback: "negative", tags: ["wrong-answer"] });
    expect(again).toMatchObject({ feedback: "negative", tags: ["wrong-answer"] });
    expect((await client.steps.retrieve(seed.stepB)).feedback).toBe("negative");
    expect(await collect(client.steps.list({ feedback: "negative" }))).toEqual([seed.stepB]);
    expect(await collect(client.steps.list({ has_feedback: true }))).toEqual([seed.stepB]);
    expect(await collect(client.steps.list({ has_feedback: false, agent_id: seed.agentA }))).toHaveLength(3);
  });

  it("retrieves a step's metrics and messages", async () => {
    const metrics = await client.steps.metrics.retrieve(seed.step);
    expect(
      checkAgainstSdk(metrics as unknown as Record<string, unknown>, "steps/metrics.d.ts", "MetricRetrieveResponse"),
    ).toEqual([]);
    expect(metrics).toMatchObject({ id: seed.step, run_id: seed.completed, llm_request_ns: 5_000_000, step_ns: 9_000_000 });
    expect(typeof metrics.step_start_ns).toBe("number");
    const messages = await collect(client.steps.messages.list(seed.step, { limit: 1 }));
    expect(messages).toHaveLength(5); // four stored messages; the assistant one is a reasoning and a tool call item
    const types = (await client.steps.messages.list(seed.step)).getPaginatedItems().map((m) => m.message_type);
    expect(types).toEqual(["user_message", "reasoning_message", "tool_call_message", "tool_return_message", "assistant_message"]);
  });
});

describe("agents.messages.cancel", () => {
  it("cancels the agent's active runs, then reports ended runs as cancelled without touching them", async () => {
    const agent = (await trpc.agents.create.mutate({ name: "sdk-cancel" })).id;
    const open = (await trpc.runs.create.mutate({ agentId: agent })).id;
    const running = (await trpc.runs.create.mutate({ agentId: agent })).id;
    await trpc.steps.create.mutate({ runId: running });
    const done = (await trpc.runs.create.mutate({ agentId: agent })).id;
    await trpc.runs.update.mutate({ runId: done, status: "completed" });

    const result = await client.agents.messages.cancel(agent);
    expect(result).toEqual({ [open]: "cancelled", [running]: "cancelled" });
    expect((await client.runs.retrieve(open)).status).toBe("cancelled");
    expect((await client.runs.retrieve(running)).stop_reason).toBe("cancelled");

    const again = await client.agents.messages.cancel(agent, { run_ids: [open, done] });
    expect(again).toEqual({ [open]: "cancelled", [done]: "cancelled" });
    expect((await client.runs.retrieve(done)).status).toBe("completed");
    // Nothing active left: Letta's 409 (NoActiveRunsToCancelError), which the SDK is told not to retry.
    await expect(client.agents.messages.cancel(agent, {})).rejects.toBeInstanceOf(ConflictError);
    // Ids that are unknown or malformed are reported failed; the others are still cancelled.
    const other = (await trpc.runs.create.mutate({ agentId: agent })).id;
    expect(await client.agents.messages.cancel(agent, { run_ids: [UNKNOWN_RUN, "run-1", other] })).toEqual({
      [UNKNOWN_RUN]: "failed",
      "run-1": "failed",
      [other]: "cancelled",
    });
  });
});

describe("errors as Letta's", () => {
  it("raises NotFoundError for unknown ids and BadRequestError for malformed ones", async () => {
    await expect(client.runs.retrieve(UNKNOWN_RUN)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.runs.usage.retrieve(UNKNOWN_RUN)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.runs.steps.list(UNKNOWN_RUN)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.runs.messages.list(UNKNOWN_RUN)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.steps.retrieve(UNKNOWN_STEP)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.steps.metrics.retrieve(UNKNOWN_STEP)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.steps.feedback.create(UNKNOWN_STEP, { feedback: "positive" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.agents.messages.cancel("agent-00000000-0000-4000-8000-00000000dead")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const error = await client.runs.retrieve("run-not-a-uuid").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).message).toMatch(/run_id: must be a run id/);
    await expect(client.runs.list({ agent_id: "agent-42" })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.runs.list({ limit: 5000 })).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it("raises AuthenticationError for a wrong key and for no key", async () => {
    const wrong = new Letta({ baseURL: server.url, apiKey: "rt_wrong_key", maxRetries: 0 });
    await expect(wrong.runs.list()).rejects.toBeInstanceOf(AuthenticationError);
    const none = new Letta({ baseURL: server.url, apiKey: null, maxRetries: 0 });
    await expect(none.runs.retrieve(seed.completed)).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("HTTP details", () => {
  it("serves /v1/runs and /v1/runs/ alike, without a redirect, as a bare JSON array", async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const bodies: unknown[] = [];
    for (const path of [
      `/v1/runs/?agent_id=${seed.agentB}`,
      `/v1/runs?agent_id=${seed.agentB}`,
      `/v1/steps/?agent_id=${seed.agentB}`,
      `/v1/steps?agent_id=${seed.agentB}`,
    ]) {
      const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("application/json");
      const body = await res.json();
      expect(Array.isArray(body), path).toBe(true);
      bodies.push(body);
    }
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[2]).toEqual(bodies[3]);
  });

  it("publishes an OpenAPI 3.1 document of the routes", async () => {
    const res = await fetch(`${server.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/runs/",
        "/v1/runs/{run_id}",
        "/v1/steps/",
        "/v1/steps/{step_id}/feedback",
        "/v1/agents/{agent_id}/messages/cancel",
      ]),
    );
  });
});
