import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, projects } from "@/db/schema";

export async function projectExistsInOrg(db: Db, orgId: string, projectId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.organizationId, orgId), eq(projects.id, projectId)));
  return Boolean(row);
}

export function listProjects(db: Db, orgId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(eq(projects.organizationId, orgId))
    .orderBy(asc(projects.name))
    .limit(1000);
}

/** Idempotent: existing rows (and their names) are left as they are. */
export async function ensureOrgAndProject(
  db: Db,
  input: { orgId: string; orgName: string; projectId: string; projectName: string },
) {
  await db.insert(organizations).values({ id: input.orgId, name: input.orgName }).onConflictDoNothing();
  await db
    .insert(projects)
    .values({ id: input.projectId, organizationId: input.orgId, name: input.projectName })
    .onConflictDoNothing();
}

export async function findOrganization(db: Db, orgId: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return row ?? null;
}
