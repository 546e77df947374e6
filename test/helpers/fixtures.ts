import type { Db } from "@/db/client";
import { organizations, projects } from "@/db/schema";
import { newId } from "@/server/ids";
import { permissionsFor, type Role } from "@/server/modules/access/permissions";
import { createCaller } from "@/server/root";
import type { Scope } from "@/server/scope";
import { generateApiKeyToken, storeApiKey } from "@/server/modules/access/api-keys";

export interface TestOrg {
  orgId: string;
  projectId: string;
  token: string;
  scope: Scope;
  caller: ReturnType<typeof createCaller>;
}

/** An organization with a project and an API key, and a tRPC caller acting with that key's id and an owner's role. */
export async function createTestOrg(db: Db, name = "Test org"): Promise<TestOrg> {
  const orgId = newId("org");
  const projectId = newId("project");
  await db.insert(organizations).values({ id: orgId, name });
  await db.insert(projects).values({ id: projectId, organizationId: orgId, name: `${name} project` });
  const token = generateApiKeyToken();
  const { id: keyId } = await storeApiKey(db, { orgId, projectId: null, name: "test key", token });
  const scope: Scope = {
    db,
    orgId,
    projectId: null,
    actor: keyId,
    apiKeyId: keyId,
    role: "owner",
    permissions: permissionsFor("owner"),
  };
  return { orgId, projectId, token, scope, caller: createCaller({ db, scope }) };
}

/** The org's scope with another role (and that role's permissions), e.g. a viewer who may only read. */
export function scopeWithRole(org: Pick<TestOrg, "scope">, role: Role): Scope {
  return { ...org.scope, role, permissions: permissionsFor(role) };
}

/** A tRPC caller on the same org as `role` (default viewer: every mutation answers FORBIDDEN). */
export function callerWithRole(org: Pick<TestOrg, "scope">, role: Role = "viewer") {
  const scope = scopeWithRole(org, role);
  return createCaller({ db: scope.db, scope });
}

export const viewerCaller = (org: Pick<TestOrg, "scope">) => callerWithRole(org, "viewer");

/** A tRPC caller acting as a signed-in user (a session, not an API key) with `role` in the org. */
export function userCaller(org: Pick<TestOrg, "scope">, userId: string, role: Role) {
  const scope: Scope = { ...scopeWithRole(org, role), userId, actor: userId, apiKeyId: null };
  return createCaller({ db: scope.db, scope });
}
