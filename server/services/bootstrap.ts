import type { Db } from "@/db/client";
import { organizations, projects } from "@/db/schema";
import { isId } from "@/server/ids";
import { storeApiKey } from "./api-keys";

export interface InitConfig {
  orgId: string;
  orgName: string;
  projectId: string;
  projectName: string;
  apiKey: string;
}

/** Reads RUNTOWER_INIT_* (as Langfuse's LANGFUSE_INIT_*); null when they are not all set. */
export function readInitConfig(env: NodeJS.ProcessEnv = process.env): InitConfig | null {
  const orgId = env.RUNTOWER_INIT_ORG_ID;
  const projectId = env.RUNTOWER_INIT_PROJECT_ID;
  const apiKey = env.RUNTOWER_INIT_API_KEY;
  const given = [orgId, projectId, apiKey].filter(Boolean).length;
  if (given === 0) return null;
  if (given < 3)
    throw new Error("RUNTOWER_INIT_ORG_ID, RUNTOWER_INIT_PROJECT_ID and RUNTOWER_INIT_API_KEY must be set together");
  if (!isId("org", orgId!)) throw new Error("RUNTOWER_INIT_ORG_ID must be 'org-' followed by a UUID");
  if (!isId("project", projectId!)) throw new Error("RUNTOWER_INIT_PROJECT_ID must be 'project-' followed by a UUID");
  if (apiKey!.length < 16) throw new Error("RUNTOWER_INIT_API_KEY must be at least 16 characters");
  return {
    orgId: orgId!,
    orgName: env.RUNTOWER_INIT_ORG_NAME || "Default organization",
    projectId: projectId!,
    projectName: env.RUNTOWER_INIT_PROJECT_NAME || "Default project",
    apiKey: apiKey!,
  };
}

/** Idempotent: every start makes sure the org, project and key exist; existing rows are left as they are. */
export async function ensureInitResources(db: Db, config: InitConfig): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(organizations).values({ id: config.orgId, name: config.orgName }).onConflictDoNothing();
    await tx
      .insert(projects)
      .values({ id: config.projectId, organizationId: config.orgId, name: config.projectName })
      .onConflictDoNothing();
    await storeApiKey(tx, { orgId: config.orgId, projectId: config.projectId, name: "init key", token: config.apiKey });
  });
}
