import { z } from "zod";
import { idOf, instantInput, runStatus } from "@/server/lib/common-schemas";

/** Time ranges offered by the analytics pages; "custom" takes explicit `from` and `to`. */
export const ANALYTICS_RANGES = ["1h", "24h", "7d", "30d", "custom"] as const;
export type AnalyticsRange = (typeof ANALYTICS_RANGES)[number];
export const RANGE_MS: Record<Exclude<AnalyticsRange, "custom">, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};
/** A custom range is at least one second and at most five years long. */
const MAX_RANGE_MS = 5 * 366 * 86_400_000;

/** Percentiles the charts offer: p50/p95/p99 by default, p75/p90 on demand. */
export const ANALYTICS_PERCENTILES = [50, 75, 90, 95, 99] as const;
export type AnalyticsPercentile = (typeof ANALYTICS_PERCENTILES)[number];
export const DEFAULT_PERCENTILES: AnalyticsPercentile[] = [50, 95, 99];
/**
 * The runs percentiles are read from unless the caller names statuses: runs that ran their course, succeeded or
 * failed. A cancelled run's duration is when someone gave up, and would drag p95/p99 towards the user's patience.
 * The one place this default lives (the charts show what was counted from the answer's `statuses`).
 */
export const DEFAULT_PERCENTILE_STATUSES = ["completed", "failed"] as const;

/**
 * How runs are grouped into series. `model` is the model of the run's first step that names one
 * (the call whose first token TTFT measures); runs whose steps name no model fall in "(unknown)".
 */
export const ANALYTICS_GROUPS = ["none", "agent", "model", "stop_reason"] as const;
export type AnalyticsGroup = (typeof ANALYTICS_GROUPS)[number];

export const ANALYTICS_FIELDS = ["duration", "ttft"] as const;
export type AnalyticsField = (typeof ANALYTICS_FIELDS)[number];

/** At most this many series per chart: the groups with the most runs in the range. */
export const MAX_GROUPS = 10;

/** The filters every analytics query shares (and the analytics pages keep in their URL). */
const filterShape = {
  range: z.enum(ANALYTICS_RANGES).default("7d"),
  from: instantInput.optional(),
  to: instantInput.optional(),
  agentIds: z.array(idOf("agent")).max(100).optional(),
  projectId: idOf("project").optional(),
  statuses: z.array(runStatus).max(10).optional(),
};

/** `from`/`to` belong to a custom range only; a custom range lasts between one second and five years. */
function checkRange(value: { range: AnalyticsRange; from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (value.range !== "custom") {
    if (value.from || value.to)
      ctx.addIssue({ code: "custom", path: ["range"], message: "from and to are only allowed with range 'custom'" });
    return;
  }
  if (!value.from) ctx.addIssue({ code: "custom", path: ["from"], message: "is required with range 'custom'" });
  if (!value.to) ctx.addIssue({ code: "custom", path: ["to"], message: "is required with range 'custom'" });
  if (value.from && value.to) {
    const span = value.to.getTime() - value.from.getTime();
    if (span < 1000) ctx.addIssue({ code: "custom", path: ["to"], message: "must be at least one second after from" });
    if (span > MAX_RANGE_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "must be at most five years after from" });
  }
}

export const analyticsFilters = z.object(filterShape).superRefine(checkRange);
export type AnalyticsFilters = z.infer<typeof analyticsFilters>;

export const percentileSeriesInput = z
  .object({
    ...filterShape,
    field: z.enum(ANALYTICS_FIELDS).default("duration"),
    percentiles: z
      .array(z.literal([...ANALYTICS_PERCENTILES]))
      .min(1)
      .max(ANALYTICS_PERCENTILES.length)
      .default(DEFAULT_PERCENTILES),
    groupBy: z.enum(ANALYTICS_GROUPS).default("none"),
    statuses: z
      .array(runStatus)
      .min(1)
      .max(10)
      .default(() => [...DEFAULT_PERCENTILE_STATUSES]),
  })
  .superRefine(checkRange);
export type PercentileSeriesInput = z.infer<typeof percentileSeriesInput>;
/** What a caller passes (statuses and the other defaults optional). */
export type PercentileSeriesParams = z.input<typeof percentileSeriesInput>;

export const stopReasonMixInput = analyticsFilters;
export type StopReasonMixInput = z.infer<typeof stopReasonMixInput>;

export const ttftSplitInput = z
  .object({ ...filterShape, groupBy: z.enum(ANALYTICS_GROUPS).default("agent") })
  .superRefine(checkRange);
export type TtftSplitInput = z.infer<typeof ttftSplitInput>;

export const agentStatsInput = analyticsFilters;
export type AgentStatsInput = z.infer<typeof agentStatsInput>;

/** Callback health over a time range (agent, project and status filters do not apply to deliveries). */
export const callbackStatsInput = z
  .object({ range: filterShape.range, from: filterShape.from, to: filterShape.to })
  .superRefine(checkRange);
export type CallbackStatsInput = z.infer<typeof callbackStatsInput>;
