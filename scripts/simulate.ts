/**
 * `npm run simulate`: keeps creating and finishing realistic agent runs through the tRPC HTTP API, so the
 * runs table's live refresh, the percentiles and the callbacks can be watched moving. Ctrl-C stops it
 * (open simulated runs are cancelled first; a second Ctrl-C quits at once).
 *
 *   RUNTOWER_API_KEY            API key (default: the demo key rt_demo_local_development_key)
 *   RUNTOWER_BASE_URL           app URL (default http://localhost:3000)
 *   SIMULATE_RUNS_PER_MINUTE    new runs per minute (default 20)
 *   SIMULATE_CALLBACKS=1        send each run's callback to the org's own inbox endpoint "simulator" (the demo
 *                               seeds it; in development the app allows its own host, elsewhere list it in
 *                               CALLBACK_ALLOWED_HOSTS)
 *   SIMULATE_CALLBACK_URL       or: this callback URL for every run
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { DEMO_AGENT_PROFILES, DEMO_PROMPTS, type DemoAgentProfile } from "@/db/demo-profiles";
import type { AppRouter } from "@/server/root";

const BASE_URL = (process.env.RUNTOWER_BASE_URL ?? "http://localhost:3000").replace(/\/$/, "");
const API_KEY = process.env.RUNTOWER_API_KEY ?? "rt_demo_local_development_key";
const RUNS_PER_MINUTE = Math.max(1, Number(process.env.SIMULATE_RUNS_PER_MINUTE ?? 20));
const NS = 1_000_000;

const api = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({ url: `${BASE_URL}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${API_KEY}` } }),
  ],
});

type Profile = DemoAgentProfile;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const int = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const logNormal = (median: number, sigma: number) =>
  median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()));

let stopping = false;
const open = new Set<string>();
const stats = { started: 0, completed: 0, failed: 0, errors: 0 };

async function ensureAgents(): Promise<{ id: string; profile: Profile }[]> {
  const existing = await api.agents.list.query({ limit: 1000 });
  const agents: { id: string; profile: Profile }[] = [];
  for (const profile of DEMO_AGENT_PROFILES) {
    const found = existing.items.find((a) => a.name === profile.name);
    const id =
      found?.id ??
      (await api.agents.create.mutate({ name: profile.name, description: `Simulated agent using ${profile.model}` })).id;
    agents.push({ id, profile });
  }
  return agents;
}

async function callbackUrl(): Promise<string | undefined> {
  if (process.env.SIMULATE_CALLBACK_URL) return process.env.SIMULATE_CALLBACK_URL;
  if (process.env.SIMULATE_CALLBACKS !== "1") return undefined;
  const endpoints = await api.callbacks.endpoints.list.query({ limit: 100 });
  const found = endpoints.items.find((e) => e.name === "simulator");
  if (found) return found.url;
  try {
    return (await api.callbacks.endpoints.create.mutate({ name: "simulator" })).url;
  } catch (error) {
    // Creating endpoints needs callbacks:manage (an admin key or a signed-in owner); the demo key is a member.
    if (error instanceof TRPCClientError && error.data?.code === "FORBIDDEN")
      throw new Error(
        'SIMULATE_CALLBACKS=1: no endpoint named "simulator", and this key may not create one. Create it on /callbacks ' +
          "(or use an admin key); a development demo database has it already.",
      );
    throw error;
  }
}

/** One run: steps arrive in real time (LLM request, then maybe a tool), then it completes or fails. */
async function simulateRun(agent: { id: string; profile: Profile }, callback: string | undefined) {
  const { profile } = agent;
  const startedAt = Date.now();
  const prompt = pick(DEMO_PROMPTS);
  const run = await api.runs.create.mutate({
    agentId: agent.id,
    metadata: { source: "simulator", customer_tier: pick(["free", "pro", "enterprise"]) },
    requestConfig: { use_assistant_message: true },
    conversationId: Math.random() < 0.5 ? `conv-sim-${int(1, 20)}` : undefined,
    callbackUrl: callback,
  });
  open.add(run.id);
  stats.started++;
  try {
    const stepCount = int(1, 5);
    const fails = Math.random() < 0.08;
    // A few runs hang around long enough to be cancelled from the UI.
    const slowFactor = Math.random() < 0.07 ? 8 : 1;
    let ttftNs: number | null = null;
    for (let s = 0; s < stepCount && !stopping; s++) {
      const last = s === stepCount - 1;
      const llmMs = Math.max(80, logNormal(profile.medianStepMs, profile.sigma)) * slowFactor;
      const toolMs = last ? 0 : Math.max(5, logNormal(300, 0.9));
      const stepStart = new Date();
      ttftNs ??= Math.round(Math.min(llmMs, logNormal(450, 0.5)) * NS) + (Date.now() - startedAt) * NS;
      await sleep(llmMs + toolMs);
      const current = await api.runs.get.query({ runId: run.id });
      if (current.status === "cancelled") return; // cancelled from the UI meanwhile
      const failedStep = fails && last;
      const tool = pick(profile.tools);
      const callId = `call_${Math.random().toString(36).slice(2, 12)}`;
      const promptTokens = int(400, 6000) + s * 800;
      await api.steps.create.mutate({
        runId: run.id,
        model: profile.model,
        providerName: profile.provider,
        providerCategory: "base",
        promptTokens,
        completionTokens: int(40, 900),
        promptTokensDetails:
          profile.provider === "openai"
            ? { cached_tokens: int(0, promptTokens / 2) }
            : { cache_read_tokens: int(0, promptTokens / 2) },
        status: failedStep ? "failed" : "success",
        errorType: failedStep ? "RateLimitError" : undefined,
        errorData: failedStep
          ? { message: "Rate limit reached for requests", status_code: 429, provider: profile.provider }
          : undefined,
        timings: {
          stepStart,
          llmRequestStart: new Date(stepStart.getTime() + 2),
          llmRequestNs: Math.round(llmMs * NS),
          toolExecutionNs: Math.round(toolMs * NS),
          stepNs: Math.round((llmMs + toolMs + 3) * NS),
        },
        messages: [
          ...(s === 0 ? [{ role: "user" as const, content: prompt }] : []),
          {
            role: "assistant" as const,
            content: [
              { type: "reasoning" as const, text: `Step ${s + 1}: deciding what to do next.` },
              ...(last ? [{ type: "text" as const, text: "Here is what I found." }] : []),
            ],
            toolCalls: last ? undefined : [{ id: callId, name: tool, arguments: JSON.stringify({ query: prompt.slice(0, 40) }) }],
          },
          ...(last
            ? []
            : [
                {
                  role: "tool" as const,
                  toolReturns: [{ tool_call_id: callId, status: "success" as const, func_response: '{"ok": true}' }],
                },
              ]),
        ],
      });
    }
    if (stopping) return;
    const totalDurationNs = (Date.now() - startedAt) * NS;
    await api.runs.update.mutate({
      runId: run.id,
      status: fails ? "failed" : "completed",
      stopReason: fails ? "llm_api_error" : Math.random() < 0.05 ? "max_steps" : "end_turn",
      totalDurationNs,
      ttftNs: ttftNs ?? undefined,
    });
    if (fails) stats.failed++;
    else stats.completed++;
  } catch (error) {
    // A run cancelled from the UI refuses further steps (CONFLICT): that is part of the demo, not a failure.
    if (!(error instanceof TRPCClientError && error.data?.code === "CONFLICT")) {
      stats.errors++;
      console.error(`[simulate] run ${run.id}: ${(error as Error).message}`);
    }
  } finally {
    // Runs abandoned because of Ctrl-C stay in `open` so that main() cancels them.
    if (!stopping) open.delete(run.id);
  }
}

async function main() {
  console.log(`[simulate] ${BASE_URL} · ${RUNS_PER_MINUTE} runs/min · Ctrl-C to stop`);
  const agents = await ensureAgents();
  const callback = await callbackUrl();
  if (callback) console.log(`[simulate] callbacks go to ${callback}`);

  process.on("SIGINT", () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`\n[simulate] stopping: cancelling ${open.size} open run(s)… (Ctrl-C again to quit now)`);
  });

  const report = setInterval(() => {
    console.log(
      `[simulate] started ${stats.started} · completed ${stats.completed} · failed ${stats.failed} · open ${open.size} · errors ${stats.errors}`,
    );
  }, 15_000);

  const running: Promise<void>[] = [];
  while (!stopping) {
    const agent = pick(agents);
    const task = simulateRun(agent, callback).catch((error: unknown) => {
      stats.errors++;
      console.error(`[simulate] ${(error as Error).message}`);
    });
    running.push(task);
    void task.finally(() => running.splice(running.indexOf(task), 1));
    // Exponential gaps: a Poisson stream of new runs at the chosen rate.
    await sleep(Math.min(-Math.log(1 - Math.random()) * (60_000 / RUNS_PER_MINUTE), 30_000));
  }
  clearInterval(report);
  // Cancel what is open, let in-flight calls settle (a run created meanwhile joins `open`), then cancel the rest.
  const cancelled = new Set<string>();
  const cancelOpen = async () => {
    const ids = [...open].filter((id) => !cancelled.has(id));
    if (!ids.length) return;
    ids.forEach((id) => cancelled.add(id));
    const receipt = await api.runs.cancel.mutate({ runIds: ids }).catch(() => null);
    if (receipt) console.log(`[simulate] cancelled ${receipt.cancelled}, already ended ${receipt.alreadyTerminal}`);
  };
  await cancelOpen();
  await Promise.allSettled(running);
  await cancelOpen();
  console.log(`[simulate] stopped: started ${stats.started}, completed ${stats.completed}, failed ${stats.failed}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`[simulate] ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED") console.error("[simulate] check RUNTOWER_API_KEY");
  process.exit(1);
});
