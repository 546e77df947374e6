import { notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { projectExistsInOrg } from "./queries/projects";

/** Throws NOT_FOUND unless the project belongs to the caller's organization. */
export async function assertProjectInOrg(scope: Scope, projectId: string, field = "projectId"): Promise<void> {
  if (!(await projectExistsInOrg(scope.db, scope.orgId, projectId))) throw notFound("project", projectId, field);
}
