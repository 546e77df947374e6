import type { StopReason } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { selectStopReasonCounts } from "../queries/run-stats";
import type { StopReasonMixInput } from "../schemas";
import { bucketEnd, bucketStarts, resolveRange, type TimeBucket } from "../time-buckets";

export interface StopReasonMixResult {
  from: Date;
  to: Date;
  bucket: TimeBucket;
  /** Stop reasons present in the range, most frequent first. */
  reasons: { reason: StopReason; count: number }[];
  points: { start: Date; end: Date; total: number; counts: Partial<Record<StopReason, number>> }[];
}

/** analytics.stopReasons: runs that ended with each stop reason, per automatic time bucket (open runs have none). */
export async function getStopReasonMix(scope: Scope, input: StopReasonMixInput, now = new Date()): Promise<StopReasonMixResult> {
  const range = resolveRange(input, now);
  const rows = await selectStopReasonCounts(scope, input, range);
  const totals = new Map<StopReason, number>();
  for (const row of rows) totals.set(row.reason, (totals.get(row.reason) ?? 0) + row.n);
  const points = bucketStarts(range.from, range.to, range.bucket).map((start) => {
    const counts: Partial<Record<StopReason, number>> = {};
    let total = 0;
    for (const row of rows) {
      if (new Date(row.bucketStart).getTime() !== start.getTime()) continue;
      counts[row.reason] = row.n;
      total += row.n;
    }
    return { start, end: bucketEnd(start, range.bucket), total, counts };
  });
  const reasons = [...totals]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { from: range.from, to: range.to, bucket: range.bucket, reasons, points };
}
