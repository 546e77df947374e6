"use client";

import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense, useActionState, useEffect, useState } from "react";
import { cancelRun, type CancelActionResult } from "@/app/runs/actions";
import { isCancellable, OPEN_RUN_STATUSES } from "@/db/schema/enums";
import { callbackState } from "./columns";
import { AGENT_PERCENTILES, RUN_MESSAGES, RUN_STEPS } from "./queries";
import { formatDurationNs, formatNumber, prettyJson } from "@/components/format";
import { useTRPC } from "@/components/trpc/client";
import { useCan } from "./use-permission";
import {
  buttonClass,
  CallbackBadge,
  Card,
  EmptyState,
  ErrorBoundary,
  inputClass,
  JsonBlock,
  LocalTime,
  Skeleton,
  StatusBadge,
  useIsClient,
} from "@/components/ui/primitives";

const OPEN = new Set<string>(OPEN_RUN_STATUSES);
const POLL_MS = 4000;

function useRun(runId: string) {
  const trpc = useTRPC();
  return useSuspenseQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    // While the run is open its page follows it.
    refetchInterval: (q) => (q.state.data && OPEN.has(q.state.data.status) ? POLL_MS : false),
  });
}

function Section({ children, title }: { children: React.ReactNode; title: string }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Card title={title}><div className="p-4"><Skeleton className="h-24" /></div></Card>}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/** /runs/[runId]: header and cancel, timings against the agent's percentiles, usage, step waterfall, messages, config, callbacks. */
export function RunDetail({ runId }: { runId: string }) {
  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-3 py-4 sm:px-6">
      <Link href="/runs" className="text-xs text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
        ← Runs
      </Link>
      <Section title="Run">
        <RunHeader runId={runId} />
      </Section>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-4">
          <Section title="Steps">
            <StepTimeline runId={runId} />
          </Section>
          <Section title="Messages">
            <Messages runId={runId} />
          </Section>
        </div>
        <div className="min-w-0 space-y-4">
          <Section title="Usage">
            <Usage runId={runId} />
          </Section>
          <Section title="Callback deliveries">
            <Callbacks runId={runId} />
          </Section>
          <Section title="Request config and metadata">
            <ConfigAndMetadata runId={runId} />
          </Section>
        </div>
      </div>
    </main>
  );
}

function RunHeader({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data: agent } = useSuspenseQuery(trpc.agents.get.queryOptions({ agentId: run.agentId }));
  const { data: durationP } = useSuspenseQuery(trpc.metrics.percentiles.queryOptions(AGENT_PERCENTILES(run.agentId, "duration")));
  const { data: ttftP } = useSuspenseQuery(trpc.metrics.percentiles.queryOptions(AGENT_PERCENTILES(run.agentId, "ttft")));
  const canCancel = useCan("runs:cancel");
  // Elapsed time of an open run depends on the clock: computed after hydration only.
  const isClient = useIsClient();
  const elapsedNs = run.totalDurationNs ?? (OPEN.has(run.status) && isClient ? (Date.now() - run.createdAt.getTime()) * 1_000_000 : null);

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate font-mono text-base font-semibold sm:text-lg" title={run.id}>
              {run.id}
            </h1>
            <span data-testid="run-status">
              <StatusBadge status={run.status} />
            </span>
            {run.stopReason && <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">{run.stopReason}</span>}
          </div>
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            Agent{" "}
            <Link href={`/runs?agentIds=${agent.id}`} className="font-medium text-zinc-800 hover:underline dark:text-zinc-200">
              {agent.name}
            </Link>{" "}
            · created <LocalTime date={run.createdAt} />
            {run.completedAt && (
              <>
                {" "}
                · ended <LocalTime date={run.completedAt} />
              </>
            )}
            {run.background ? " · background" : ""}
          </p>
        </div>
        {/* Stays mounted after the run ends so the action's outcome remains on screen. */}
        {canCancel && <CancelRunButton runId={run.id} cancellable={isCancellable(run)} />}
      </div>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label={run.totalDurationNs == null ? "Elapsed" : "Duration"} value={formatDurationNs(elapsedNs)}>
          <VsPercentiles value={run.totalDurationNs} p50={durationP.overall.values.p50} p95={durationP.overall.values.p95} n={durationP.overall.count} />
        </Stat>
        <Stat label="Time to first token" value={formatDurationNs(run.ttftNs)}>
          <VsPercentiles value={run.ttftNs} p50={ttftP.overall.values.p50} p95={ttftP.overall.values.p95} n={ttftP.overall.count} />
        </Stat>
        <Stat label="Remainder after first token" value={run.totalDurationNs != null && run.ttftNs != null ? formatDurationNs(run.totalDurationNs - run.ttftNs) : "—"} />
        <Stat label="Callback" value={<CallbackBadge state={callbackState(run)} code={run.callbackStatusCode} />}>
          {run.callbackUrl && <p className="truncate font-mono text-[11px] text-zinc-500" title={run.callbackUrl}>{run.callbackUrl}</p>}
        </Stat>
      </div>
    </section>
  );
}

function Stat({ label, value, children }: { label: string; value: React.ReactNode; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/40">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
      <p className="mt-0.5 text-lg font-semibold tabular-nums">{value}</p>
      {children}
    </div>
  );
}

/** The run's value on a bar from 0 to the agent's p95 (×1.25), with p50 and p95 marked; n says how much to trust it. */
function VsPercentiles({ value, p50, p95, n }: { value: number | null; p50?: number | null; p95?: number | null; n: number }) {
  if (p50 == null || p95 == null) return <p className="text-[11px] text-zinc-500">No completed runs of this agent yet</p>;
  const max = Math.max(p95 * 1.25, value ?? 0);
  const pct = (v: number) => `${Math.min(100, (v / max) * 100)}%`;
  const slow = value != null && value > p95;
  return (
    <div className="mt-1.5 space-y-1">
      <div className="relative h-1.5 rounded-full bg-zinc-100 dark:bg-zinc-800">
        <div className="absolute inset-y-0 w-px bg-zinc-400" style={{ left: pct(p50) }} title="p50" />
        <div className="absolute inset-y-0 w-px bg-amber-500" style={{ left: pct(p95) }} title="p95" />
        {value != null && <div className={`absolute -top-0.5 size-2.5 -translate-x-1/2 rounded-full ${slow ? "bg-red-500" : "bg-sky-500"}`} style={{ left: pct(value) }} />}
      </div>
      <p className={`text-[11px] ${n < 20 ? "text-zinc-400" : "text-zinc-500"}`}>
        agent p50 {formatDurationNs(p50)} · p95 {formatDurationNs(p95)} · n={n}
        {n < 20 ? " (few runs)" : ""}
      </p>
    </div>
  );
}

/** Cancel through the `cancelRun` server action: confirmation first, pending state, and the outcome spelled out. */
function CancelRunButton({ runId, cancellable }: { runId: string; cancellable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState<CancelActionResult | null, FormData>(() => cancelRun(runId), null);
  useEffect(() => {
    if (!state) return;
    setConfirming(false);
    if (state.ok) {
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.steps.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    }
  }, [state, queryClient, trpc, runId]);
  const outcome = state?.ok ? state.receipt.results[0] : null;
  return (
    <div className="flex flex-col items-end gap-1 text-xs">
      {!cancellable && !state ? null : confirming ? (
        <form action={formAction} className="flex items-center gap-2">
          <span>Cancel this run?</span>
          <button type="submit" className={buttonClass("danger")} disabled={pending} data-testid="confirm-cancel-run">
            {pending ? "Cancelling…" : "Yes, cancel"}
          </button>
          <button type="button" className={buttonClass("ghost")} onClick={() => setConfirming(false)} disabled={pending}>
            Keep running
          </button>
        </form>
      ) : !cancellable ? null : (
        <button type="button" className={buttonClass("secondary", "md")} onClick={() => setConfirming(true)} data-testid="cancel-run">
          Cancel run
        </button>
      )}
      {state && !state.ok && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
      {outcome && (
        <p role="status" data-testid="cancel-outcome">
          {outcome.outcome === "cancelled" ? "Run cancelled." : `The run had already ended (${outcome.status}); nothing was cancelled.`}
        </p>
      )}
    </div>
  );
}

function Usage({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data: usage } = useSuspenseQuery({
    ...trpc.runs.usage.queryOptions({ runId }),
    refetchInterval: OPEN.has(run.status) ? POLL_MS : false,
  });
  const rows: [string, number][] = [
    ["Prompt", usage.promptTokens],
    ["  cached input", usage.cachedInputTokens],
    ["  cache write", usage.cacheWriteTokens],
    ["Completion", usage.completionTokens],
    ["  reasoning", usage.reasoningTokens],
  ];
  const max = Math.max(usage.promptTokens, usage.completionTokens, 1);
  return (
    <Card title="Usage" actions={<span className="text-xs text-zinc-500">{usage.stepCount} steps</span>}>
      <div className="space-y-1.5 p-4 text-sm" data-testid="usage">
        <p className="text-2xl font-semibold tabular-nums">
          {formatNumber(usage.totalTokens)} <span className="text-sm font-normal text-zinc-500">tokens</span>
        </p>
        {rows.map(([label, n]) => (
          <div key={label} className="grid grid-cols-[8rem_1fr_4.5rem] items-center gap-2 text-xs">
            <span className={label.startsWith("  ") ? "pl-3 text-zinc-500" : ""}>{label.trim()}</span>
            <span className="h-1.5 rounded-full bg-zinc-100 dark:bg-zinc-800">
              <span className="block h-full rounded-full bg-sky-500" style={{ width: `${(n / max) * 100}%` }} />
            </span>
            <span className="text-right tabular-nums">{formatNumber(n)}</span>
          </div>
        ))}
      </div>
    </Card>
  );
}

function StepTimeline({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data } = useSuspenseQuery({
    ...trpc.steps.list.queryOptions(RUN_STEPS(runId)),
    refetchInterval: OPEN.has(run.status) ? POLL_MS : false,
  });
  const steps = data.items;
  const runStart = run.createdAt.getTime();
  const ends = steps.map((s) => {
    const start = (s.timings?.stepStart ?? s.createdAt).getTime();
    return start + (s.timings?.stepNs ?? 0) / 1e6;
  });
  const spanMs = Math.max(run.totalDurationNs ? run.totalDurationNs / 1e6 : 0, ...ends.map((e) => e - runStart), 1);
  return (
    <Card
      title={`Steps (${steps.length})`}
      actions={
        <span className="flex items-center gap-3 text-[11px] text-zinc-500">
          <span className="flex items-center gap-1"><span className="size-2 rounded-sm bg-sky-500" /> LLM request</span>
          <span className="flex items-center gap-1"><span className="size-2 rounded-sm bg-violet-500" /> tool execution</span>
        </span>
      }
    >
      {steps.length === 0 ? (
        <EmptyState title="No steps yet">{OPEN.has(run.status) ? <p>This run has not recorded a step; the page updates as steps arrive.</p> : null}</EmptyState>
      ) : (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="step-timeline">
          {steps.map((step, i) => {
            const start = ((step.timings?.stepStart ?? step.createdAt).getTime() - runStart) / spanMs;
            const llm = (step.timings?.llmRequestNs ?? 0) / 1e6 / spanMs;
            const tool = (step.timings?.toolExecutionNs ?? 0) / 1e6 / spanMs;
            const total = Math.max((step.timings?.stepNs ?? 0) / 1e6 / spanMs, llm + tool);
            return (
              <li key={step.id} className="space-y-2 px-4 py-3" data-testid="step" data-step-id={step.id}>
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
                  <span className="font-semibold">#{i + 1}</span>
                  <StepStatus status={step.status} />
                  <span className="font-mono">{step.model ?? "model?"}</span>
                  <span className="text-zinc-500">{step.providerName ?? "provider?"}</span>
                  <span className="tabular-nums text-zinc-500" title={`prompt ${step.promptTokens} · completion ${step.completionTokens}`}>
                    {formatNumber(step.totalTokens)} tok ({formatNumber(step.promptTokens)} in / {formatNumber(step.completionTokens)} out)
                  </span>
                  <span className="ml-auto tabular-nums">
                    {formatDurationNs(step.timings?.stepNs)}{" "}
                    <span className="text-zinc-500">
                      (LLM {formatDurationNs(step.timings?.llmRequestNs)} · tool {formatDurationNs(step.timings?.toolExecutionNs)})
                    </span>
                  </span>
                </div>
                <div className="relative h-3 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                  <div className="absolute inset-y-0 flex overflow-hidden rounded" style={{ left: `${start * 100}%`, width: `${Math.max(total * 100, 0.5)}%` }}>
                    <div className="h-full bg-sky-500" style={{ width: total ? `${(llm / total) * 100}%` : "100%" }} />
                    <div className="h-full bg-violet-500" style={{ width: total ? `${(tool / total) * 100}%` : "0%" }} />
                  </div>
                </div>
                {(step.errorType || step.errorData) && (
                  <div className="rounded border border-red-200 bg-red-50 p-2 text-xs dark:border-red-900 dark:bg-red-950/40">
                    <p className="font-medium text-red-800 dark:text-red-300">{step.errorType ?? "Error"}</p>
                    {step.errorData && <pre className="mt-1 overflow-auto text-[11px]">{prettyJson(step.errorData)}</pre>}
                  </div>
                )}
                <StepFeedback step={step} runId={runId} />
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

function StepStatus({ status }: { status: string }) {
  const color = { success: "text-emerald-700 dark:text-emerald-400", failed: "text-red-700 dark:text-red-400", cancelled: "text-amber-700 dark:text-amber-400", pending: "text-sky-700 dark:text-sky-400" }[status] ?? "";
  return <span className={`font-medium ${color}`}>{status}</span>;
}

function StepFeedback({ step, runId }: { step: { id: string; feedback: "positive" | "negative" | null; tags: string[] }; runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [tags, setTags] = useState(step.tags.join(", "));
  const canWrite = useCan("feedback:write");
  const mutation = useMutation(
    trpc.steps.setFeedback.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.steps.list.queryKey(RUN_STEPS(runId)) }),
    }),
  );
  const send = (feedback: "positive" | "negative" | null) =>
    mutation.mutate({
      stepId: step.id,
      feedback,
      tags: tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    });
  const thumb = (value: "positive" | "negative", label: string, glyph: React.ReactNode) => {
    const on = step.feedback === value;
    return (
      <button
        type="button"
        aria-pressed={on}
        aria-label={label}
        title={label}
        data-testid={`feedback-${value}`}
        disabled={mutation.isPending || !canWrite}
        onClick={() => send(on ? null : value)}
        className={buttonClass(on ? "primary" : "secondary")}
      >
        {glyph}
      </button>
    );
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      {thumb("positive", "Good step", <ThumbIcon />)}
      {thumb("negative", "Bad step", <ThumbIcon down />)}
      <input
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && send(step.feedback)}
        placeholder="tags, comma separated"
        aria-label="Step tags"
        data-testid="step-tags"
        className={`${inputClass} w-48`}
      />
      <button type="button" className={buttonClass("ghost")} onClick={() => send(step.feedback)} disabled={mutation.isPending} data-testid="save-tags">
        Save tags
      </button>
      {mutation.isError && <span className="text-red-600">{mutation.error.message}</span>}
      {mutation.isSuccess && !mutation.isPending && <span className="text-emerald-600" data-testid="feedback-saved">Saved</span>}
    </div>
  );
}

const MESSAGE_STYLES: Record<string, string> = {
  user_message: "border-l-zinc-400",
  assistant_message: "border-l-emerald-500",
  reasoning_message: "border-l-zinc-300 italic text-zinc-600 dark:text-zinc-400",
  hidden_reasoning_message: "border-l-zinc-300",
  tool_call_message: "border-l-violet-500",
  tool_return_message: "border-l-violet-300",
  system_message: "border-l-amber-400",
  approval_request_message: "border-l-amber-500",
  approval_response_message: "border-l-amber-300",
};

function tryPretty(text: string): string {
  try {
    return prettyJson(JSON.parse(text));
  } catch {
    return text;
  }
}

function Messages({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data } = useSuspenseQuery({
    ...trpc.runs.messages.queryOptions(RUN_MESSAGES(runId)),
    refetchInterval: OPEN.has(run.status) ? POLL_MS : false,
  });
  return (
    <Card title={`Messages (${data.items.length})`}>
      {data.items.length === 0 ? (
        <EmptyState title="No messages" />
      ) : (
        <ol className="space-y-2 p-3" data-testid="messages">
          {data.items.map((m, i) => (
            <li key={`${m.id}-${i}`} className={`border-l-2 pl-3 text-sm ${MESSAGE_STYLES[m.messageType] ?? ""}`}>
              <p className="text-[11px] text-zinc-500">
                {m.messageType.replace(/_message$/, "").replace(/_/g, " ")} · <LocalTime date={m.date} />
              </p>
              {m.content && <p className="whitespace-pre-wrap break-words">{m.content}</p>}
              {m.reasoning && <p className="whitespace-pre-wrap break-words">{m.reasoning}</p>}
              {m.toolCall && (
                <div className="mt-1">
                  <p className="font-mono text-xs font-medium">
                    {m.toolCall.name}(<span className="text-zinc-500">{m.toolCall.toolCallId}</span>)
                  </p>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 text-[11px] dark:bg-zinc-900">{tryPretty(m.toolCall.arguments)}</pre>
                </div>
              )}
              {m.toolReturn !== undefined && (
                <div className="mt-1">
                  <p className="text-xs">
                    returned <span className={m.status === "error" ? "text-red-600" : "text-emerald-600"}>{m.status}</span>
                  </p>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 text-[11px] dark:bg-zinc-900">{tryPretty(m.toolReturn)}</pre>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function ConfigAndMetadata({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data: config } = useSuspenseQuery(trpc.runs.requestConfig.queryOptions({ runId }));
  return (
    <Card title="Request config and metadata">
      <div className="space-y-2 p-3">
        <JsonBlock title="Request config" value={config} />
        <JsonBlock title="Metadata" value={run.metadata} />
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-xs">
          <dt className="text-zinc-500">Conversation</dt>
          <dd className="truncate font-mono">{run.conversationId ?? "—"}</dd>
          <dt className="text-zinc-500">Template</dt>
          <dd className="truncate font-mono">{run.baseTemplateId ?? "—"}</dd>
          <dt className="text-zinc-500">Project</dt>
          <dd className="truncate font-mono">{run.projectId ?? "—"}</dd>
          <dt className="text-zinc-500">Batch</dt>
          <dd className="truncate font-mono">{run.batchId ?? "—"}</dd>
        </dl>
      </div>
    </Card>
  );
}

function Callbacks({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const deliveries = useQuery({ ...trpc.callbacks.deliveries.queryOptions({ runId, limit: 20 }), refetchInterval: 5000 });
  return (
    <Card title="Callback deliveries">
      {deliveries.isPending ? (
        <div className="p-4">
          <Skeleton className="h-16" />
        </div>
      ) : deliveries.isError ? (
        <p className="p-4 text-xs text-red-600">{deliveries.error.message}</p>
      ) : deliveries.data.items.length === 0 ? (
        <EmptyState title={run.callbackUrl ? "No delivery yet" : "No callback URL"}>
          <p className="text-xs">{run.callbackUrl ? "A delivery is queued when the run ends." : "This run was created without a callback_url."}</p>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="deliveries">
          {deliveries.data.items.map((d) => (
            <Delivery key={d.id} delivery={d} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function Delivery({ delivery }: { delivery: { id: string; status: string; url: string; attemptCount: number; lastStatusCode: number | null; lastError: string | null; nextAttemptAt: Date; deliveredAt: Date | null } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const canRedeliver = useCan("callbacks:redeliver");
  const attempts = useQuery({ ...trpc.callbacks.attempts.queryOptions({ deliveryId: delivery.id, limit: 50 }), enabled: open });
  const redeliver = useMutation(
    trpc.callbacks.redeliver.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.callbacks.deliveries.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.callbacks.attempts.queryKey({ deliveryId: delivery.id, limit: 50 }) });
      },
    }),
  );
  return (
    <li className="space-y-1.5 px-4 py-3 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`font-medium ${delivery.status === "delivered" ? "text-emerald-600" : delivery.status === "failed" ? "text-red-600" : "text-sky-600"}`}>{delivery.status}</span>
        <span className="text-zinc-500">
          {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? "" : "s"}
          {delivery.lastStatusCode != null ? ` · last HTTP ${delivery.lastStatusCode}` : ""}
        </span>
        <button type="button" className={`${buttonClass("secondary")} ml-auto`} onClick={() => redeliver.mutate({ deliveryId: delivery.id })} disabled={redeliver.isPending || !canRedeliver}>
          {redeliver.isPending ? "Queueing…" : "Redeliver"}
        </button>
      </div>
      <p className="truncate font-mono text-[11px] text-zinc-500" title={delivery.url}>
        {delivery.url}
      </p>
      {delivery.lastError && <p className="text-red-600">{delivery.lastError}</p>}
      {delivery.deliveredAt ? (
        <p className="text-zinc-500">delivered <LocalTime date={delivery.deliveredAt} /></p>
      ) : (
        delivery.status !== "failed" && <p className="text-zinc-500">next attempt <LocalTime date={delivery.nextAttemptAt} /></p>
      )}
      {redeliver.isError && <p className="text-red-600">{redeliver.error.message}</p>}
      {redeliver.isSuccess && <p className="text-emerald-600">Redelivery queued.</p>}
      <button type="button" className="text-sky-700 hover:underline dark:text-sky-400" onClick={() => setOpen((v) => !v)}>
        {open ? "Hide attempts" : "Show attempts"}
      </button>
      {open &&
        (attempts.isPending ? (
          <Skeleton className="h-10" />
        ) : attempts.isError ? (
          <p className="text-red-600">{attempts.error.message}</p>
        ) : attempts.data.length === 0 ? (
          <p className="text-zinc-500">No attempts yet.</p>
        ) : (
          <ol className="space-y-1">
            {attempts.data.map((a) => (
              <li key={a.id} className="rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-900">
                #{a.attemptNumber} {a.manual ? "(manual) " : ""}
                <span className={a.outcome === "delivered" ? "text-emerald-600" : "text-red-600"}>{a.outcome}</span>
                {a.statusCode != null ? ` · HTTP ${a.statusCode}` : ""} · {a.durationMs} ms · <LocalTime date={a.startedAt} />
                {a.error && <span className="block text-red-600">{a.error}</span>}
              </li>
            ))}
          </ol>
        ))}
    </li>
  );
}

/** Inline icon (no emoji font needed): a thumb, pointing down for negative feedback. */
function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden className={down ? "rotate-180" : undefined}>
      <path d="M7 10v12" />
      <path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z" />
    </svg>
  );
}
