import type { Scope } from "@/server/scope";
import type { Permission, Role } from "./permissions";
import { getUser, listUserOrganizations, type UserOrganization } from "./users";
import { keySummary } from "./queries/api-keys";
import { findOrganization } from "./queries/projects";

export interface Me {
  user: { id: string; email: string; name: string } | null;
  apiKey: { id: string; name: string; displayPrefix: string } | null;
  organization: { id: string; name: string };
  projectId: string | null;
  role: Role | null;
  permissions: readonly Permission[];
  /** The organizations a signed-in user can switch to (empty for API keys). */
  organizations: UserOrganization[];
}

/** Who the caller is, in which organization, and what it may do (the UI hides what it may not). */
export async function describeMe(scope: Scope): Promise<Me> {
  const org = await findOrganization(scope.db, scope.orgId);
  const user = scope.userId ? await getUser(scope.db, scope.userId) : null;
  const apiKey = scope.apiKeyId ? await keySummary(scope.db, scope.orgId, scope.apiKeyId) : null;
  return {
    user,
    apiKey: apiKey ?? null,
    organization: org ?? { id: scope.orgId, name: scope.orgId },
    projectId: scope.projectId,
    role: scope.role ?? null,
    permissions: scope.permissions ?? [],
    organizations: scope.userId ? await listUserOrganizations(scope.db, scope.userId) : [],
  };
}
