"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDurationNs, formatNumber } from "@/components/ui/format";
import type { TtftSplitInput } from "@/server/modules/analytics/schemas";

/** Mean TTFT + mean rest = mean duration, drawn as one stacked bar per group; percentiles of each part beside it. */
export function TtftSplitSection({ input }: { input: TtftSplitInput }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.ttftSplit.queryOptions(input));
  if (data.rows.length === 0) return <EmptyState title="No runs with a time to first token in this range" />;
  const max = Math.max(...data.rows.map((r) => r.meanTtftNs + r.meanRestNs), 1);
  return (
    <div className="space-y-3 p-3 sm:p-4" data-testid="ttft-split">
      <div className="flex gap-4 text-xs">
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-sm bg-sky-500" aria-hidden /> Time to first token
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-sm bg-zinc-400 dark:bg-zinc-600" aria-hidden /> Rest of the run
        </span>
      </div>
      <ul className="space-y-2.5">
        {data.rows.map((r) => {
          const mean = r.meanTtftNs + r.meanRestNs;
          const share = mean > 0 ? r.meanTtftNs / mean : 0;
          return (
            <li key={r.key} className="text-xs">
              <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3">
                <span className="font-medium">{r.label}</span>
                <span className="tabular-nums text-zinc-500">
                  mean {formatDurationNs(mean)} · TTFT {(share * 100).toFixed(0)} % · n = {formatNumber(r.count)}
                </span>
              </div>
              <div
                className="flex h-3 overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800"
                style={{ width: `${Math.max(4, (mean / max) * 100)}%` }}
                title={`mean TTFT ${formatDurationNs(r.meanTtftNs)} + mean rest ${formatDurationNs(r.meanRestNs)}`}
              >
                <div className="bg-sky-500" style={{ width: `${share * 100}%` }} />
                <div className="flex-1 bg-zinc-400 dark:bg-zinc-600" />
              </div>
              <div className="mt-1 grid grid-cols-1 gap-x-2 tabular-nums sm:grid-cols-3 text-zinc-600 dark:text-zinc-400">
                <span>
                  TTFT p50 {formatDurationNs(r.ttft.p50)} · p95 {formatDurationNs(r.ttft.p95)}
                </span>
                <span>
                  rest p50 {formatDurationNs(r.rest.p50)} · p95 {formatDurationNs(r.rest.p95)}
                </span>
                <span>
                  total p50 {formatDurationNs(r.duration.p50)} · p95 {formatDurationNs(r.duration.p95)}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
        Bars are means (they add up); percentiles of the parts do not add up to the percentile of the whole.
      </p>
    </div>
  );
}
