import { notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { selectRunMetrics, selectStepTimings } from "./queries/run-metrics";

interface TimingSummary {
  total: number;
  avg: number | null;
  max: number | null;
}

const toSummary = (s: { total: string; avg: string | null; max: string | null }): TimingSummary => ({
  total: Number(s.total),
  avg: s.avg == null ? null : Math.round(Number(s.avg)),
  max: s.max == null ? null : Number(s.max),
});

/** metrics.run (and /v1's run metrics): the run's metrics row and a summary of its steps' timings. */
export async function getRunMetrics(scope: Scope, runId: string) {
  const metrics = await selectRunMetrics(scope, runId);
  if (!metrics) throw notFound("run", runId, "runId");
  const steps = await selectStepTimings(scope, runId);
  return {
    ...metrics,
    steps: {
      count: Number(steps.count),
      stepNs: toSummary(steps.stepNs),
      llmRequestNs: toSummary(steps.llmRequestNs),
      toolExecutionNs: toSummary(steps.toolExecutionNs),
    },
  };
}

export type RunMetrics = Awaited<ReturnType<typeof getRunMetrics>>;
