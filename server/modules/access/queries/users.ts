import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts, memberships, organizations, sessions, users, type MembershipRole } from "@/db/schema";

export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id ?? null;
}

export async function findUser(db: Db, userId: string) {
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  return user ?? null;
}

/** Inserts the user unless the email is taken (then returns false). */
export async function insertUser(db: Db, row: { id: string; email: string; name: string }): Promise<boolean> {
  const inserted = await db
    .insert(users)
    .values({ ...row, emailVerified: true })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return inserted.length > 0;
}

/** better-auth's email + password account row ("credential") for a user. */
export async function insertPasswordAccount(db: Db, row: { id: string; userId: string; passwordHash: string }): Promise<void> {
  await db
    .insert(accounts)
    .values({ id: row.id, accountId: row.userId, providerId: "credential", userId: row.userId, password: row.passwordHash });
}

/** Inserts the membership unless the user already belongs to the org; returns the new row, if any. */
export async function insertMembership(db: Db, row: { orgId: string; userId: string; role: MembershipRole }) {
  const [inserted] = await db
    .insert(memberships)
    .values({ organizationId: row.orgId, userId: row.userId, role: row.role })
    .onConflictDoNothing()
    .returning();
  return inserted ?? null;
}

export async function insertOrganization(db: Db, row: { id: string; name: string }): Promise<void> {
  await db.insert(organizations).values(row);
}

export function listUserOrganizationRows(db: Db, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(organizations.id));
}

export async function isMember(db: Db, userId: string, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ orgId: memberships.organizationId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, orgId)));
  return Boolean(row);
}

export async function setSessionOrganization(db: Db, input: { sessionId: string; userId: string; orgId: string }): Promise<void> {
  await db
    .update(sessions)
    .set({ activeOrganizationId: input.orgId })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId)));
}
