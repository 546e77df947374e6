import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, users, type MembershipRole } from "@/db/schema";

export function listMemberRows(db: Db, orgId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, orgId))
    .orderBy(asc(memberships.createdAt), asc(users.id))
    .limit(1000);
}

/**
 * Locks the organization's row for the transaction: membership changes of one org run one at a time, so the owner
 * count a change checks cannot change under it before it commits. `NO KEY UPDATE` rather than `UPDATE`: it excludes
 * the other membership changes just the same but not the foreign-key checks of rows inserted meanwhile (runs, keys…).
 */
export async function lockOrganization(db: Db, orgId: string): Promise<void> {
  await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("no key update");
}

/** The member's role, its row locked for the transaction; null when not a member. */
export async function lockMembership(db: Db, orgId: string, userId: string): Promise<{ role: MembershipRole } | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)))
    .for("update");
  return row ?? null;
}

export async function countOwners(db: Db, orgId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, orgId), eq(memberships.role, "owner")));
  return n;
}

export async function updateMembershipRole(db: Db, orgId: string, userId: string, role: MembershipRole): Promise<void> {
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)));
}

export async function deleteMembership(db: Db, orgId: string, userId: string): Promise<void> {
  await db.delete(memberships).where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)));
}
