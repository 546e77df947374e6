import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeyRoles, apiKeys, projects, type ApiKeyRole } from "@/db/schema";
import type { CreateApiKeyInput, ListApiKeysInput } from "./schemas";
import { badRequest, notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { generateApiKeyToken, storeApiKey } from "./api-keys";
import { recordAudit } from "@/server/modules/audit";
import { assertProjectInOrg } from "./projects";

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

async function findKey(db: Db, scope: Scope, keyId: string): Promise<ApiKeyView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(apiKeys)
    .leftJoin(apiKeyRoles, eq(apiKeyRoles.apiKeyId, apiKeys.id))
    .where(and(eq(apiKeys.organizationId, scope.orgId), eq(apiKeys.id, keyId)));
  return row ?? null;
}

/** Creates a key; the token is returned here once and only its peppered hash is stored. */
export async function createApiKey(scope: Scope, input: CreateApiKeyInput): Promise<{ key: ApiKeyView; token: string }> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badRequest("expiresAt", "must be in the future");
  return scope.db.transaction(async (tx) => {
    const txScope = { ...scope, db: tx };
    if (input.projectId) await assertProjectInOrg(txScope, input.projectId);
    const token = generateApiKeyToken();
    const { id } = await storeApiKey(tx, {
      orgId: scope.orgId,
      projectId: input.projectId ?? null,
      name: input.name,
      token,
      expiresAt: input.expiresAt ?? null,
    });
    await tx
      .insert(apiKeyRoles)
      .values({ apiKeyId: id, organizationId: scope.orgId, role: input.role, createdByUserId: scope.userId ?? null });
    await recordAudit(tx, scope, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: id,
      details: { name: input.name, role: input.role, projectId: input.projectId ?? null, displayPrefix: token.slice(0, 10) },
    });
    const key = await findKey(tx, scope, id);
    return { key: key!, token };
  });
}

/** The organization's keys, newest first (revoked ones included unless asked otherwise). */
export async function listApiKeys(scope: Scope, input: ListApiKeysInput): Promise<ApiKeyView[]> {
  return scope.db
    .select(viewColumns)
    .from(apiKeys)
    .leftJoin(apiKeyRoles, eq(apiKeyRoles.apiKeyId, apiKeys.id))
    .where(and(eq(apiKeys.organizationId, scope.orgId), input.includeRevoked ? undefined : isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(input.limit);
}

/** Revokes a key at once (its next request is refused). Idempotent: revoking a revoked key changes nothing. */
export async function revokeApiKey(scope: Scope, keyId: string): Promise<ApiKeyView> {
  return scope.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt, name: apiKeys.name })
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, scope.orgId), eq(apiKeys.id, keyId)))
      .for("update");
    if (!locked) throw notFound("API key", keyId, "keyId");
    if (!locked.revokedAt) {
      await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.organizationId, scope.orgId), eq(apiKeys.id, keyId)));
      await recordAudit(tx, scope, { action: "api_key.revoke", targetType: "api_key", targetId: keyId, details: { name: locked.name } });
    }
    return (await findKey(tx, scope, keyId))!;
  });
}

/** The organization's projects, for binding a new key to one. */
export async function listKeyProjects(scope: Scope): Promise<{ id: string; name: string }[]> {
  return scope.db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(eq(projects.organizationId, scope.orgId))
    .orderBy(asc(projects.name))
    .limit(1000);
}
