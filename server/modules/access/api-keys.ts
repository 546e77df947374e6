import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import type { ApiKeyRole } from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { permissionsFor } from "./permissions";
import { findActiveKey, insertKey, touchLastUsed } from "./queries/api-keys";
import { keyPepper } from "@/server/env";
import { configuredRateLimitPerMinute, rateLimitWindow, settleRateLimit, type RateLimitCount } from "./rate-limit";
import { countRequestCtes } from "./queries/rate-limit";

const API_KEY_PREFIX = "rt_";
// last_used_at is informational; writing it on every request would turn every read into a write.
const LAST_USED_THROTTLE_MS = 60_000;

export function generateApiKeyToken(): string {
  return `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
}

/**
 * API keys and invitation tokens (invitations.ts) are long random tokens, so a peppered SHA-256 is enough and allows an
 * indexed lookup. One function for both: a second hashing scheme would be a second thing to get right.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(keyPepper()).update("\u0000").update(token).digest("hex");
}

export const hashApiKey = hashToken;

export async function storeApiKey(
  db: Db,
  input: { orgId: string; projectId?: string | null; name: string; token: string; expiresAt?: Date | null },
): Promise<{ id: string }> {
  const id = newId("key");
  await insertKey(db, {
    id,
    orgId: input.orgId,
    projectId: input.projectId ?? null,
    name: input.name,
    keyHash: hashApiKey(input.token),
    displayPrefix: input.token.slice(0, 10),
    expiresAt: input.expiresAt ?? null,
  });
  return { id };
}

export interface ApiKeyPrincipal {
  keyId: string;
  orgId: string;
  projectId: string | null;
  /** `member` (read and write; keys without a role row), `viewer` (read-only) or `admin` (the admin role's permissions). */
  role: ApiKeyRole;
}

/** What a request authenticated by an API key may do: its org (and project), with its role's permissions. */
export function scopeForApiKey(db: Db, principal: ApiKeyPrincipal): Scope {
  return {
    db,
    orgId: principal.orgId,
    projectId: principal.projectId,
    actor: principal.keyId,
    apiKeyId: principal.keyId,
    userId: null,
    role: principal.role,
    permissions: permissionsFor(principal.role),
  };
}

/**
 * The key's principal, or null for an unknown, revoked or expired key. With `calls`, the same statement also counts
 * that many procedure calls against the key's rate limit (server/modules/access/rate-limit.ts) and the counts come
 * back as `counted` (null: no limit): API-key requests cost one round trip before their procedures run, not two.
 */
export async function authenticateApiKey(
  db: Db,
  token: string,
  options: { calls?: number } = {},
): Promise<(ApiKeyPrincipal & { counted?: RateLimitCount | null }) | null> {
  if (!token || token.length > 512) return null;
  const calls = options.calls ?? 0;
  const limit = calls > 0 ? configuredRateLimitPerMinute() : 0;
  const window = limit > 0 ? rateLimitWindow(limit) : null;
  const row = await findActiveKey(
    db,
    hashApiKey(token),
    window ? (subjects) => countRequestCtes(subjects, window, calls) : undefined,
  );
  if (!row) return null;
  const lastUsedAt = row.last_used_at == null ? null : new Date(row.last_used_at);
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > LAST_USED_THROTTLE_MS)
    await touchLastUsed(db, row.id, LAST_USED_THROTTLE_MS);
  const principal: ApiKeyPrincipal = {
    keyId: row.id,
    orgId: row.organization_id,
    projectId: row.project_id,
    role: row.role ?? "member",
  };
  if (calls === 0) return principal;
  const counted = window
    ? await settleRateLimit(db, {
        orgId: principal.orgId,
        subject: principal.keyId,
        window,
        count: Number(row.count),
        previous: Number(row.previous),
        calls,
      })
    : null;
  return { ...principal, counted };
}
