import type { AttemptOutcome, DeliveryStatus } from "@/db/schema";
import type { PostResult } from "./transport";

/**
 * Svix's retry schedule: the first attempt at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each
 * failure (±20 % jitter); after the eighth failed attempt the delivery is `failed`.
 */
const S = 1000;
const M = 60 * S;
const H = 60 * M;
export const RETRY_DELAYS_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H] as const;
export const MAX_SCHEDULED_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.2;
/** A Retry-After beyond this is capped: a receiver cannot park a delivery for days. */
export const MAX_RETRY_AFTER_MS = 24 * H;

/**
 * When to try again after `attemptsMade` scheduled attempts have failed, or null when the schedule is spent.
 * `random` in [0, 1) picks the jitter; Retry-After (ms) postpones the retry but never brings it forward.
 */
export function nextRetryAt(
  now: Date,
  attemptsMade: number,
  options: { random?: () => number; retryAfterMs?: number | null } = {},
): Date | null {
  if (attemptsMade < 1 || attemptsMade >= MAX_SCHEDULED_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[attemptsMade - 1];
  const random = options.random ?? Math.random;
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  const retryAfter = Math.min(Math.max(0, options.retryAfterMs ?? 0), MAX_RETRY_AFTER_MS);
  return new Date(now.getTime() + Math.round(Math.max(jittered, retryAfter)));
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined | null, now: Date): number | null {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

export interface AttemptJudgement {
  outcome: AttemptOutcome;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

/**
 * What an attempt's result means for its delivery: delivered, retried at some time, or failed for good. A manual
 * replay gets exactly one attempt, so its failure is final.
 */
export function judgeAttempt(
  claim: { replay: boolean; scheduledAttempts: number },
  result: PostResult,
  now: Date,
  random: () => number = Math.random,
): AttemptJudgement {
  if (result.refused) return { outcome: "refused", status: "failed", nextAttemptAt: null };
  const code = result.statusCode;
  if (code !== null && code >= 200 && code <= 299 && !result.error)
    return { outcome: "delivered", status: "delivered", nextAttemptAt: null };
  // 410 Gone: the receiver asks us to stop.
  if (code === 410 || claim.replay) return { outcome: "failed", status: "failed", nextAttemptAt: null };
  const next = nextRetryAt(now, claim.scheduledAttempts + 1, {
    random,
    retryAfterMs: parseRetryAfter(result.retryAfter, now),
  });
  if (!next) return { outcome: "failed", status: "failed", nextAttemptAt: null };
  return { outcome: "failed", status: "pending", nextAttemptAt: next };
}
