import type { CreateApiKeyInput, ListApiKeysInput } from "./schemas";
import { badRequest, notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { generateApiKeyToken, storeApiKey } from "./api-keys";
import { recordAudit } from "@/server/modules/audit";
import { assertProjectInOrg } from "./projects";
import { findKeyView, insertKeyRole, listKeyViews, lockKey, markKeyRevoked, type ApiKeyView } from "./queries/api-keys";
import { listProjects } from "./queries/projects";

export type { ApiKeyView };

/** Creates a key; the token is returned here once and only its peppered hash is stored. */
export async function createApiKey(scope: Scope, input: CreateApiKeyInput): Promise<{ key: ApiKeyView; token: string }> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badRequest("expiresAt", "must be in the future");
  // An admin key manages org-wide things (endpoints, keys, the audit log) that have no project: it cannot be bound to one.
  if (input.role === "admin" && input.projectId)
    throw badRequest("projectId", "an admin key acts on the whole organization; leave projectId out");
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
    await insertKeyRole(tx, { keyId: id, orgId: scope.orgId, role: input.role, userId: scope.userId ?? null });
    await recordAudit(tx, scope, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: id,
      details: { name: input.name, role: input.role, projectId: input.projectId ?? null, displayPrefix: token.slice(0, 10) },
    });
    const key = await findKeyView(tx, scope.orgId, id);
    return { key: key!, token };
  });
}

/** The organization's keys, newest first (revoked ones included unless asked otherwise). */
export function listApiKeys(scope: Scope, input: ListApiKeysInput): Promise<ApiKeyView[]> {
  return listKeyViews(scope.db, scope.orgId, input);
}

/** Revokes a key at once (its next request is refused). Idempotent: revoking a revoked key changes nothing. */
export async function revokeApiKey(scope: Scope, keyId: string): Promise<ApiKeyView> {
  return scope.db.transaction(async (tx) => {
    const locked = await lockKey(tx, scope.orgId, keyId);
    if (!locked) throw notFound("API key", keyId, "keyId");
    if (!locked.revokedAt) {
      await markKeyRevoked(tx, scope.orgId, keyId);
      await recordAudit(tx, scope, {
        action: "api_key.revoke",
        targetType: "api_key",
        targetId: keyId,
        details: { name: locked.name },
      });
    }
    return (await findKeyView(tx, scope.orgId, keyId))!;
  });
}

/** The organization's projects, for binding a new key to one. */
export function listKeyProjects(scope: Scope): Promise<{ id: string; name: string }[]> {
  return listProjects(scope.db, scope.orgId);
}
