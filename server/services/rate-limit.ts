import { and, eq, lt, sql } from "drizzle-orm";
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

/** Counts one request of `subject` and says whether it is within `limit` per `windowSeconds`. */
export async function consumeRateLimit(
  db: Db,
  input: { orgId: string; subject: string; limit: number; windowSeconds?: number; now?: Date },
): Promise<RateLimitResult> {
  const { orgId, subject, limit } = input;
  if (limit <= 0) return { allowed: true, limit: 0, remaining: Number.MAX_SAFE_INTEGER, retryAfterSeconds: 0 };
  const windowMs = (input.windowSeconds ?? 60) * 1000;
  const nowMs = (input.now ?? new Date()).getTime();
  const windowStart = new Date(Math.floor(nowMs / windowMs) * windowMs);
  const previousStart = new Date(windowStart.getTime() - windowMs);

  const [row] = await queryRows<{ count: number; previous: number }>(
    db,
    sql`with current_window as (
          insert into ${rateLimitCounters} (organization_id, subject, window_start, count)
          values (${orgId}, ${subject}, ${windowStart.toISOString()}::timestamptz, 1)
          on conflict (organization_id, subject, window_start)
          do update set count = ${rateLimitCounters}.count + 1
          returning count
        )
        select current_window.count::int as count,
               coalesce((select p.count from ${rateLimitCounters} p
                         where p.organization_id = ${orgId} and p.subject = ${subject}
                           and p.window_start = ${previousStart.toISOString()}::timestamptz), 0)::int as previous
        from current_window`,
  );
  if (Math.random() < PRUNE_PROBABILITY) {
    await db
      .delete(rateLimitCounters)
      .where(
        and(
          eq(rateLimitCounters.organizationId, orgId),
          eq(rateLimitCounters.subject, subject),
          lt(rateLimitCounters.windowStart, previousStart),
        ),
      );
  }
  return decide(Number(row.count), Number(row.previous), limit, (nowMs - windowStart.getTime()) / windowMs, windowMs);
}

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

/**
 * The limiter for a request authenticated by an API key: tRPC's context calls it, and so should every other
 * API-key surface (REST /v1/**): on `!allowed`, answer 429 with `Retry-After: retryAfterSeconds`.
 */
export async function checkApiKeyRateLimit(db: Db, key: { orgId: string; keyId: string }): Promise<RateLimitResult> {
  return consumeRateLimit(db, { orgId: key.orgId, subject: key.keyId, limit: configuredRateLimitPerMinute() });
}

/** Standard headers for a limited (or nearly limited) response. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = { "x-ratelimit-limit": String(result.limit), "x-ratelimit-remaining": String(result.remaining) };
  if (!result.allowed) headers["retry-after"] = String(result.retryAfterSeconds);
  return headers;
}
