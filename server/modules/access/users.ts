import { and, asc, eq } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { accounts, memberships, organizations, sessions, users, type MembershipRole } from "@/db/schema";
import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { permissionsFor } from "./permissions";

/**
 * Users and their memberships. better-auth owns sign-up/sign-in/sessions; this module writes the accounts that
 * start-up creates (RUNTOWER_INIT_USER_*, the demo user) and resolves a signed-in user to a Scope.
 */

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Idempotent: creates the user with an email+password ("credential") account when no user has that email.
 * An existing user is left as it is (its password is not changed). Returns the user's id.
 */
export async function ensurePasswordUser(db: Db, input: { email: string; password: string; name?: string }): Promise<string> {
  const email = normalizeEmail(input.email);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) return existing.id;
  const id = `user-${randomUUID()}`;
  const password = await hashPassword(input.password);
  const inserted = await db
    .insert(users)
    .values({ id, email, name: input.name ?? email.split("@")[0], emailVerified: true })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (inserted.length === 0) {
    // Another process created it between our read and insert.
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return row.id;
  }
  await db.insert(accounts).values({ id: `account-${randomUUID()}`, accountId: id, providerId: "credential", userId: id, password });
  return id;
}

/** Idempotent: adds the membership if missing (an existing membership keeps its role). */
export async function ensureMembership(db: Db, input: { orgId: string; userId: string; role: MembershipRole }): Promise<void> {
  await db
    .insert(memberships)
    .values({ organizationId: input.orgId, userId: input.userId, role: input.role })
    .onConflictDoNothing();
}

/** A new organization owned by a user who just signed up. */
export async function createPersonalOrganization(db: Db, user: { userId: string; name: string; email: string }): Promise<string> {
  const orgId = newId("org");
  await db.transaction(async (tx) => {
    await tx.insert(organizations).values({ id: orgId, name: `${user.name || user.email}'s organization` });
    await tx.insert(memberships).values({ organizationId: orgId, userId: user.userId, role: "owner" });
  });
  return orgId;
}

export interface UserOrganization {
  id: string;
  name: string;
  role: MembershipRole;
}

export async function listUserOrganizations(db: Db, userId: string): Promise<UserOrganization[]> {
  return db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(organizations.id));
}

/**
 * The scope of a signed-in user: the preferred (active) organization when they still belong to it,
 * else their oldest membership. Null when they belong to none.
 */
export async function scopeForUser(db: Db, userId: string, preferredOrgId?: string | null): Promise<Scope | null> {
  const orgs = await listUserOrganizations(db, userId);
  const org = orgs.find((o) => o.id === preferredOrgId) ?? orgs[0];
  if (!org) return null;
  return {
    db,
    orgId: org.id,
    projectId: null,
    actor: userId,
    userId,
    apiKeyId: null,
    role: org.role,
    permissions: permissionsFor(org.role),
  };
}

/** Switches the organization a session acts on; NOT_FOUND unless the user belongs to it. */
export async function setActiveOrganization(db: Db, input: { sessionId: string; userId: string; orgId: string }): Promise<void> {
  const [membership] = await db
    .select({ orgId: memberships.organizationId })
    .from(memberships)
    .where(and(eq(memberships.userId, input.userId), eq(memberships.organizationId, input.orgId)));
  if (!membership) throw notFound("organization", input.orgId, "orgId");
  await db
    .update(sessions)
    .set({ activeOrganizationId: input.orgId })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId)));
}

export async function getUser(db: Db, userId: string) {
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  return user ?? null;
}

export async function userExists(db: Db, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(email)));
  return Boolean(row);
}
