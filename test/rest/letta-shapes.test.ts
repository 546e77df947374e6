import type { Run as SdkRun, Message as SdkMessage } from "@letta-ai/letta-client/resources/agents/messages";
import type { UsageRetrieveResponse } from "@letta-ai/letta-client/resources/runs/usage";
import type { MetricRetrieveResponse } from "@letta-ai/letta-client/resources/steps/metrics";
import type { Step as SdkStep } from "@letta-ai/letta-client/resources/steps/steps";
import { describe, expect, expectTypeOf, it } from "vitest";
import { jsonBody } from "@/server/http/rest-json";
import {
  lettaMessage,
  lettaRun,
  lettaRunMetrics,
  lettaStep,
  lettaStepMetrics,
  toLettaCancelResult,
  toLettaMessagesOnWire,
  toLettaRun,
  toLettaRunMetrics,
  toLettaStep,
  toLettaStepMetrics,
  type LettaMessageOnWire,
  type LettaRun,
  type LettaRunUsage,
  type LettaStep,
  type LettaStepMetrics,
  type LettaMessage,
} from "@/server/letta";
import type { Run } from "@/server/modules/runs";
import type { Step } from "@/server/modules/steps";
import { checkAgainstSdk, declaredFields } from "./sdk-dts";

/** What JSON.parse gives a client for one of our bodies: bigints arrive as numbers. */
type Wire<T> = T extends bigint
  ? number
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends Record<string, unknown>
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

const created = new Date("2026-01-02T03:04:05.678Z");
const run: Run = {
  id: "run-00000000-0000-4000-8000-000000000001",
  projectId: "project-00000000-0000-4000-8000-000000000001",
  agentId: "agent-00000000-0000-4000-8000-000000000001",
  batchId: null,
  status: "completed",
  stopReason: "end_turn",
  background: true,
  metadata: { team: "a" },
  requestConfig: { use_assistant_message: true, include_return_message_types: ["assistant_message"] },
  conversationId: "conv-1",
  baseTemplateId: null,
  callbackUrl: "https://example.com/hook",
  callbackSentAt: created,
  callbackStatusCode: 200,
  callbackError: null,
  ttftNs: 1_500_000,
  totalDurationNs: 2_000_000_000,
  createdAt: created,
  updatedAt: created,
  completedAt: new Date(created.getTime() + 2000),
  createdById: null,
  lastUpdatedById: null,
} as Run;

const step = {
  id: "step-00000000-0000-4000-8000-000000000001",
  projectId: null,
  agentId: run.agentId,
  runId: run.id,
  origin: null,
  providerId: null,
  providerName: "openai",
  providerCategory: "base",
  model: "gpt-4o-mini",
  modelEndpoint: null,
  contextWindowLimit: 128000,
  completionTokens: 5,
  promptTokens: 10,
  totalTokens: 15,
  completionTokensDetails: { reasoning_tokens: 2 },
  promptTokensDetails: { cached_tokens: 3, cache_read_tokens: 1 },
  stopReason: null,
  tags: ["x"],
  tid: null,
  traceId: "trace-1",
  requestId: null,
  feedback: "positive",
  errorType: null,
  errorData: null,
  status: "success",
  createdAt: created,
  updatedAt: created,
  createdById: null,
  lastUpdatedById: null,
} as Step;

describe("Letta shapes: types against @letta-ai/letta-client's declarations (checked by tsc)", () => {
  // Type-level only: vitest runs it as an empty test; `npm run typecheck` (tsc, in CI) is what fails on a mismatch.
  it("a mapped Run, Step, usage and step metrics are assignable to the SDK's types, with every SDK key present", () => {
    expectTypeOf<Wire<LettaRun>>().toExtend<SdkRun>();
    expectTypeOf<Exclude<keyof SdkRun, keyof LettaRun>>().toBeNever();
    expectTypeOf<Wire<LettaStep>>().toExtend<SdkStep>();
    expectTypeOf<Exclude<keyof SdkStep, keyof LettaStep>>().toBeNever();
    expectTypeOf<Wire<LettaRunUsage>>().toExtend<UsageRetrieveResponse>();
    expectTypeOf<Exclude<keyof UsageRetrieveResponse, keyof LettaRunUsage>>().toBeNever();
    expectTypeOf<Wire<LettaStepMetrics>>().toExtend<MetricRetrieveResponse>();
    expectTypeOf<Exclude<keyof MetricRetrieveResponse, keyof LettaStepMetrics>>().toBeNever();
    expectTypeOf<LettaMessageOnWire>().toExtend<SdkMessage>();
    // Letta's ORM defaults background to false and our column is NOT NULL (migration 0013): never null on the wire.
    expectTypeOf<LettaRun["background"]>().toEqualTypeOf<boolean>();
    // Letta's LettaRequestConfig always has its four keys (their defaults when not given).
    expectTypeOf<NonNullable<LettaRun["request_config"]>["assistant_message_tool_name"]>().toEqualTypeOf<string>();
  });
});

describe("Letta shapes: values", () => {
  it("maps a run to Letta's Run: every field the SDK declares, of the declared type", () => {
    const wire = JSON.parse(jsonBody(toLettaRun(run)));
    expect(checkAgainstSdk(wire, "agents/messages.d.ts", "Run")).toEqual([]);
    expect(Object.keys(wire).sort()).toEqual(
      declaredFields("agents/messages.d.ts", "Run")
        .map((f) => f.name)
        .sort(),
    );
    expect(lettaRun.parse(wire)).toEqual(wire);
    expect(wire).toMatchObject({
      agent_id: run.agentId,
      created_at: "2026-01-02T03:04:05.678Z",
      completed_at: "2026-01-02T03:04:07.678Z",
      total_duration_ns: 2_000_000_000,
      request_config: { use_assistant_message: true },
    });
  });

  it("reports our pending and expired statuses as Letta's created and failed", () => {
    expect(toLettaRun({ ...run, status: "pending" }).status).toBe("created");
    expect(toLettaRun({ ...run, status: "expired" }).status).toBe("failed");
    expect(toLettaRun({ ...run, status: "running" }).status).toBe("running");
  });

  it("maps a step to Letta's Step with the provider-normalised token counts", () => {
    const wire = JSON.parse(jsonBody(toLettaStep(step)));
    expect(checkAgainstSdk(wire, "steps/steps.d.ts", "Step")).toEqual([]);
    const declared = declaredFields("steps/steps.d.ts", "Step").map((f) => f.name);
    expect(Object.keys(wire).filter((k) => !declared.includes(k))).toEqual(["created_at"]);
    expect(lettaStep.parse(wire)).toEqual(wire);
    expect(wire).toMatchObject({
      cached_input_tokens: 3, // cached_tokens when non-zero, else cache_read_tokens (never their sum)
      cache_write_tokens: null,
      reasoning_tokens: 2,
      model_handle: "openai/gpt-4o-mini",
      messages: [],
    });
    const bare = toLettaStep({ ...step, promptTokensDetails: null, completionTokensDetails: null, providerName: null });
    expect([bare.cached_input_tokens, bare.reasoning_tokens, bare.model_handle]).toEqual([null, null, null]);
  });

  it("writes epoch nanoseconds as exact JSON integers", () => {
    const metrics = toLettaRunMetrics({
      runId: run.id,
      agentId: run.agentId,
      projectId: null,
      baseTemplateId: null,
      runStart: new Date("2026-01-02T03:04:05.678Z"),
      runNs: 2_000_000_000,
      numSteps: 1,
      toolsUsed: [],
      ttftNs: null,
      steps: {} as never,
    });
    const body = jsonBody(metrics);
    expect(body).toContain('"run_start_ns":1767323045678000000,');
    expect(lettaRunMetrics.parse(metrics)).toEqual(metrics);
    // A number would have been rounded: 1767323045678000000 is not a safe integer.
    expect(Number.isSafeInteger(1767323045678000000)).toBe(false);

    const stepMetrics = toLettaStepMetrics({
      id: step.id,
      runId: run.id,
      agentId: run.agentId,
      projectId: null,
      providerId: null,
      stepStart: new Date(0),
      llmRequestStart: null,
      llmRequestNs: 5,
      toolExecutionNs: null,
      stepNs: 7,
      baseTemplateId: null,
      templateId: null,
    });
    expect(jsonBody(stepMetrics)).toContain('"step_start_ns":0,"llm_request_start_ns":null');
    expect(checkAgainstSdk(JSON.parse(jsonBody(stepMetrics)), "steps/metrics.d.ts", "MetricRetrieveResponse")).toEqual([]);
    expect(lettaStepMetrics.parse(stepMetrics)).toEqual(stepMetrics);
  });

  it("leaves strings that look like the bigint marker alone", () => {
    expect(JSON.parse(jsonBody({ a: "bigint:12", b: 12n }))).toEqual({ a: "bigint:12", b: 12 });
  });

  it("maps the message union with each type's required fields", () => {
    const base = { id: "message-1", date: created, runId: run.id, stepId: step.id, name: null };
    const messages: LettaMessage[] = [
      { ...base, messageType: "user_message", content: "hi" },
      { ...base, messageType: "reasoning_message", reasoning: "think" },
      { ...base, messageType: "tool_call_message", toolCall: { name: "search", arguments: "{}", toolCallId: "c1" } },
      {
        ...base,
        messageType: "tool_return_message",
        toolReturn: "ok",
        status: "success",
        toolCallId: "c1",
        stdout: null,
        stderr: null,
      },
      { ...base, messageType: "hidden_reasoning_message", state: "redacted", hiddenReasoning: "opaque" },
      {
        ...base,
        messageType: "approval_request_message",
        toolCall: { name: "rm", arguments: "{}", toolCallId: "c2" },
        toolCalls: [
          { name: "rm", arguments: "{}", toolCallId: "c2" },
          { name: "mv", arguments: "{}", toolCallId: "c3" },
        ],
      },
      {
        ...base,
        messageType: "approval_response_message",
        approvals: [
          { type: "approval", toolCallId: "c2", approve: true, reason: null },
          { type: "tool", toolCallId: "c3", status: "error", toolReturn: "denied", stdout: null, stderr: null },
        ],
        approve: true,
        approvalRequestId: "c2",
        reason: null,
      },
    ];
    const wire = JSON.parse(jsonBody(toLettaMessagesOnWire(messages)));
    expect(wire.map((m: { message_type: string }) => m.message_type)).toEqual([
      "user_message",
      "reasoning_message",
      "tool_call_message",
      "tool_return_message",
      "hidden_reasoning_message",
      "approval_request_message",
      "approval_response_message",
    ]);
    expect(wire[2].tool_call).toEqual({ name: "search", arguments: "{}", tool_call_id: "c1" });
    expect(wire[4]).toMatchObject({ state: "redacted", hidden_reasoning: "opaque" });
    expect(wire[5].tool_calls.map((c: { tool_call_id: string }) => c.tool_call_id)).toEqual(["c2", "c3"]);
    expect(wire[6]).toMatchObject({
      approvals: [
        { type: "approval", tool_call_id: "c2", approve: true, reason: null },
        { type: "tool", tool_call_id: "c3", status: "error", tool_return: "denied", stdout: null, stderr: null },
      ],
      approve: true,
      approval_request_id: "c2",
      reason: null,
    });
    const sdkInterface = {
      user_message: "UserMessage",
      reasoning_message: "ReasoningMessage",
      tool_call_message: "ToolCallMessage",
      hidden_reasoning_message: "HiddenReasoningMessage",
      approval_request_message: "ApprovalRequestMessage",
      approval_response_message: "ApprovalResponseMessage",
    };
    for (const m of wire.filter((m: { message_type: string }) => m.message_type !== "tool_return_message")) {
      const name = sdkInterface[m.message_type as keyof typeof sdkInterface];
      expect(checkAgainstSdk(m, "agents/messages.d.ts", name)).toEqual([]);
    }
    expect(checkAgainstSdk(wire[3], "tools.d.ts", "ToolReturnMessage")).toEqual([]);
    for (const m of wire) expect(lettaMessage.parse(m)).toEqual(m);
  });

  it("answers cancel with Letta's map, reporting already-ended runs as cancelled and runs not found as failed", () => {
    expect(
      toLettaCancelResult(["run-a", "run-b", "run-c", "run-bad"], {
        results: [
          { runId: "run-a", outcome: "cancelled", status: "cancelled" },
          { runId: "run-b", outcome: "already_terminal", status: "completed" },
          { runId: "run-c", outcome: "not_found", status: null },
        ],
        cancelled: 1,
        alreadyTerminal: 1,
        notFound: 1,
      }),
    ).toEqual({ "run-a": "cancelled", "run-b": "cancelled", "run-c": "failed", "run-bad": "failed" });
  });
});
