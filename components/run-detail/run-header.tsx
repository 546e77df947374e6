"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { isCancellable } from "@/db/schema/enums";
import { CallbackBadge } from "@/components/runs/callback-badge";
import type { CancelRunAction } from "@/components/runs/cancel-actions";
import { callbackState } from "@/components/runs/columns";
import { AGENT_PERCENTILES } from "@/components/runs/queries";
import { useCan } from "@/components/shell/use-can";
import { useTRPC } from "@/components/trpc/client";
import { formatDurationNs } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { useNow } from "@/components/ui/use-now";
import { CancelRunButton } from "./cancel-run-button";
import { Stat } from "./stat";
import { OPEN, useRun } from "./use-run";
import { VsPercentiles } from "./vs-percentiles";

/** The run's id, status, agent and times, its cancel button, and its timings against the agent's percentiles. */
export function RunHeader({ runId, cancelRun }: { runId: string; cancelRun: CancelRunAction }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data: agent } = useSuspenseQuery(trpc.agents.get.queryOptions({ agentId: run.agentId }));
  const { data: durationP } = useSuspenseQuery(trpc.metrics.percentiles.queryOptions(AGENT_PERCENTILES(run.agentId, "duration")));
  const { data: ttftP } = useSuspenseQuery(trpc.metrics.percentiles.queryOptions(AGENT_PERCENTILES(run.agentId, "ttft")));
  const canCancel = useCan("runs:cancel");
  // Elapsed time of an open run depends on the clock: computed after hydration only, and kept ticking.
  const now = useNow();
  const elapsedNs =
    run.totalDurationNs ?? (OPEN.has(run.status) && now !== null ? (now - run.createdAt.getTime()) * 1_000_000 : null);

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
            {run.stopReason && (
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">{run.stopReason}</span>
            )}
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
        {canCancel && <CancelRunButton runId={run.id} cancellable={isCancellable(run)} cancelRun={cancelRun} />}
      </div>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label={run.totalDurationNs == null ? "Elapsed" : "Duration"} value={formatDurationNs(elapsedNs)}>
          <VsPercentiles
            value={run.totalDurationNs}
            p50={durationP.overall.values.p50}
            p95={durationP.overall.values.p95}
            n={durationP.overall.count}
          />
        </Stat>
        <Stat label="Time to first token" value={formatDurationNs(run.ttftNs)}>
          <VsPercentiles
            value={run.ttftNs}
            p50={ttftP.overall.values.p50}
            p95={ttftP.overall.values.p95}
            n={ttftP.overall.count}
          />
        </Stat>
        <Stat
          label="Remainder after first token"
          value={run.totalDurationNs != null && run.ttftNs != null ? formatDurationNs(run.totalDurationNs - run.ttftNs) : "—"}
        />
        <Stat label="Callback" value={<CallbackBadge state={callbackState(run)} code={run.callbackStatusCode} />}>
          {run.callbackUrl && (
            <p className="truncate font-mono text-[11px] text-zinc-500" title={run.callbackUrl}>
              {run.callbackUrl}
            </p>
          )}
        </Stat>
      </div>
    </section>
  );
}
