import { and, desc, eq } from "drizzle-orm";
import { savedViews } from "@/db/schema";
import type { Scope } from "@/server/scope";

export type SavedViewRow = typeof savedViews.$inferSelect;

/** The new view, or undefined when the org already has a view of that name. */
export async function insertView(scope: Scope, values: typeof savedViews.$inferInsert): Promise<SavedViewRow | undefined> {
  const [row] = await scope.db
    .insert(savedViews)
    .values(values)
    .onConflictDoNothing({ target: [savedViews.organizationId, savedViews.name] })
    .returning();
  return row;
}

export function selectViews(scope: Scope, limit: number): Promise<SavedViewRow[]> {
  return scope.db
    .select()
    .from(savedViews)
    .where(eq(savedViews.organizationId, scope.orgId))
    .orderBy(desc(savedViews.createdAt), desc(savedViews.id))
    .limit(limit);
}

export async function findView(scope: Scope, viewId: string): Promise<SavedViewRow | undefined> {
  const [row] = await scope.db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.organizationId, scope.orgId), eq(savedViews.id, viewId)));
  return row;
}

export async function deleteViewRow(scope: Scope, viewId: string): Promise<SavedViewRow | undefined> {
  const [row] = await scope.db
    .delete(savedViews)
    .where(and(eq(savedViews.organizationId, scope.orgId), eq(savedViews.id, viewId)))
    .returning();
  return row;
}
