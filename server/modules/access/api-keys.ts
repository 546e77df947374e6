import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { apiKeyRoles, apiKeys, type ApiKeyRole } from "@/db/schema";
import { newId } from "@/server/ids";
import {
  configuredRateLimitPerMinute,
  countRequestCtes,
  rateLimitWindow,
  settleRateLimit,
  unlimited,
  type RateLimitResult,
} from "./rate-limit";

export const API_KEY_PREFIX = "rt_";
// last_used_at is informational; writing it on every request would turn every read into a write.
const LAST_USED_THROTTLE_MS = 60_000;

function pepper(): string {
  return process.env.RUNTOWER_KEY_PEPPER ?? "runtower-development-pepper";
}

export function generateApiKeyToken(): string {
  return `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
}

/** Keys are long random tokens, so a peppered SHA-256 is enough and allows an indexed lookup. */
export function hashApiKey(token: string): string {
  return createHash("sha256").update(pepper()).update("\u0000").update(token).digest("hex");
}

export async function storeApiKey(
  db: Db,
  input: { orgId: string; projectId?: string | null; name: string; token: string; expiresAt?: Date | null },
): Promise<{ id: string }> {
  const id = newId("key");
  await db
    .insert(apiKeys)
    .values({
      id,
      organizationId: input.orgId,
      projectId: input.projectId ?? null,
      name: input.name,
      keyHash: hashApiKey(input.token),
      displayPrefix: input.token.slice(0, 10),
      expiresAt: input.expiresAt ?? null,
    })
    .onConflictDoNothing({ target: apiKeys.keyHash });
  return { id };
}

export interface ApiKeyPrincipal {
  keyId: string;
  orgId: string;
  projectId: string | null;
  /** `member` (read and write; keys without a role row) or `viewer` (read-only). */
  role: ApiKeyRole;
}

/**
 * The key's principal, or null for an unknown, revoked or expired key. With `countRequest`, the same statement
 * also counts the request against the key's rate limit (server/modules/access/rate-limit.ts) and the verdict comes
 * back as `rateLimit`: API-key requests cost one round trip before their procedure runs, not two.
 */
export async function authenticateApiKey(
  db: Db,
  token: string,
  options: { countRequest?: boolean } = {},
): Promise<(ApiKeyPrincipal & { rateLimit?: RateLimitResult }) | null> {
  if (!token || token.length > 512) return null;
  const limit = options.countRequest ? configuredRateLimitPerMinute() : 0;
  const window = limit > 0 ? rateLimitWindow(limit) : null;
  const key = sql`select k.id, k.organization_id, k.project_id, k.last_used_at, r.role
    from ${apiKeys} k left join ${apiKeyRoles} r on r.api_key_id = k.id
    where k.key_hash = ${hashApiKey(token)} and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())`;
  const [row] = await queryRows<{
    id: string;
    organization_id: string;
    project_id: string | null;
    last_used_at: string | Date | null;
    role: ApiKeyRole | null;
    count: number | null;
    previous: number | null;
  }>(
    db,
    window
      ? sql`with key as (${key}), ${countRequestCtes(sql`select organization_id, id as subject from key`, window)}
          select key.*, c.count, c.previous from key left join counted_with_previous c on true`
      : sql`${key}`,
  );
  if (!row) return null;
  const lastUsedAt = row.last_used_at == null ? null : new Date(row.last_used_at);
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > LAST_USED_THROTTLE_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - LAST_USED_THROTTLE_MS))),
        ),
      );
  }
  const principal: ApiKeyPrincipal = { keyId: row.id, orgId: row.organization_id, projectId: row.project_id, role: row.role ?? "member" };
  if (!options.countRequest) return principal;
  const rateLimit = window
    ? await settleRateLimit(db, { orgId: principal.orgId, subject: principal.keyId, window, count: Number(row.count), previous: Number(row.previous) })
    : unlimited();
  return { ...principal, rateLimit };
}
