import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { rateLimitCounters } from "@/db/schema";

/**
 * Per-API-key rate limiting backed by Postgres (works on PGlite too): one upsert per request increments the
 * counter of the current fixed window and reads the previous one, and the two are blended into a sliding-window
 * estimate (Cloudflare's approximation), so a burst across a window boundary is still caught.
 *
 * RUNTOWER_RATE_LIMIT_PER_MINUTE sets the limit (default 6000; 0 turns limiting off).
 */

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests left in the current sliding window (0 when denied). */
  remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed). Send as `Retry-After`. */
  retryAfterSeconds: number;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
const PRUNE_PROBABILITY = 0.02;

export function configuredRateLimitPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RUNTOWER_RATE_LIMIT_PER_MINUTE;
  if (raw === undefined || raw === "") return DEFAULT_RATE_LIMIT_PER_MINUTE;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error("RUNTOWER_RATE_LIMIT_PER_MINUTE must be a whole number ≥ 0");
  return value;
}

/** The fixed windows a request at `now` falls in (current and previous), for a limit per `windowSeconds`. */
export interface RateLimitWindow {
  limit: number;
  windowMs: number;
  start: Date;
  previousStart: Date;
  /** Fraction (0–1) of the current window gone. */
  elapsed: number;
}

export function rateLimitWindow(limit: number, windowSeconds = 60, now = new Date()): RateLimitWindow {
  const windowMs = windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { limit, windowMs, start, previousStart: new Date(start.getTime() - windowMs), elapsed: (now.getTime() - start.getTime()) / windowMs };
}

/**
 * CTEs that count one request of each (organization_id, subject) that `subjects` selects — an upsert of the
 * current window's counter — and read the previous window's count beside it, as `counted_with_previous
 * (organization_id, subject, count, previous)`. Written once, used by consumeRateLimit and by the API-key
 * authentication that counts in the same statement (one round trip per request instead of two).
 */
export function countRequestCtes(subjects: SQL, window: RateLimitWindow): SQL {
  return sql`counted as (
      insert into ${rateLimitCounters} (organization_id, subject, window_start, count)
      select s.organization_id, s.subject, ${window.start.toISOString()}::timestamptz, 1 from (${subjects}) s
      on conflict (organization_id, subject, window_start)
      do update set count = ${rateLimitCounters}.count + 1
      returning organization_id, subject, count
    ), counted_with_previous as (
      select c.organization_id, c.subject, c.count::int as count,
             coalesce((select p.count from ${rateLimitCounters} p
                       where p.organization_id = c.organization_id and p.subject = c.subject
                         and p.window_start = ${window.previousStart.toISOString()}::timestamptz), 0)::int as previous
      from counted c
    )`;
}

/** The verdict from the counts the CTEs returned; now and then it drops the subject's expired windows. */
export async function settleRateLimit(
  db: Db,
  input: { orgId: string; subject: string; window: RateLimitWindow; count: number; previous: number },
): Promise<RateLimitResult> {
  const { orgId, subject, window } = input;
  if (Math.random() < PRUNE_PROBABILITY) {
    await db
      .delete(rateLimitCounters)
      .where(
        and(
          eq(rateLimitCounters.organizationId, orgId),
          eq(rateLimitCounters.subject, subject),
          lt(rateLimitCounters.windowStart, window.previousStart),
        ),
      );
  }
  return decide(input.count, input.previous, window.limit, window.elapsed, window.windowMs);
}

/** Counts one request of `subject` and says whether it is within `limit` per `windowSeconds`. */
export async function consumeRateLimit(
  db: Db,
  input: { orgId: string; subject: string; limit: number; windowSeconds?: number; now?: Date },
): Promise<RateLimitResult> {
  const { orgId, subject, limit } = input;
  if (limit <= 0) return unlimited();
  const window = rateLimitWindow(limit, input.windowSeconds, input.now);
  const [row] = await queryRows<{ count: number; previous: number }>(
    db,
    sql`with ${countRequestCtes(sql`select ${orgId}::text as organization_id, ${subject}::text as subject`, window)}
        select count, previous from counted_with_previous`,
  );
  return settleRateLimit(db, { orgId, subject, window, count: Number(row.count), previous: Number(row.previous) });
}

export const unlimited = (): RateLimitResult => ({ allowed: true, limit: 0, remaining: Number.MAX_SAFE_INTEGER, retryAfterSeconds: 0 });

/** The sliding-window decision; exported for unit tests. `elapsed` is the fraction (0–1) of the current window gone. */
export function decide(count: number, previous: number, limit: number, elapsed: number, windowMs: number): RateLimitResult {
  const estimate = previous * (1 - elapsed) + count;
  if (estimate <= limit) {
    return { allowed: true, limit, remaining: Math.max(0, Math.floor(limit - estimate)), retryAfterSeconds: 0 };
  }
  let waitFraction: number;
  if (count <= limit && previous > 0) {
    // Wait until the previous window's weight has decayed enough within this window.
    waitFraction = 1 - (limit - count) / previous - elapsed;
  } else {
    // This window alone is over: wait for the next one, until this window's weight there has decayed enough.
    waitFraction = 1 - elapsed + (1 - limit / count);
  }
  return { allowed: false, limit, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((waitFraction * windowMs) / 1000)) };
}

/** Standard headers for a limited (or nearly limited) response. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = { "x-ratelimit-limit": String(result.limit), "x-ratelimit-remaining": String(result.remaining) };
  if (!result.allowed) headers["retry-after"] = String(result.retryAfterSeconds);
  return headers;
}
