import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { invitations, memberships, organizations, users, type MembershipRole } from "@/db/schema";

export type InvitationRow = typeof invitations.$inferSelect;

/** What owners and admins see of an invitation (never its token hash). */
export interface InvitationView {
  id: string;
  email: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  /** The user who invited (null when an admin API key did, or that user has since been deleted). */
  invitedBy: { userId: string; name: string; email: string } | null;
}

const inviter = alias(users, "inviter");

const pendingAt = (now: Date) =>
  and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

function selectViews(db: Db) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      inviterId: inviter.id,
      inviterName: inviter.name,
      inviterEmail: inviter.email,
    })
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedByUserId));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>["where"]>>[number];

function toView({ inviterId, inviterName, inviterEmail, ...row }: ViewRow): InvitationView {
  return { ...row, invitedBy: inviterId ? { userId: inviterId, name: inviterName!, email: inviterEmail! } : null };
}

/** The organization's pending invitations (not accepted, revoked or expired at `now`), newest first. */
export async function listPendingInvitationViews(db: Db, orgId: string, now: Date): Promise<InvitationView[]> {
  const rows = await selectViews(db)
    .where(and(eq(invitations.organizationId, orgId), pendingAt(now)))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(1000);
  return rows.map(toView);
}

export async function findInvitationView(db: Db, orgId: string, id: string): Promise<InvitationView | null> {
  const [row] = await selectViews(db).where(and(eq(invitations.organizationId, orgId), eq(invitations.id, id)));
  return row ? toView(row) : null;
}

export async function insertInvitation(
  db: Db,
  row: Pick<InvitationRow, "id" | "organizationId" | "email" | "role" | "tokenHash" | "invitedByUserId" | "expiresAt">,
): Promise<void> {
  await db.insert(invitations).values(row);
}

/** Revokes the organization's pending invitations of `email`; returns the ones it revoked. */
export function revokePendingInvitationsOf(db: Db, orgId: string, email: string, now: Date) {
  return db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.organizationId, orgId), eq(invitations.email, email), pendingAt(now)))
    .returning({ id: invitations.id, role: invitations.role });
}

/** The invitation, its row locked for the transaction; null when the organization has no such invitation. */
export async function lockInvitation(db: Db, orgId: string, id: string): Promise<InvitationRow | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, orgId), eq(invitations.id, id)))
    .for("update");
  return row ?? null;
}

export async function markInvitationRevoked(db: Db, id: string, now: Date): Promise<void> {
  await db.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
}

export async function markInvitationAccepted(db: Db, id: string, userId: string, now: Date): Promise<void> {
  await db.update(invitations).set({ acceptedAt: now, acceptedByUserId: userId }).where(eq(invitations.id, id));
}

/** The invitation whose token hashes to `tokenHash` (in any state) with its organization's name, or null. */
export async function findInvitationByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row ?? null;
}

/** Whether a member of the organization has this (normalized) email. */
export async function isMemberEmail(db: Db, orgId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, orgId), eq(users.email, email)));
  return Boolean(row);
}
