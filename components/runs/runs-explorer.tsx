"use client";

import { Suspense, useRef, useState } from "react";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { Skeleton } from "@/components/ui/skeleton";
import type { BulkCancelActions } from "./cancel-actions";
import { ColumnPicker } from "./column-picker";
import { ExportMenu } from "./export-menu";
import { FilterBar } from "./filter-bar";
import { RunCount } from "./run-count";
import { RunsTable } from "./runs-table";
import { useRunSearch } from "./use-run-search";
import { ViewsMenu } from "./views-menu";

/**
 * The /runs page: filters, views, count, columns, export, and the live table — all state in the URL.
 * `actions` are the page's cancel server actions.
 */
export function RunsExplorer({ actions }: { actions: BulkCancelActions }) {
  const { search, update } = useRunSearch();
  const [paused, setPaused] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);

  return (
    <main className="mx-auto max-w-[1600px] space-y-3 px-3 py-4 sm:px-6">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold tracking-tight">Runs</h1>
        <RunCount search={search} live={!paused} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <Suspense fallback={<Skeleton className="h-8 w-40" />}>
            <ViewsMenu search={search} update={update} />
          </Suspense>
          <ColumnPicker search={search} update={update} />
          <ExportMenu />
        </div>
      </div>
      <Suspense fallback={<Skeleton className="h-10 w-full" />}>
        <FilterBar search={search} update={update} filterRef={filterRef} />
      </Suspense>
      {search.ignored.length > 0 && (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-400">
          Ignored invalid URL filters: {search.ignored.map((i) => `${i.key} (${i.message})`).join("; ")}
        </p>
      )}
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
        {/* Not keyed by the filter: a remount would drop the rows kept on screen while the next page loads. */}
        <ErrorBoundary>
          <RunsTable
            search={search}
            update={update}
            paused={paused}
            setPaused={setPaused}
            filterRef={filterRef}
            actions={actions}
          />
        </ErrorBoundary>
      </div>
    </main>
  );
}
