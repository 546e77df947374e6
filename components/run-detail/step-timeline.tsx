"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { RUN_STEPS } from "@/components/runs/queries";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { StepRow } from "./step-row";
import { OPEN, POLL_MS, useRun } from "./use-run";

/** The run's steps as a waterfall on the run's time axis: LLM request and tool execution of each. */
export function StepTimeline({ runId }: { runId: string }) {
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
          <span className="flex items-center gap-1">
            <span className="size-2 rounded-sm bg-sky-500" /> LLM request
          </span>
          <span className="flex items-center gap-1">
            <span className="size-2 rounded-sm bg-violet-500" /> tool execution
          </span>
        </span>
      }
    >
      {steps.length === 0 ? (
        <EmptyState title="No steps yet">
          {OPEN.has(run.status) ? <p>This run has not recorded a step; the page updates as steps arrive.</p> : null}
        </EmptyState>
      ) : (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="step-timeline">
          {steps.map((step, i) => (
            <StepRow key={step.id} step={step} index={i} runId={runId} runStart={runStart} spanMs={spanMs} />
          ))}
        </ol>
      )}
    </Card>
  );
}
