import type { Db } from "@/db/client";
import { env, parseEnv } from "@/server/env";
import { countSubjectCalls, deleteWindowsBefore, type RateLimitWindow } from "./queries/rate-limit";

export type { RateLimitWindow };

/**
 * Per-API-key (and per signed-in user) rate limiting backed by Postgres (works on PGlite too): one upsert per
 * request adds the request's procedure calls to the counter of the current fixed window and reads the previous
 * one, and the two are blended into a sliding-window estimate (Cloudflare's approximation), so a burst across a
 * window boundary is still caught. Each call of a batch gets its own verdict (`verdictForCall`).
 *
 * RUNTOWER_RATE_LIMIT_PER_MINUTE sets the keys' limit (default 6000; 0 turns limiting off),
 * RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE the browser sessions'.
 */

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests left in the current sliding window (0 when denied). */
  remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed). Send as `Retry-After`. */
  retryAfterSeconds: number;
}

const PRUNE_PROBABILITY = 0.02;

/** The API keys' limit per minute, from the app's environment or the `source` given. */
export function configuredRateLimitPerMinute(source?: Record<string, string | undefined>): number {
  return (source ? parseEnv(source) : env()).RUNTOWER_RATE_LIMIT_PER_MINUTE;
}

/** The fixed windows a request at `now` falls in (current and previous), for a limit per `windowSeconds`. */
export function rateLimitWindow(limit: number, windowSeconds = 60, now = new Date()): RateLimitWindow {
  const windowMs = windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return {
    limit,
    windowMs,
    start,
    previousStart: new Date(start.getTime() - windowMs),
    elapsed: (now.getTime() - start.getTime()) / windowMs,
  };
}

/** What one counting statement saw: the window, the counts after it, and how many calls it added. */
export interface RateLimitCount {
  window: RateLimitWindow;
  count: number;
  previous: number;
  calls: number;
}

/** The verdict of the request's call `index` (0-based; a batch's calls are counted in order). */
export function verdictForCall(counted: RateLimitCount, index: number): RateLimitResult {
  const { window, count, previous, calls } = counted;
  const position = Math.min(Math.max(index, 0), calls - 1);
  return decide(count - calls + position + 1, previous, window.limit, window.elapsed, window.windowMs);
}

/** The counts the CTEs returned, with now and then a drop of the subject's expired windows. */
export async function settleRateLimit(
  db: Db,
  input: { orgId: string; subject: string } & RateLimitCount,
): Promise<RateLimitCount> {
  const { orgId, subject, window } = input;
  if (Math.random() < PRUNE_PROBABILITY) await deleteWindowsBefore(db, orgId, subject, window.previousStart);
  const { count, previous, calls } = input;
  return { window, count, previous, calls };
}

/** Counts `calls` (default 1) calls of `subject`; null when `limit` is 0 (no limit). */
export async function countCalls(
  db: Db,
  input: { orgId: string; subject: string; limit: number; calls?: number; windowSeconds?: number; now?: Date },
): Promise<RateLimitCount | null> {
  const { orgId, subject, limit, calls = 1 } = input;
  if (limit <= 0) return null;
  const window = rateLimitWindow(limit, input.windowSeconds, input.now);
  const row = await countSubjectCalls(db, { orgId, subject, window, calls });
  return settleRateLimit(db, { orgId, subject, window, count: row.count, previous: row.previous, calls });
}

/** Counts one request of `subject` and says whether it is within `limit` per `windowSeconds`. */
export async function consumeRateLimit(
  db: Db,
  input: { orgId: string; subject: string; limit: number; windowSeconds?: number; now?: Date },
): Promise<RateLimitResult> {
  const counted = await countCalls(db, input);
  return counted ? verdictForCall(counted, 0) : unlimited();
}

export const unlimited = (): RateLimitResult => ({
  allowed: true,
  limit: 0,
  remaining: Number.MAX_SAFE_INTEGER,
  retryAfterSeconds: 0,
});

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
