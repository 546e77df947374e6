import { and, desc, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { apiKeyRoles, apiKeys, type ApiKeyRole } from "@/db/schema";

/** API keys as the settings page and `apiKeys.*` show them: never the token or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The token's first characters (`rt_…`), to tell keys apart. */
  displayPrefix: string;
  projectId: string | null;
  role: ApiKeyRole;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const viewColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  displayPrefix: apiKeys.displayPrefix,
  projectId: apiKeys.projectId,
  role: sql<ApiKeyRole>`coalesce(${apiKeyRoles.role}, 'member')`,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export async function findKeyView(db: Db, orgId: string, keyId: string): Promise<ApiKeyView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(apiKeys)
    .leftJoin(apiKeyRoles, eq(apiKeyRoles.apiKeyId, apiKeys.id))
    .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, keyId)));
  return row ?? null;
}

export function listKeyViews(db: Db, orgId: string, input: { includeRevoked: boolean; limit: number }): Promise<ApiKeyView[]> {
  return db
    .select(viewColumns)
    .from(apiKeys)
    .leftJoin(apiKeyRoles, eq(apiKeyRoles.apiKeyId, apiKeys.id))
    .where(and(eq(apiKeys.organizationId, orgId), input.includeRevoked ? undefined : isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(input.limit);
}

/** Inserts a key by its hash; an existing hash (the same token again) is left as it is. */
export async function insertKey(
  db: Db,
  row: {
    id: string;
    orgId: string;
    projectId: string | null;
    name: string;
    keyHash: string;
    displayPrefix: string;
    expiresAt: Date | null;
  },
): Promise<void> {
  await db
    .insert(apiKeys)
    .values({
      id: row.id,
      organizationId: row.orgId,
      projectId: row.projectId,
      name: row.name,
      keyHash: row.keyHash,
      displayPrefix: row.displayPrefix,
      expiresAt: row.expiresAt,
    })
    .onConflictDoNothing({ target: apiKeys.keyHash });
}

export async function insertKeyRole(db: Db, row: { keyId: string; orgId: string; role: ApiKeyRole; userId: string | null }) {
  await db
    .insert(apiKeyRoles)
    .values({ apiKeyId: row.keyId, organizationId: row.orgId, role: row.role, createdByUserId: row.userId });
}

/** Gives the key with this hash `role` (inserting or changing its role row); nothing when no key has the hash. */
export async function setKeyRoleByHash(db: Db, keyHash: string, role: ApiKeyRole): Promise<void> {
  const [key] = await db
    .select({ id: apiKeys.id, orgId: apiKeys.organizationId })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash));
  if (!key) return;
  await db
    .insert(apiKeyRoles)
    .values({ apiKeyId: key.id, organizationId: key.orgId, role })
    .onConflictDoUpdate({ target: apiKeyRoles.apiKeyId, set: { role }, setWhere: sql`${apiKeyRoles.role} <> ${role}` });
}

export async function lockKey(db: Db, orgId: string, keyId: string) {
  const [row] = await db
    .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, keyId)))
    .for("update");
  return row ?? null;
}

export async function markKeyRevoked(db: Db, orgId: string, keyId: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, keyId)));
}

/** Name and prefix of the caller's key (me.get). */
export async function keySummary(db: Db, orgId: string, keyId: string) {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, displayPrefix: apiKeys.displayPrefix })
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, keyId)));
  return row ?? null;
}

export interface ActiveKeyRow {
  id: string;
  organization_id: string;
  project_id: string | null;
  last_used_at: string | Date | null;
  role: ApiKeyRole | null;
  count: number | null;
  previous: number | null;
}

/**
 * The unrevoked, unexpired key with this hash and its role; with `countCtes` (rate-limit.ts's countRequestCtes over
 * `select organization_id, id as subject from key`), the same statement counts the request's calls. Raw SQL: the
 * counting CTEs are a data-modifying WITH, which the query builder cannot compose with this select.
 */
export async function findActiveKey(db: Db, keyHash: string, countCtes?: (subjects: SQL) => SQL): Promise<ActiveKeyRow | null> {
  const key = sql`select k.id, k.organization_id, k.project_id, k.last_used_at, r.role
    from ${apiKeys} k left join ${apiKeyRoles} r on r.api_key_id = k.id
    where k.key_hash = ${keyHash} and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())`;
  const [row] = await queryRows<ActiveKeyRow>(
    db,
    countCtes
      ? sql`with key as (${key}), ${countCtes(sql`select organization_id, id as subject from key`)}
          select key.*, c.count, c.previous from key left join counted_with_previous c on true`
      : key,
  );
  return row ?? null;
}

/** Records a use unless one was recorded within `throttleMs` (also checked in SQL: concurrent requests write once). */
export async function touchLastUsed(db: Db, keyId: string, throttleMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - throttleMs)))));
}
