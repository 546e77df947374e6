import { hashPassword } from "better-auth/crypto";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { MembershipRole } from "@/db/schema";
import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { permissionsFor } from "./permissions";
import {
  findUser,
  findUserIdByEmail,
  insertMembership,
  insertOrganization,
  insertPasswordAccount,
  insertUser,
  isMember,
  listUserOrganizationRows,
  setSessionOrganization,
} from "./queries/users";

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
  const existing = await findUserIdByEmail(db, email);
  if (existing) return existing;
  const id = `user-${randomUUID()}`;
  const passwordHash = await hashPassword(input.password);
  if (!(await insertUser(db, { id, email, name: input.name ?? email.split("@")[0] }))) {
    // Another process created it between our read and insert.
    return (await findUserIdByEmail(db, email))!;
  }
  await insertPasswordAccount(db, { id: `account-${randomUUID()}`, userId: id, passwordHash });
  return id;
}

/** Idempotent: adds the membership if missing (an existing membership keeps its role). */
export async function ensureMembership(db: Db, input: { orgId: string; userId: string; role: MembershipRole }): Promise<void> {
  await insertMembership(db, input);
}

/** A new organization owned by a user who just signed up. */
export async function createPersonalOrganization(db: Db, user: { userId: string; name: string; email: string }): Promise<string> {
  const orgId = newId("org");
  await db.transaction(async (tx) => {
    await insertOrganization(tx, { id: orgId, name: `${user.name || user.email}'s organization` });
    await insertMembership(tx, { orgId, userId: user.userId, role: "owner" });
  });
  return orgId;
}

export interface UserOrganization {
  id: string;
  name: string;
  role: MembershipRole;
}

export function listUserOrganizations(db: Db, userId: string): Promise<UserOrganization[]> {
  return listUserOrganizationRows(db, userId);
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
  if (!(await isMember(db, input.userId, input.orgId))) throw notFound("organization", input.orgId, "orgId");
  await setSessionOrganization(db, input);
}

export const getUser = findUser;

export async function userExists(db: Db, email: string): Promise<boolean> {
  return Boolean(await findUserIdByEmail(db, normalizeEmail(email)));
}
