"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { formatNumber } from "@/components/ui/format";
import { POLL_MS } from "./constants";
import { HealthStat } from "./health-stat";
import { CALLBACK_QUERIES } from "./queries";

const ms = (v: number | null) => (v == null ? "—" : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);

/** Success rate, volume, receiver latency and failures by HTTP status over the last 7 days. */
export function Health() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.callbacks.queryOptions(CALLBACK_QUERIES.health, { refetchInterval: POLL_MS }));
  return (
    <div
      className="grid grid-cols-2 divide-zinc-100 lg:grid-cols-4 lg:divide-x dark:divide-zinc-800"
      data-testid="callback-health"
    >
      <HealthStat
        label="Success rate"
        value={data.successRate == null ? "—" : `${(data.successRate * 100).toFixed(1)} %`}
        detail={`${formatNumber(data.deliveries.delivered)} delivered · ${formatNumber(data.deliveries.failed)} failed`}
      />
      <HealthStat
        label="Deliveries"
        value={formatNumber(data.deliveries.total)}
        detail={`${formatNumber(data.deliveries.pending)} pending (retrying)`}
      />
      <HealthStat
        label="Receiver latency"
        value={ms(data.attempts.p50Ms)}
        detail={`p50 · p95 ${ms(data.attempts.p95Ms)} · ${formatNumber(data.attempts.total)} attempts`}
      />
      <div className="min-w-0 px-4 py-3">
        <p className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          Failed attempts by status
        </p>
        {data.failuresByCode.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-500">None</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-1.5 text-xs">
            {data.failuresByCode.map((f) => (
              <li
                key={f.code}
                className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-red-800 dark:bg-red-950 dark:text-red-300"
              >
                {f.code} × {formatNumber(f.count)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
