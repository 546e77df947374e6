"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { useIsClient } from "@/components/ui/use-is-client";
import type { StopReasonMixInput } from "@/server/modules/analytics/schemas";
import { STOP_REASON_COLORS, formatBucket, tickFormatter, utcBucket } from "./chart-utils";
import { runsFiltersOf, runsHref } from "./runs-link";
import type { AnalyticsSearch } from "./search";

type StopReason = RouterOutputs["analytics"]["stopReasons"]["reasons"][number]["reason"];

/** Stop reasons of ended runs per bucket, stacked; a legend entry or a bar slice opens those runs. */
export function StopReasonSection({ search, input }: { search: AnalyticsSearch; input: StopReasonMixInput }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.stopReasons.queryOptions(input));
  const router = useRouter();
  const isClient = useIsClient();
  const total = data.reasons.reduce((n, r) => n + r.count, 0);
  if (total === 0) return <EmptyState title="No ended runs in this range" />;

  const rows = data.points.map((p) => ({ t: p.start.getTime(), start: p.start, end: p.end, total: p.total, ...p.counts }));
  const hrefFor = (reason: StopReason, start: Date, end: Date) =>
    runsHref({ ...runsFiltersOf(search.filters), stopReason: reason, startDate: start, endDate: new Date(end.getTime() - 1) });

  return (
    <div className="space-y-3 p-3 sm:p-4">
      <ul className="flex flex-wrap gap-x-4 gap-y-1.5 text-xs" aria-label="Stop reasons">
        {data.reasons.map((r) => (
          <li key={r.reason}>
            <Link
              href={hrefFor(r.reason, data.from, new Date(data.to.getTime() + 1))}
              className="inline-flex items-center gap-1.5 hover:underline"
            >
              <span
                className="inline-block size-2.5 rounded-sm"
                style={{ background: STOP_REASON_COLORS[r.reason] ?? "#71717a" }}
                aria-hidden
              />
              <span className="font-medium">{r.reason}</span>
              <span className="tabular-nums text-zinc-500">
                {formatNumber(r.count)} · {((r.count / total) * 100).toFixed(1)} %
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="h-[240px] w-full text-zinc-400 dark:text-zinc-500" data-testid="stop-reason-chart">
        {isClient ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="currentColor" strokeOpacity={0.25} strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="t"
                tickFormatter={tickFormatter(data.to.getTime() - data.from.getTime())}
                stroke="currentColor"
                tick={{ fill: "currentColor", fontSize: 11 }}
                minTickGap={24}
              />
              <YAxis allowDecimals={false} stroke="currentColor" tick={{ fill: "currentColor", fontSize: 11 }} width={40} />
              <Tooltip
                cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
                content={({ active, payload }) => {
                  if (!active || !payload?.length) return null;
                  const row = payload[0].payload as (typeof rows)[number];
                  return (
                    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-800 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
                      <p className="font-medium">{formatBucket(row.start, row.end)}</p>
                      <p className="text-[10px] text-zinc-500">{utcBucket(row.start, row.end)}</p>
                      <p className="mt-1">n = {row.total}</p>
                      {[...payload].reverse().map((entry) => (
                        <p key={String(entry.dataKey)} className="tabular-nums">
                          <span className="mr-1 inline-block size-2 rounded-sm" style={{ background: entry.color }} />
                          {String(entry.dataKey)}: {String(entry.value)}
                        </p>
                      ))}
                      <p className="mt-1 text-[10px] text-zinc-500">Click a slice for its runs</p>
                    </div>
                  );
                }}
              />
              {data.reasons.map((r) => (
                <Bar
                  key={r.reason}
                  dataKey={r.reason}
                  stackId="reasons"
                  fill={STOP_REASON_COLORS[r.reason] ?? "#71717a"}
                  isAnimationActive={false}
                  className="cursor-pointer"
                  onClick={(_entry, index) => {
                    const row = rows[index];
                    if (row) router.push(hrefFor(r.reason, row.start, row.end));
                  }}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <div className="h-full w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" aria-hidden />
        )}
      </div>
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
        {data.bucket.label} buckets by creation time; runs still open have no stop reason yet.
      </p>
    </div>
  );
}
