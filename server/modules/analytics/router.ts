import { agentStatsInput, callbackStatsInput, percentileSeriesInput, stopReasonMixInput, ttftSplitInput } from "./schemas";
import { getAgentStats } from "./use-cases/agent-stats";
import { getCallbackStats } from "./use-cases/callback-stats";
import { getPercentileSeries } from "./use-cases/percentile-series";
import { getStopReasonMix } from "./use-cases/stop-reasons";
import { getTtftSplit } from "./use-cases/ttft-split";
import { orgProcedure, router } from "@/server/trpc";

export const analyticsRouter = router({
  percentiles: orgProcedure.input(percentileSeriesInput).query(({ ctx, input }) => getPercentileSeries(ctx.scope, input)),
  stopReasons: orgProcedure.input(stopReasonMixInput).query(({ ctx, input }) => getStopReasonMix(ctx.scope, input)),
  ttftSplit: orgProcedure.input(ttftSplitInput).query(({ ctx, input }) => getTtftSplit(ctx.scope, input)),
  agents: orgProcedure.input(agentStatsInput).query(({ ctx, input }) => getAgentStats(ctx.scope, input)),
  callbacks: orgProcedure.input(callbackStatsInput).query(({ ctx, input }) => getCallbackStats(ctx.scope, input)),
});
