import type { Db } from "@/db/client";
import type { MembershipRole } from "@/db/schema";
import { DomainError, notFound } from "@/server/errors";
import type { Scope } from "@/server/scope";
import { recordAudit } from "@/server/modules/audit";
import {
  countOwners,
  deleteMembership,
  listMemberRows,
  lockMembership,
  lockOrganization,
  updateMembershipRole,
} from "./queries/members";

/**
 * Organization members (owners/admins manage them: `members:manage`). Only owners make or unmake owners. Nobody is
 * added directly: people join by accepting an invitation (invitations.ts).
 */

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: MembershipRole;
  createdAt: Date;
}

export function listMembers(scope: Scope): Promise<Member[]> {
  return listMemberRows(scope.db, scope.orgId);
}

/** Owners are made, changed, removed and invited (invitations.ts) by owners only. */
export function assertMayTouchOwners(scope: Scope, ...roles: MembershipRole[]) {
  if (roles.includes("owner") && scope.role !== "owner")
    throw new DomainError("FORBIDDEN", "Forbidden: only an owner can make, invite, change or remove owners");
}

/** Every membership change takes the org's lock first (then the member's): two owners demoting each other at once
 * would otherwise each count the other as the remaining owner and leave none. */
async function lockMember(tx: Db, scope: Scope, userId: string) {
  await lockOrganization(tx, scope.orgId);
  const row = await lockMembership(tx, scope.orgId, userId);
  if (!row) throw notFound("member", userId, "userId");
  return row;
}

async function assertAnotherOwner(tx: Db, scope: Scope) {
  if ((await countOwners(tx, scope.orgId)) <= 1)
    throw new DomainError(
      "CONFLICT",
      "userId: the organization must keep at least one owner; make another member an owner first",
      "userId",
    );
}

export async function setMemberRole(scope: Scope, input: { userId: string; role: MembershipRole }): Promise<void> {
  await scope.db.transaction(async (tx) => {
    const current = await lockMember(tx, scope, input.userId);
    if (current.role === input.role) return;
    assertMayTouchOwners(scope, current.role, input.role);
    if (current.role === "owner") await assertAnotherOwner(tx, scope);
    await updateMembershipRole(tx, scope.orgId, input.userId, input.role);
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
    await deleteMembership(tx, scope.orgId, input.userId);
    await recordAudit(tx, scope, {
      action: "member.remove",
      targetType: "user",
      targetId: input.userId,
      details: { role: current.role },
    });
  });
}
