import type { StopReason } from "@/db/schema";
import { percentileNumbers } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { selectAgentStats } from "../queries/run-stats";
import type { AgentStatsInput } from "../schemas";
import { resolveRange } from "../time-buckets";
import { THIN_BUCKET_N } from "./percentile-series";

interface AgentStatsRow {
  agentId: string;
  name: string;
  projectId: string | null;
  lastStopReason: StopReason | null;
  /** Runs created in the range. */
  runs: number;
  /** Of those, runs that have ended (completed, failed, cancelled, expired). */
  finished: number;
  /** Runs whose status is failed or expired. */
  errors: number;
  /** errors / finished; null with no finished runs. */
  errorRate: number | null;
  lastRunAt: Date | null;
  duration: { p50: number | null; p95: number | null; p99: number | null };
  ttft: { p50: number | null; p95: number | null };
  /** Fewer than THIN_BUCKET_N runs with a duration: p99 withheld. */
  thin: boolean;
}
export interface AgentStatsResult {
  from: Date;
  to: Date;
  agents: AgentStatsRow[];
}

/** analytics.agents (the /agents page and the analytics per-agent table): every agent of the org with its runs in the range. */
export async function getAgentStats(scope: Scope, input: AgentStatsInput, now = new Date()): Promise<AgentStatsResult> {
  const range = resolveRange(input, now);
  const rows = await selectAgentStats(scope, input, range);
  return {
    from: range.from,
    to: range.to,
    agents: rows.map((r): AgentStatsRow => {
      const [p50, p95, p99] = percentileNumbers(r.duration, 3);
      const [t50, t95] = percentileNumbers(r.ttft, 2);
      const thin = r.withDuration < THIN_BUCKET_N;
      return {
        agentId: r.id,
        name: r.name,
        projectId: r.projectId,
        lastStopReason: r.lastStopReason,
        runs: r.runs,
        finished: r.finished,
        errors: r.errors,
        errorRate: r.finished > 0 ? r.errors / r.finished : null,
        lastRunAt: r.lastRunAt == null ? null : new Date(r.lastRunAt),
        duration: { p50, p95, p99: thin ? null : p99 },
        ttft: { p50: t50, p95: t95 },
        thin,
      };
    }),
  };
}
