import { percentileRunsHref } from "@/components/analytics/runs-link";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import type { AnalyticsFilters } from "@/server/modules/analytics/schemas";

export type AgentStats = RouterOutputs["analytics"]["agents"];

export const link = "text-sky-700 hover:underline dark:text-sky-400";

/** The range of the statistics as runs filters, and an agent's "runs at or above p95, slowest first" link. */
export function agentLinks(data: AgentStats, filters: AnalyticsFilters) {
  const span = { startDate: data.from, endDate: data.to };
  const p95Href = (agentId: string) =>
    percentileRunsHref({
      filters,
      start: data.from,
      end: new Date(data.to.getTime() + 1),
      percentile: 95,
      groupBy: "agent",
      groupKey: agentId,
    });
  return { span, p95Href };
}
