/**
 * The first step of every request (tRPC, /v1, the export route): who is calling — an API key (Bearer) or a browser
 * session — and whether each of the request's procedure calls is within the caller's rate limit. A request of N
 * calls (a tRPC batch) counts N; an API key is authenticated and counted in one statement.
 */
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import {
  authenticateApiKey,
  countCalls,
  getSessionScope,
  scopeForApiKey,
  unlimited,
  verdictForCall,
  type RateLimitCount,
  type RateLimitResult,
} from "@/server/modules/access";
import type { Scope } from "@/server/scope";
import { HttpError, rateLimitHeaders, rateLimitMessage } from "./errors";

/** The verdict of the request's last call (the one a single-call surface answers with), and each call's. */
export interface RequestRateLimit extends RateLimitResult {
  who: "API key" | "user";
  forCall(index: number): RateLimitResult;
}

export interface Caller {
  /** Null when the request carries no valid credentials. */
  scope: Scope | null;
  /** Null when the caller is not limited (no credentials, or a limit of 0). */
  rateLimit: RequestRateLimit | null;
}

export function bearerToken(headers: Headers): string | null {
  const header = headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

function requestRateLimit(counted: RateLimitCount | null | undefined, who: RequestRateLimit["who"]): RequestRateLimit | null {
  if (!counted) return null;
  const last = verdictForCall(counted, counted.calls - 1);
  return { ...last, who, forCall: (index) => verdictForCall(counted, index) };
}

/**
 * Authenticates the request and counts its `calls` procedure calls (default 1) against the caller's limit: per API
 * key (RUNTOWER_RATE_LIMIT_PER_MINUTE) or per signed-in user (RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE).
 */
export async function authenticateRequest(db: Db, headers: Headers, options: { calls?: number } = {}): Promise<Caller> {
  const calls = Math.max(1, options.calls ?? 1);
  const token = bearerToken(headers);
  if (token) {
    const principal = await authenticateApiKey(db, token, { calls });
    if (!principal) return { scope: null, rateLimit: null };
    return { scope: scopeForApiKey(db, principal), rateLimit: requestRateLimit(principal.counted, "API key") };
  }
  // No API key: a browser request, authenticated by its session cookie.
  const scope = await getSessionScope(db, headers);
  if (!scope?.userId) return { scope, rateLimit: null };
  const limit = env().RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE;
  const counted = await countCalls(db, { orgId: scope.orgId, subject: scope.userId, limit, calls });
  return { scope, rateLimit: requestRateLimit(counted, "user") };
}

/**
 * For single-call surfaces (/v1, the export route): the caller's scope, or an HttpError — 401 without valid
 * credentials, 429 with Retry-After over the limit. `/v1` takes API keys only (`sessions: false`).
 */
export async function requireCaller(db: Db, headers: Headers, options: { sessions: boolean }): Promise<Scope> {
  if (!options.sessions && !bearerToken(headers)) throw new HttpError(401, "Authorization: Bearer <API key> is required");
  const { scope, rateLimit } = await authenticateRequest(db, headers);
  if (!scope) {
    throw new HttpError(
      401,
      options.sessions ? "Authorization: sign in or send a valid API key (Bearer rt_…)" : "Invalid, expired or revoked API key",
    );
  }
  const verdict = rateLimit ?? unlimited();
  if (!verdict.allowed) throw new HttpError(429, rateLimitMessage(verdict, rateLimit!.who), rateLimitHeaders(verdict));
  return scope;
}
