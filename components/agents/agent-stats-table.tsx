"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatPercent } from "@/components/analytics/chart-utils";
import { runsFiltersOf, runsHref } from "@/components/analytics/runs-link";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDurationNs, formatNumber } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import type { AgentStatsInput, AnalyticsFilters } from "@/server/modules/analytics/schemas";
import { agentLinks, link } from "./agent-links";
import { AgentStatsCards } from "./agent-stats-cards";

const th = "px-3 py-2 font-medium whitespace-nowrap";
const td = "px-3 py-2 whitespace-nowrap tabular-nums";

/**
 * Agents with their runs in the range (one grouped query on the server). `analytics` shows the
 * percentile columns; `agents` (the /agents page) shows project, last stop reason and last run.
 */
export function AgentStatsTable({
  input,
  filters,
  variant,
}: {
  input: AgentStatsInput;
  filters: AnalyticsFilters;
  variant: "analytics" | "agents";
}) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.agents.queryOptions(input));
  if (data.agents.length === 0)
    return (
      <EmptyState title="No agents yet">
        <p>Agents appear here once they are created through the API.</p>
      </EmptyState>
    );
  const { span, p95Href } = agentLinks(data, filters);

  return (
    <>
      {/* Phone width: one card per agent with the figures that matter most. */}
      <AgentStatsCards data={data} filters={filters} variant={variant} />
      <div className="hidden overflow-x-auto sm:block">
        <table className="w-full text-left text-sm" data-testid="agent-stats">
          <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className={th}>Agent</th>
              {variant === "agents" && <th className={th}>Last stop reason</th>}
              <th className={`${th} text-right`}>Runs</th>
              <th className={`${th} text-right`}>Error rate</th>
              {variant === "analytics" && <th className={`${th} text-right`}>p50</th>}
              <th className={`${th} text-right`}>p95</th>
              {variant === "analytics" && <th className={`${th} text-right`}>p99</th>}
              {variant === "analytics" && <th className={`${th} text-right`}>TTFT p50</th>}
              {variant === "analytics" && <th className={`${th} text-right`}>TTFT p95</th>}
              {variant === "agents" && <th className={th}>Last run</th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {data.agents.map((a) => (
              <tr key={a.agentId} data-testid="agent-row" data-agent={a.name} className="hover:bg-zinc-50 dark:hover:bg-zinc-900">
                <td className="px-3 py-2">
                  <Link href={runsHref({ agentId: a.agentId })} className={`${link} font-medium`}>
                    {a.name}
                  </Link>
                  {variant === "agents" && (
                    <div className="font-mono text-[10px] text-zinc-400" title={a.projectId ?? undefined}>
                      {a.agentId.slice(0, 14)}…{a.projectId ? ` · ${a.projectId.slice(0, 16)}…` : ""}
                    </div>
                  )}
                </td>
                {variant === "agents" && (
                  <td className="px-3 py-2 text-xs">
                    {a.lastStopReason ? (
                      <Link className={link} href={runsHref({ agentId: a.agentId, stopReason: a.lastStopReason })}>
                        {a.lastStopReason}
                      </Link>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </td>
                )}
                <td className={`${td} text-right`}>
                  <Link
                    className={link}
                    href={runsHref({ ...runsFiltersOf(filters), agentId: a.agentId, ...span })}
                    data-testid="agent-runs"
                  >
                    {formatNumber(a.runs)}
                  </Link>
                </td>
                <td className={`${td} text-right ${a.errorRate && a.errorRate > 0.05 ? "text-red-600 dark:text-red-400" : ""}`}>
                  {a.errorRate == null ? (
                    <span className="text-zinc-400">—</span>
                  ) : (
                    <Link
                      className="hover:underline"
                      href={runsHref({ agentId: a.agentId, statuses: ["failed", "expired"], ...span })}
                      title={`${a.errors} of ${a.finished} ended runs failed or expired`}
                    >
                      {formatPercent(a.errorRate)}
                    </Link>
                  )}
                </td>
                {variant === "analytics" && <td className={`${td} text-right`}>{formatDurationNs(a.duration.p50)}</td>}
                <td className={`${td} text-right`}>
                  {a.duration.p95 == null ? (
                    <span className="text-zinc-400">—</span>
                  ) : (
                    <Link className={link} href={p95Href(a.agentId)} title="Runs at or above p95, slowest first">
                      {formatDurationNs(a.duration.p95)}
                    </Link>
                  )}
                </td>
                {variant === "analytics" && (
                  <td className={`${td} text-right`} title={a.thin ? "fewer than 20 runs: no p99" : undefined}>
                    {a.duration.p99 == null ? (
                      <span className="text-zinc-400">{a.thin && a.runs > 0 ? "n too small" : "—"}</span>
                    ) : (
                      formatDurationNs(a.duration.p99)
                    )}
                  </td>
                )}
                {variant === "analytics" && <td className={`${td} text-right`}>{formatDurationNs(a.ttft.p50)}</td>}
                {variant === "analytics" && <td className={`${td} text-right`}>{formatDurationNs(a.ttft.p95)}</td>}
                {variant === "agents" && (
                  <td className={`${td} text-xs`}>
                    <LocalTime date={a.lastRunAt} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
