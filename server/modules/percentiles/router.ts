import { percentilesInput, runMetricsInput } from "./schemas";
import { getPercentiles } from "./percentiles";
import { getRunMetrics } from "./run-metrics";
import { orgProcedure, router } from "@/server/trpc";

export const metricsRouter = router({
  run: orgProcedure.input(runMetricsInput).query(({ ctx, input }) => getRunMetrics(ctx.scope, input.runId)),
  percentiles: orgProcedure.input(percentilesInput).query(({ ctx, input }) => getPercentiles(ctx.scope, input)),
});
