"use client";

import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { formatDurationNs, formatNumber, prettyJson } from "@/components/ui/format";
import { StepFeedback } from "./step-feedback";
import { StepStatus } from "./step-status";

export type Step = RouterOutputs["steps"]["list"]["items"][number];

/** One step: model, tokens and timings, its bar on the run's time axis (`spanMs` wide from `runStart`), error, feedback. */
export function StepRow({
  step,
  index,
  runId,
  runStart,
  spanMs,
}: {
  step: Step;
  index: number;
  runId: string;
  runStart: number;
  spanMs: number;
}) {
  const start = ((step.timings?.stepStart ?? step.createdAt).getTime() - runStart) / spanMs;
  const llm = (step.timings?.llmRequestNs ?? 0) / 1e6 / spanMs;
  const tool = (step.timings?.toolExecutionNs ?? 0) / 1e6 / spanMs;
  const total = Math.max((step.timings?.stepNs ?? 0) / 1e6 / spanMs, llm + tool);
  return (
    <li className="space-y-2 px-4 py-3" data-testid="step" data-step-id={step.id}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        <span className="font-semibold">#{index + 1}</span>
        <StepStatus status={step.status} />
        <span className="font-mono">{step.model ?? "model?"}</span>
        <span className="text-zinc-500">{step.providerName ?? "provider?"}</span>
        <span className="tabular-nums text-zinc-500" title={`prompt ${step.promptTokens} · completion ${step.completionTokens}`}>
          {formatNumber(step.totalTokens)} tok ({formatNumber(step.promptTokens)} in / {formatNumber(step.completionTokens)} out)
        </span>
        <span className="ml-auto tabular-nums">
          {formatDurationNs(step.timings?.stepNs)}{" "}
          <span className="text-zinc-500">
            (LLM {formatDurationNs(step.timings?.llmRequestNs)}
            {/* An LLM-only step ran no tool: "tool 0 µs" would read as a measured tool call. */}
            {step.timings?.toolExecutionNs ? ` · tool ${formatDurationNs(step.timings.toolExecutionNs)}` : ""})
          </span>
        </span>
      </div>
      <div className="relative h-3 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
        <div
          className="absolute inset-y-0 flex overflow-hidden rounded"
          style={{ left: `${start * 100}%`, width: `${Math.max(total * 100, 0.5)}%` }}
        >
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
}
