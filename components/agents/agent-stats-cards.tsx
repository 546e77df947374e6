"use client";

import Link from "next/link";
import { formatPercent } from "@/components/analytics/chart-utils";
import { runsFiltersOf, runsHref } from "@/components/analytics/runs-link";
import { formatDurationNs, formatNumber } from "@/components/ui/format";
import type { AnalyticsFilters } from "@/server/modules/analytics/schemas";
import { agentLinks, link, type AgentStats } from "./agent-links";

/** Agent statistics at phone width: one card per agent with the figures that matter most. */
export function AgentStatsCards({
  data,
  filters,
  variant,
}: {
  data: AgentStats;
  filters: AnalyticsFilters;
  variant: "analytics" | "agents";
}) {
  const { span, p95Href } = agentLinks(data, filters);
  return (
    <ul className="divide-y divide-zinc-100 sm:hidden dark:divide-zinc-800" aria-label="Agents">
      {data.agents.map((a) => (
        <li key={a.agentId} className="space-y-1 px-3 py-2.5 text-sm">
          <div className="flex items-baseline justify-between gap-2">
            <Link href={runsHref({ agentId: a.agentId })} className={`${link} font-medium`}>
              {a.name}
            </Link>
            <span className="text-xs text-zinc-500">{a.lastStopReason ?? "—"}</span>
          </div>
          <div className="flex flex-wrap gap-x-4 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            <span>
              <Link className={link} href={runsHref({ ...runsFiltersOf(filters), agentId: a.agentId, ...span })}>
                {formatNumber(a.runs)} runs
              </Link>
            </span>
            <span className={a.errorRate && a.errorRate > 0.05 ? "text-red-600 dark:text-red-400" : ""}>
              {formatPercent(a.errorRate)} errors
            </span>
            <span>
              p95{" "}
              {a.duration.p95 == null ? (
                "—"
              ) : (
                <Link className={link} href={p95Href(a.agentId)}>
                  {formatDurationNs(a.duration.p95)}
                </Link>
              )}
            </span>
            {variant === "analytics" && <span>TTFT p50 {formatDurationNs(a.ttft.p50)}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}
