import { RANGE_MS, type AnalyticsFilters } from "./schemas";

// Time buckets (pure): the bucket width follows the range, aiming at 50–100 points.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimeBucket {
  /** Short name, e.g. "5s", "15m", "6h", "1d", "1w", "1mo". */
  id: string;
  /** Human label, e.g. "15 min". */
  label: string;
  /** Width in ms; months vary, so 0 for "1mo" (use `bucketEnd`). */
  ms: number;
}

/** Range shorter than `below` → buckets of `bucket` (Trigger.dev's table, see product-notes.md). */
const BUCKET_TABLE: { below: number; bucket: TimeBucket }[] = [
  { below: 5 * MINUTE, bucket: { id: "5s", label: "5 s", ms: 5 * SECOND } },
  { below: 30 * MINUTE, bucket: { id: "30s", label: "30 s", ms: 30 * SECOND } },
  { below: 2 * HOUR, bucket: { id: "1m", label: "1 min", ms: MINUTE } },
  { below: 6 * HOUR, bucket: { id: "5m", label: "5 min", ms: 5 * MINUTE } },
  { below: 24 * HOUR, bucket: { id: "15m", label: "15 min", ms: 15 * MINUTE } },
  { below: 3 * DAY, bucket: { id: "1h", label: "1 hour", ms: HOUR } },
  { below: 14 * DAY, bucket: { id: "6h", label: "6 hours", ms: 6 * HOUR } },
  { below: 60 * DAY, bucket: { id: "1d", label: "1 day", ms: DAY } },
  { below: 365 * DAY, bucket: { id: "1w", label: "1 week", ms: 7 * DAY } },
];
const MONTH_BUCKET: TimeBucket = { id: "1mo", label: "1 month", ms: 0 };

/** Fixed-width buckets are aligned on this instant (a Monday, midnight UTC), so weeks start on Mondays. */
export const BUCKET_ORIGIN = new Date("2000-01-03T00:00:00.000Z");

export function chooseBucket(rangeMs: number): TimeBucket {
  for (const row of BUCKET_TABLE) if (rangeMs < row.below) return row.bucket;
  return MONTH_BUCKET;
}

/** The start of the bucket holding `t`: what Postgres' `date_bin` (or `date_trunc('month', …, 'UTC')`) returns. */
export function bucketFloor(t: Date, bucket: TimeBucket): Date {
  if (bucket.ms === 0) return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
  const origin = BUCKET_ORIGIN.getTime();
  return new Date(origin + Math.floor((t.getTime() - origin) / bucket.ms) * bucket.ms);
}

export function bucketEnd(start: Date, bucket: TimeBucket): Date {
  if (bucket.ms === 0) return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + bucket.ms);
}

/** Every bucket start overlapping [from, to), so empty buckets can be shown as gaps. */
export function bucketStarts(from: Date, to: Date, bucket: TimeBucket): Date[] {
  const starts: Date[] = [];
  for (let t = bucketFloor(from, bucket); t < to; t = bucketEnd(t, bucket)) {
    starts.push(t);
    if (starts.length > 2000) throw new Error("bucketStarts: too many buckets");
  }
  return starts;
}

export interface ResolvedRange {
  from: Date;
  to: Date;
  /** The period of the same length just before, for "vs previous period" deltas. */
  previousFrom: Date;
  bucket: TimeBucket;
}

/** Presets are relative to `now`: the query key stays `{ range: "7d" }`, and the answer says which instants it used. */
export function resolveRange(filters: Pick<AnalyticsFilters, "range" | "from" | "to">, now = new Date()): ResolvedRange {
  let from: Date;
  let to: Date;
  if (filters.range === "custom") {
    from = filters.from!;
    to = filters.to!;
  } else {
    to = now;
    from = new Date(now.getTime() - RANGE_MS[filters.range]);
  }
  const span = to.getTime() - from.getTime();
  return { from, to, previousFrom: new Date(from.getTime() - span), bucket: chooseBucket(span) };
}
