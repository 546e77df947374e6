import {
  agents,
  messages,
  runs,
  stepMetrics,
  steps,
  tools,
  type ContentPart,
  type RunStatus,
  type StopReason,
  type ToolCall,
} from "./schema";
import { DEMO_AGENT_PROFILES, DEMO_PROMPTS } from "./demo-profiles";

/**
 * The demo organization's data, as rows (no writes here: db/ imports nothing from server/). The demo seed that
 * writes them, with the demo key, user and histograms, is server/boot/demo.ts.
 */
export const DEMO_ORG_ID = "org-00000000-0000-4000-8000-00000000de30";
export const DEMO_PROJECT_IDS = ["project-00000000-0000-4000-8000-00000000de31", "project-00000000-0000-4000-8000-00000000de32"];
/** Only ever seeded into demo databases; README and .env.example say so. */
export const DEMO_API_KEY = "rt_demo_local_development_key";
/** The demo org's owner; the sign-in page shows these credentials in development and demo databases only. */
export const DEMO_USER = { email: "demo@runtower.dev", password: "runtower-demo", name: "Demo user" } as const;
export const DEMO_PROJECTS = [
  { id: DEMO_PROJECT_IDS[0], organizationId: DEMO_ORG_ID, name: "Customer support" },
  { id: DEMO_PROJECT_IDS[1], organizationId: DEMO_ORG_ID, name: "Internal tools" },
];

const NS = 1_000_000; // ns per ms

/** Small deterministic PRNG (mulberry32) so every fresh demo database looks the same. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    logNormal: (medianMs: number, sigma: number) => medianMs * Math.exp(sigma * normal()),
  };
}

export interface DemoRows {
  tools: (typeof tools.$inferInsert)[];
  agents: (typeof agents.$inferInsert)[];
  /** Each run with what its run_metrics row knows beyond the run itself (the runs module inserts both). */
  runs: (typeof runs.$inferInsert & { metrics: { numSteps: number; toolsUsed: string[] } })[];
  steps: (typeof steps.$inferInsert)[];
  stepMetrics: (typeof stepMetrics.$inferInsert)[];
  messages: (typeof messages.$inferInsert)[];
}

/**
 * ~`runCount` realistic runs (steps, messages, metrics, tool calls, failures, approvals, feedback) of the demo org
 * spread over the 7 days before `now`, deterministic but for the ids (`newId`, the app's id maker, is passed in).
 */
export function demoRows(options: {
  runCount: number;
  now: Date;
  newId: (kind: "tool" | "agent" | "run" | "step" | "message") => string;
}): DemoRows {
  const { runCount, now, newId } = options;
  const rand = prng(20261123);
  const orgId = DEMO_ORG_ID;
  const toolIds = new Map<string, string>();
  for (const profile of DEMO_AGENT_PROFILES) for (const tool of profile.tools) toolIds.set(tool, newId("tool"));

  const agentRows = DEMO_AGENT_PROFILES.map((profile, i) => ({
    id: newId("agent"),
    organizationId: orgId,
    projectId: DEMO_PROJECT_IDS[i % 2],
    name: profile.name,
    description: `Demo agent using ${profile.model}`,
    createdAt: new Date(now.getTime() - 8 * 86_400_000),
    lastStopReason: null as StopReason | null,
  }));

  const runRows: DemoRows["runs"] = [];
  const stepRows: (typeof steps.$inferInsert)[] = [];
  const stepMetricRows: (typeof stepMetrics.$inferInsert)[] = [];
  const messageRows: (typeof messages.$inferInsert)[] = [];
  const windowMs = 7 * 86_400_000;

  for (let r = 0; r < runCount; r++) {
    const agentIndex = rand.int(0, DEMO_AGENT_PROFILES.length - 1);
    const profile = DEMO_AGENT_PROFILES[agentIndex];
    const agent = agentRows[agentIndex];
    // Newest runs are the most recent few minutes, so the live list has open runs to show.
    const age = r < 12 ? rand.int(5_000, 600_000) : Math.floor(Math.pow(rand.next(), 1.3) * windowMs);
    const createdAt = new Date(now.getTime() - age);
    const roll = rand.next();
    const open = r < 12 && roll < 0.6;
    let status: RunStatus = open ? (roll < 0.15 ? "created" : "running") : "completed";
    let stopReason: StopReason | null = open ? null : "end_turn";
    if (!open) {
      if (roll < 0.07) [status, stopReason] = ["failed", rand.pick(["llm_api_error", "error", "invalid_tool_call"] as const)];
      else if (roll < 0.1) [status, stopReason] = ["cancelled", "cancelled"];
      else if (roll < 0.13) stopReason = "requires_approval";
      else if (roll < 0.16) stopReason = "max_steps";
    }
    const runId = newId("run");
    const stepCount = status === "created" ? 0 : rand.int(1, 6);
    let cursorMs = createdAt.getTime() + rand.int(20, 120);
    let ttftNs: number | null = null;
    const used = new Set<string>();
    const prompt = rand.pick(DEMO_PROMPTS);
    messageRows.push({
      id: newId("message"),
      organizationId: orgId,
      agentId: agent.id,
      runId,
      role: "user",
      content: [{ type: "text", text: prompt }],
      createdAt: new Date(cursorMs),
    });

    for (let s = 0; s < stepCount; s++) {
      const stepId = newId("step");
      const last = s === stepCount - 1;
      const llmMs = Math.max(80, rand.logNormal(profile.medianStepMs, profile.sigma));
      const callsTool = !last || stopReason === "requires_approval";
      const toolMs = callsTool ? Math.max(5, rand.logNormal(300, 0.9)) : 0;
      const stepStart = cursorMs;
      if (ttftNs === null) ttftNs = Math.round(Math.min(llmMs, rand.logNormal(450, 0.5)) * NS);
      const promptTokens = rand.int(400, 6000) + s * 800;
      const completionTokens = rand.int(40, 900);
      const failedStep = status === "failed" && last;
      const stepStatus =
        open && last ? "pending" : failedStep ? "failed" : status === "cancelled" && last ? "cancelled" : "success";
      const feedbackRoll = rand.next();
      stepRows.push({
        id: stepId,
        organizationId: orgId,
        projectId: agent.projectId,
        agentId: agent.id,
        runId,
        origin: "https://api.runtower.dev",
        providerName: profile.provider,
        providerCategory: "base",
        model: profile.model,
        modelEndpoint: profile.provider === "openai" ? "https://api.openai.com/v1" : "https://api.anthropic.com/v1",
        contextWindowLimit: 128_000,
        promptTokens,
        completionTokens,
        totalTokens: promptTokens + completionTokens,
        promptTokensDetails:
          profile.provider === "openai"
            ? { cached_tokens: rand.int(0, promptTokens / 2) }
            : { cache_read_tokens: rand.int(0, promptTokens / 2), cache_creation_tokens: rand.int(0, 300) },
        completionTokensDetails: profile.model.startsWith("o") ? { reasoning_tokens: rand.int(50, 600) } : null,
        stopReason: last ? stopReason : null,
        tags: feedbackRoll < 0.05 ? ["needs-review"] : [],
        traceId: `trace-${runId.slice(4, 12)}`,
        requestId: `req_${stepId.slice(5, 17)}`,
        feedback: feedbackRoll < 0.08 ? "positive" : feedbackRoll < 0.12 ? "negative" : null,
        errorType: failedStep ? "RateLimitError" : null,
        errorData: failedStep
          ? { message: "Rate limit reached for requests", status_code: 429, provider: profile.provider }
          : null,
        status: stepStatus,
        createdAt: new Date(stepStart),
      });
      stepMetricRows.push({
        id: stepId,
        organizationId: orgId,
        runId,
        agentId: agent.id,
        projectId: agent.projectId,
        stepStart: new Date(stepStart),
        llmRequestStart: new Date(stepStart + 2),
        llmRequestNs: Math.round(llmMs * NS),
        toolExecutionNs: Math.round(toolMs * NS),
        stepNs: Math.round((llmMs + toolMs + 3) * NS),
      });
      const content: ContentPart[] = [{ type: "reasoning", text: `Step ${s + 1}: deciding what to do next.` }];
      let toolCalls: ToolCall[] | null = null;
      if (callsTool) {
        const tool = rand.pick(profile.tools);
        used.add(tool);
        toolCalls = [
          { id: `call_${stepId.slice(5, 17)}`, name: tool, arguments: JSON.stringify({ query: prompt.slice(0, 40) }) },
        ];
      } else {
        content.push({ type: "text", text: "Here is what I found." });
      }
      messageRows.push({
        id: newId("message"),
        organizationId: orgId,
        agentId: agent.id,
        runId,
        stepId,
        role: stopReason === "requires_approval" && last ? "approval" : "assistant",
        content,
        toolCalls,
        createdAt: new Date(stepStart + llmMs),
      });
      if (toolCalls && !(stopReason === "requires_approval" && last)) {
        messageRows.push({
          id: newId("message"),
          organizationId: orgId,
          agentId: agent.id,
          runId,
          stepId,
          role: "tool",
          toolCallId: toolCalls[0].id,
          name: toolCalls[0].name,
          toolReturns: [{ tool_call_id: toolCalls[0].id, status: "success", func_response: '{"ok": true}' }],
          createdAt: new Date(stepStart + llmMs + toolMs),
        });
      }
      cursorMs = stepStart + llmMs + toolMs + rand.int(5, 60);
    }

    const terminal = status !== "created" && status !== "running";
    const durationNs = terminal ? Math.round((cursorMs - createdAt.getTime()) * NS) : null;
    runRows.push({
      id: runId,
      organizationId: orgId,
      projectId: agent.projectId,
      agentId: agent.id,
      status,
      stopReason,
      background: rand.next() < 0.3,
      metadata: { source: rand.pick(["web", "slack", "api"]), customer_tier: rand.pick(["free", "pro", "enterprise"]) },
      requestConfig: { use_assistant_message: true, include_return_message_types: null },
      conversationId: rand.next() < 0.5 ? `conv-${rand.int(1, 40)}` : null,
      baseTemplateId: rand.next() < 0.4 ? `template-${profile.name}` : null,
      ttftNs: terminal ? ttftNs : null,
      totalDurationNs: durationNs,
      createdAt,
      updatedAt: terminal ? new Date(cursorMs) : createdAt,
      completedAt: terminal ? new Date(cursorMs) : null,
      createdById: "seed",
      lastUpdatedById: "seed",
      metrics: { numSteps: stepCount, toolsUsed: terminal ? [...used].map((name) => toolIds.get(name)!).sort() : [] },
    });
    if (terminal && stopReason && (!agent.lastStopReason || rand.next() < 0.1)) agent.lastStopReason = stopReason;
  }

  return {
    tools: [...toolIds].map(([name, id]) => ({ id, organizationId: orgId, name })),
    agents: agentRows,
    runs: runRows,
    steps: stepRows,
    stepMetrics: stepMetricRows,
    messages: messageRows,
  };
}
