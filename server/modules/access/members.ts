import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, users, type MembershipRole } from "@/db/schema";
import { DomainError, notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { recordAudit } from "@/server/modules/audit";
import { normalizeEmail } from "./users";

/** Organization members (owners/admins manage them: `members:manage`). Only owners make or unmake owners. */

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: MembershipRole;
  createdAt: Date;
}

export async function listMembers(scope: Scope): Promise<Member[]> {
  return scope.db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, scope.orgId))
    .orderBy(asc(memberships.createdAt), asc(users.id))
    .limit(1000);
}

function assertMayTouchOwners(scope: Scope, ...roles: MembershipRole[]) {
  if (roles.includes("owner") && scope.role !== "owner")
    throw new DomainError("FORBIDDEN", "Forbidden: only an owner can make, change or remove owners");
}

async function lockMember(tx: Db, scope: Scope, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, scope.orgId), eq(memberships.userId, userId)))
    .for("update");
  if (!row) throw notFound("member", userId, "userId");
  return row;
}

async function assertAnotherOwner(tx: Db, scope: Scope) {
  const [{ n }] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, scope.orgId), eq(memberships.role, "owner")));
  if (n <= 1) throw new DomainError("CONFLICT", "userId: the organization must keep at least one owner", "userId");
}

/** Adds an existing user (by email) to the organization. */
export async function addMember(scope: Scope, input: { email: string; role: MembershipRole }): Promise<Member> {
  assertMayTouchOwners(scope, input.role);
  return scope.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, normalizeEmail(input.email)));
    if (!user) throw new DomainError("NOT_FOUND", "email: no user has this email; they must sign up first", "email");
    const inserted = await tx
      .insert(memberships)
      .values({ organizationId: scope.orgId, userId: user.id, role: input.role })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new DomainError("CONFLICT", "email: this user is already a member", "email");
    await recordAudit(tx, scope, { action: "member.add", targetType: "user", targetId: user.id, details: { role: input.role } });
    return { userId: user.id, email: user.email, name: user.name, role: input.role, createdAt: inserted[0].createdAt };
  });
}

export async function setMemberRole(scope: Scope, input: { userId: string; role: MembershipRole }): Promise<void> {
  await scope.db.transaction(async (tx) => {
    const current = await lockMember(tx, scope, input.userId);
    if (current.role === input.role) return;
    assertMayTouchOwners(scope, current.role, input.role);
    if (current.role === "owner") await assertAnotherOwner(tx, scope);
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.organizationId, scope.orgId), eq(memberships.userId, input.userId)));
    await recordAudit(tx, scope, {
      action: "member.role",
      targetType: "user",
      targetId: input.userId,
      details: { from: current.role, to: input.role },
    });
  });
}

export async function removeMember(scope: Scope, input: { userId: string }): Promise<void> {
  await scope.db.transaction(async (tx) => {
    const current = await lockMember(tx, scope, input.userId);
    assertMayTouchOwners(scope, current.role);
    if (current.role === "owner") await assertAnotherOwner(tx, scope);
    await tx.delete(memberships).where(and(eq(memberships.organizationId, scope.orgId), eq(memberships.userId, input.userId)));
    await recordAudit(tx, scope, { action: "member.remove", targetType: "user", targetId: input.userId, details: { role: current.role } });
  });
}
