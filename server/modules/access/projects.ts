import { and, eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";

/** Throws NOT_FOUND unless the project belongs to the caller's organization. */
export async function assertProjectInOrg(scope: Scope, projectId: string, field = "projectId"): Promise<void> {
  const [row] = await scope.db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.organizationId, scope.orgId), eq(projects.id, projectId)));
  if (!row) throw notFound("project", projectId, field);
}
