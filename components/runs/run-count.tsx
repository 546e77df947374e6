"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Skeleton } from "@/components/ui/skeleton";
import type { RunSearch } from "./run-search";

const LIVE_COUNT_MS = 8000;

/**
 * "1,234 runs" (exact up to 10,000, then "10,000+"); loads on its own and never blocks the table. While the table is
 * `live`, it is re-counted as often as new runs are looked for, so it agrees with the "N new runs" pill.
 */
export function RunCount({ search, live }: { search: RunSearch; live: boolean }) {
  const trpc = useTRPC();
  const { before: _b, after: _a, limit: _l, orderBy: _o, ascending: _asc, ...filter } = search.input;
  const count = useQuery({
    ...trpc.runs.count.queryOptions({ ...filter, limit: 1 }),
    staleTime: 5_000,
    refetchInterval: live ? LIVE_COUNT_MS : false,
    // The old count stays (dimmed) while a new filter's is counted, like the table's rows.
    placeholderData: keepPreviousData,
  });
  if (count.isPending) return <Skeleton className="h-4 w-20" />;
  if (count.isError) return <span className="text-xs text-zinc-500">count unavailable</span>;
  const { count: n, capped } = count.data;
  return (
    <span
      data-testid="run-count"
      className={`text-sm text-zinc-500 dark:text-zinc-400 ${count.isPlaceholderData ? "opacity-50" : ""}`}
    >
      {capped ? `${n.toLocaleString("en-US")}+` : n.toLocaleString("en-US")} {n === 1 && !capped ? "run" : "runs"}
    </span>
  );
}
