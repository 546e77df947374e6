import type { Db } from "@/db/client";
import { API_KEY_ROLES, type ApiKeyRole } from "@/db/schema";
import { isId } from "@/server/ids";
import { env, type Env } from "@/server/env";
import { ensureMembership, ensurePasswordUser } from "./users";
import { hashApiKey, storeApiKey } from "./api-keys";
import { setKeyRoleByHash } from "./queries/api-keys";
import { ensureOrgAndProject } from "./queries/projects";

export interface InitConfig {
  orgId: string;
  orgName: string;
  projectId: string;
  projectName: string;
  apiKey: string;
  /** RUNTOWER_INIT_API_KEY_ROLE: the init key's role, `member` unless set to `admin` or `viewer`. */
  apiKeyRole: ApiKeyRole;
  /** RUNTOWER_INIT_USER_EMAIL / _PASSWORD / _NAME: a user who owns the init org (as LANGFUSE_INIT_USER_*). */
  user?: { email: string; password: string; name?: string } | null;
}

type InitVariable = Extract<keyof Env, `RUNTOWER_INIT_${string}`>;

/** Reads RUNTOWER_INIT_* (as Langfuse's LANGFUSE_INIT_*); null when they are not all set. */
export function readInitConfig(
  source: Partial<Record<InitVariable, string>> & Record<string, unknown> = env(),
): InitConfig | null {
  const orgId = source.RUNTOWER_INIT_ORG_ID;
  const projectId = source.RUNTOWER_INIT_PROJECT_ID;
  const apiKey = source.RUNTOWER_INIT_API_KEY;
  const given = [orgId, projectId, apiKey].filter(Boolean).length;
  if (given === 0) return null;
  if (given < 3) throw new Error("RUNTOWER_INIT_ORG_ID, RUNTOWER_INIT_PROJECT_ID and RUNTOWER_INIT_API_KEY must be set together");
  if (!isId("org", orgId!)) throw new Error("RUNTOWER_INIT_ORG_ID must be 'org-' followed by a UUID");
  if (!isId("project", projectId!)) throw new Error("RUNTOWER_INIT_PROJECT_ID must be 'project-' followed by a UUID");
  if (apiKey!.length < 16) throw new Error("RUNTOWER_INIT_API_KEY must be at least 16 characters");
  const apiKeyRole = source.RUNTOWER_INIT_API_KEY_ROLE || "member";
  if (!(API_KEY_ROLES as readonly string[]).includes(apiKeyRole))
    throw new Error(
      `RUNTOWER_INIT_API_KEY_ROLE must be member (the default), admin or viewer (got ${JSON.stringify(apiKeyRole)})`,
    );
  const userEmail = source.RUNTOWER_INIT_USER_EMAIL;
  const userPassword = source.RUNTOWER_INIT_USER_PASSWORD;
  if (Boolean(userEmail) !== Boolean(userPassword))
    throw new Error("RUNTOWER_INIT_USER_EMAIL and RUNTOWER_INIT_USER_PASSWORD must be set together");
  if (userEmail && !/^[^\s@]+@[^\s@]+$/.test(userEmail)) throw new Error("RUNTOWER_INIT_USER_EMAIL must be an email address");
  if (userPassword && userPassword.length < 8) throw new Error("RUNTOWER_INIT_USER_PASSWORD must be at least 8 characters");
  return {
    orgId: orgId!,
    orgName: source.RUNTOWER_INIT_ORG_NAME || "Default organization",
    projectId: projectId!,
    projectName: source.RUNTOWER_INIT_PROJECT_NAME || "Default project",
    apiKey: apiKey!,
    apiKeyRole: apiKeyRole as ApiKeyRole,
    user: userEmail ? { email: userEmail, password: userPassword!, name: source.RUNTOWER_INIT_USER_NAME || undefined } : null,
  };
}

/**
 * Idempotent: every start makes sure the org, project and key exist; existing rows are left as they are, except the
 * key's role, which follows RUNTOWER_INIT_API_KEY_ROLE (an operator who changes it expects the restart to apply it).
 */
export async function ensureInitResources(db: Db, config: InitConfig): Promise<void> {
  await db.transaction(async (tx) => {
    await ensureOrgAndProject(tx, config);
    await storeApiKey(tx, { orgId: config.orgId, projectId: config.projectId, name: "init key", token: config.apiKey });
    await setKeyRoleByHash(tx, hashApiKey(config.apiKey), config.apiKeyRole);
    if (config.user) {
      const userId = await ensurePasswordUser(tx, config.user);
      await ensureMembership(tx, { orgId: config.orgId, userId, role: "owner" });
    }
  });
}
