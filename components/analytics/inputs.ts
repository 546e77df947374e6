import type { ListAgentsInput } from "@/server/modules/agents/schemas";
import type {
  AgentStatsInput,
  PercentileSeriesParams,
  StopReasonMixInput,
  TtftSplitInput,
} from "@/server/modules/analytics/schemas";
import type { AnalyticsSearch } from "./search";

/** The procedure inputs of the analytics page, built once from the parsed URL (server prefetch and client read alike). */
export function analyticsInputs(search: AnalyticsSearch) {
  const percentiles: PercentileSeriesParams = {
    ...search.filters,
    field: search.field,
    percentiles: search.percentiles,
    groupBy: search.groupBy,
  };
  const stopReasons: StopReasonMixInput = { ...search.filters };
  // TTFT vs the rest is per agent or model: with no grouping chosen, it is shown per agent.
  const ttftSplit: TtftSplitInput = { ...search.filters, groupBy: search.groupBy === "none" ? "agent" : search.groupBy };
  const agents: AgentStatsInput = { ...search.filters };
  const agentOptions: ListAgentsInput = { ascending: true, limit: 500 };
  return { percentiles, stopReasons, ttftSplit, agents, agentOptions };
}
