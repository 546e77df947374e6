"use client";

import { Suspense } from "react";
import { AgentStatsTable } from "@/components/agents/agent-stats-table";
import { Card } from "@/components/ui/card";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { Skeleton } from "@/components/ui/skeleton";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { ChartSkeleton } from "./chart-skeleton";
import { FilterBar } from "./filter-bar";
import { analyticsInputs } from "./inputs";
import { PercentilesSection } from "./percentiles-section";
import { StopReasonSection } from "./stop-reason-section";
import { TtftSplitSection } from "./ttft-split-section";
import type { AnalyticsSearch } from "./search";

/** /analytics: filters, the percentile chart, stop reasons, TTFT split and per-agent figures, each section loading on its own. */
export function AnalyticsView({ search }: { search: AnalyticsSearch }) {
  const inputs = analyticsInputs(search);
  return (
    <main className="mx-auto max-w-[1600px] space-y-4 px-3 py-4 sm:px-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Analytics</h1>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Exact percentiles of run duration and time to first token</p>
      </div>
      <ErrorBoundary>
        <Suspense fallback={<Skeleton className="h-20 w-full" />}>
          <FilterBar search={search} />
        </Suspense>
      </ErrorBoundary>
      <Card title={search.field === "duration" ? "Run duration percentiles" : "Time to first token percentiles"}>
        <ErrorBoundary>
          <Suspense fallback={<ChartSkeleton />}>
            <PercentilesSection search={search} input={inputs.percentiles} />
          </Suspense>
        </ErrorBoundary>
      </Card>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Card title="Stop reasons over time">
          <ErrorBoundary>
            <Suspense fallback={<ChartSkeleton height={240} />}>
              <StopReasonSection search={search} input={inputs.stopReasons} />
            </Suspense>
          </ErrorBoundary>
        </Card>
        <Card
          title={`TTFT vs the rest of the run, per ${inputs.ttftSplit.groupBy === "stop_reason" ? "stop reason" : inputs.ttftSplit.groupBy}`}
        >
          <ErrorBoundary>
            <Suspense fallback={<TableSkeleton rows={5} />}>
              <TtftSplitSection input={inputs.ttftSplit} />
            </Suspense>
          </ErrorBoundary>
        </Card>
      </div>
      <Card title="Per agent">
        <ErrorBoundary>
          <Suspense fallback={<TableSkeleton rows={5} />}>
            <AgentStatsTable input={inputs.agents} filters={search.filters} variant="analytics" />
          </Suspense>
        </ErrorBoundary>
      </Card>
    </main>
  );
}
