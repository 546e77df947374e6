import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeyRoles, apiKeys, type ApiKeyRole } from "@/db/schema";
import { newId } from "@/server/ids";

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

export async function authenticateApiKey(db: Db, token: string): Promise<ApiKeyPrincipal | null> {
  if (!token || token.length > 512) return null;
  const [row] = await db
    .select({ key: apiKeys, role: apiKeyRoles.role })
    .from(apiKeys)
    .leftJoin(apiKeyRoles, eq(apiKeyRoles.apiKeyId, apiKeys.id))
    .where(eq(apiKeys.keyHash, hashApiKey(token)));
  const key = row?.key;
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) return null;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_THROTTLE_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, key.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - LAST_USED_THROTTLE_MS))),
        ),
      );
  }
  return { keyId: key.id, orgId: key.organizationId, projectId: key.projectId, role: row.role ?? "member" };
}
