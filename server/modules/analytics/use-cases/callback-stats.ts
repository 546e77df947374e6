import { percentileNumbers } from "@/server/modules/percentiles";
import type { Scope } from "@/server/scope";
import { selectAttemptLatency, selectDeliveryCounts, selectFailuresByCode } from "../queries/callback-stats";
import type { CallbackStatsInput } from "../schemas";
import { resolveRange } from "../time-buckets";

export interface CallbackStatsResult {
  from: Date;
  to: Date;
  /** Deliveries created in the range, by current status. */
  deliveries: { total: number; delivered: number; failed: number; pending: number };
  /** delivered / (delivered + failed): final outcomes only; null when none is final yet. */
  successRate: number | null;
  /** Attempts started in the range, and how long receivers took to answer them (ms). */
  attempts: { total: number; p50Ms: number | null; p95Ms: number | null };
  /** Failed or refused attempts by HTTP status (or "no response" / "refused" when there was none), most frequent first. */
  failuresByCode: { code: string; count: number }[];
}

/** analytics.callbacks: success rate, receiver latency and failures by status code of the org's deliveries in the range. */
export async function getCallbackStats(scope: Scope, input: CallbackStatsInput, now = new Date()): Promise<CallbackStatsResult> {
  const range = resolveRange(input, now);
  const deliveries = await selectDeliveryCounts(scope, range);
  const attempts = await selectAttemptLatency(scope, range);
  const failuresByCode = await selectFailuresByCode(scope, range);
  const [p50Ms, p95Ms] = percentileNumbers(attempts.latency, 2);
  const final = deliveries.delivered + deliveries.failed;
  return {
    from: range.from,
    to: range.to,
    deliveries,
    successRate: final > 0 ? deliveries.delivered / final : null,
    attempts: { total: attempts.total, p50Ms, p95Ms },
    failuresByCode,
  };
}
