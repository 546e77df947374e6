"use client";

import Link from "next/link";
import { Suspense } from "react";
import { analyticsQuery, parseAnalyticsSearch, patchSearch, RANGE_LABELS } from "@/components/analytics/search";
import { Card } from "@/components/ui/card";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import type { AnalyticsFilters } from "@/server/modules/analytics/schemas";
import { AgentStatsTable } from "./agent-stats-table";

const RANGES = ["24h", "7d", "30d"] as const;

export function AgentsView({ filters }: { filters: AnalyticsFilters }) {
  const base = parseAnalyticsSearch({});
  return (
    <main className="mx-auto max-w-[1600px] space-y-4 px-3 py-4 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Agents</h1>
        <nav aria-label="Time range" className="flex flex-wrap gap-1.5">
          {RANGES.map((r) => {
            const active = filters.range === r;
            return (
              <Link
                key={r}
                href={`/agents${analyticsQuery(patchSearch(base, { filters: { range: r } }))}`}
                aria-current={active || undefined}
                className={`inline-flex h-7 items-center rounded-full px-2.5 text-xs font-medium ring-1 ring-inset ${
                  active
                    ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
                    : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700"
                }`}
              >
                {RANGE_LABELS[r]}
              </Link>
            );
          })}
        </nav>
      </div>
      <Card title={`Runs, errors and p95 duration · ${RANGE_LABELS[filters.range].toLowerCase()}`}>
        <ErrorBoundary>
          <Suspense fallback={<TableSkeleton rows={6} />}>
            <AgentStatsTable input={filters} filters={filters} variant="agents" />
          </Suspense>
        </ErrorBoundary>
      </Card>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Error rate = failed or expired runs ÷ ended runs. p95 is exact over runs with a duration; click it for the runs at or
        above it.
      </p>
    </main>
  );
}
