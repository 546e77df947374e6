import type { Db } from "@/db/client";
import { organizations, projects } from "@/db/schema";
import { newId } from "@/server/ids";
import { createCaller } from "@/server/root";
import type { Scope } from "@/server/scope";
import { generateApiKeyToken, storeApiKey } from "@/server/services/api-keys";

export interface TestOrg {
  orgId: string;
  projectId: string;
  token: string;
  scope: Scope;
  caller: ReturnType<typeof createCaller>;
}

/** An organization with a project and an API key, and a tRPC caller acting as that key. */
export async function createTestOrg(db: Db, name = "Test org"): Promise<TestOrg> {
  const orgId = newId("org");
  const projectId = newId("project");
  await db.insert(organizations).values({ id: orgId, name });
  await db.insert(projects).values({ id: projectId, organizationId: orgId, name: `${name} project` });
  const token = generateApiKeyToken();
  const { id: keyId } = await storeApiKey(db, { orgId, projectId: null, name: "test key", token });
  const scope: Scope = { db, orgId, projectId: null, actor: keyId };
  return { orgId, projectId, token, scope, caller: createCaller({ db, scope }) };
}
