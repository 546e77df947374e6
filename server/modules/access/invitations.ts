import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import type { MembershipRole } from "@/db/schema";
import { env } from "@/server/env";
import { conflict, DomainError, forbidden, notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { recordAudit } from "@/server/modules/audit";
import { hashToken } from "./api-keys";
import { assertMayTouchOwners } from "./members";
import { normalizeEmail } from "./users";
import {
  findInvitationByTokenHash,
  findInvitationView,
  insertInvitation,
  isMemberEmail,
  listPendingInvitationViews,
  lockInvitation,
  markInvitationAccepted,
  markInvitationRevoked,
  revokePendingInvitationsOf,
  type InvitationRow,
  type InvitationView,
} from "./queries/invitations";
import { lockMembership, lockOrganization } from "./queries/members";
import { findUser, insertMembership, setSessionOrganization } from "./queries/users";

/**
 * Invitations: the only way into an organization. An owner or admin invites an email with a role; whoever signs in
 * with that email and opens the link becomes a member. Inviting answers the same whether or not the email has an
 * account (it never looks at users), so it tells the inviter nothing they could not see on the members page.
 */

export type { InvitationView };

const TOKEN_PREFIX = "rt_inv_";
const TOKEN_PATTERN = /^rt_inv_[A-Za-z0-9_-]{43}$/;
const ACCEPT_PATH = "/invitations/accept";

/** One answer for every token that cannot be accepted: which of the reasons it is would tell a guesser too much. */
export const INVALID_INVITATION_MESSAGE = "This invitation link is invalid or has expired, or was sent to another email address";
const invalidInvitation = () => new DomainError("NOT_FOUND", `token: ${INVALID_INVITATION_MESSAGE}`, "token");

export interface CreatedInvitation {
  invitation: InvitationView;
  /** Shown once, here: only its peppered hash is stored. */
  token: string;
  /** `/invitations/accept?token=…` on this app's origin. */
  acceptPath: string;
  /** The full link when the public URL is configured (RUNTOWER_PUBLIC_URL, else BETTER_AUTH_URL); else null and the
   * browser completes `acceptPath` with the origin it is on. */
  acceptUrl: string | null;
}

function acceptLink(token: string): Pick<CreatedInvitation, "acceptPath" | "acceptUrl"> {
  const acceptPath = `${ACCEPT_PATH}?token=${encodeURIComponent(token)}`;
  const base = (env().RUNTOWER_PUBLIC_URL || env().BETTER_AUTH_URL)?.replace(/\/+$/, "");
  return { acceptPath, acceptUrl: base ? `${base}${acceptPath}` : null };
}

/** Invites `email` with `role`; an older pending invitation of the same email is revoked (one pending at a time). */
export async function inviteMember(scope: Scope, input: { email: string; role: MembershipRole }): Promise<CreatedInvitation> {
  assertMayTouchOwners(scope, input.role);
  const email = normalizeEmail(input.email);
  const now = new Date();
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = newId("invitation");
  const invitation = await scope.db.transaction(async (tx) => {
    // The org's lock (as every membership change takes) also queues two invitations of one email: one stays pending.
    await lockOrganization(tx, scope.orgId);
    // Members are listed to whoever may invite, so saying so reveals nothing; whether the email has an account would.
    if (await isMemberEmail(tx, scope.orgId, email))
      throw conflict("email: this email already belongs to a member of the organization", "email");
    for (const replaced of await revokePendingInvitationsOf(tx, scope.orgId, email, now)) {
      await recordAudit(tx, scope, {
        action: "invitation.revoke",
        targetType: "invitation",
        targetId: replaced.id,
        details: { email, role: replaced.role, replacedBy: id },
      });
    }
    const expiresAt = new Date(now.getTime() + env().RUNTOWER_INVITATION_TTL_HOURS * 3_600_000);
    await insertInvitation(tx, {
      id,
      organizationId: scope.orgId,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedByUserId: scope.userId ?? null,
      expiresAt,
    });
    await recordAudit(tx, scope, {
      action: "invitation.create",
      targetType: "invitation",
      targetId: id,
      details: { email, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return (await findInvitationView(tx, scope.orgId, id))!;
  });
  return { invitation, token, ...acceptLink(token) };
}

export function listPendingInvitations(scope: Scope): Promise<InvitationView[]> {
  return listPendingInvitationViews(scope.db, scope.orgId, new Date());
}

/** Revokes a pending invitation (its link stops working). Revoking a revoked or expired one changes nothing more. */
export async function revokeInvitation(scope: Scope, input: { invitationId: string }): Promise<InvitationView> {
  return scope.db.transaction(async (tx) => {
    const row = await lockInvitation(tx, scope.orgId, input.invitationId);
    if (!row) throw notFound("invitation", input.invitationId, "invitationId");
    // An owner invitation is an owner in waiting: as for owners themselves, only owners undo it.
    assertMayTouchOwners(scope, row.role);
    if (row.acceptedAt)
      throw conflict("invitationId: the invitation was already accepted; remove the member instead", "invitationId");
    if (!row.revokedAt) {
      await markInvitationRevoked(tx, row.id, new Date());
      await recordAudit(tx, scope, {
        action: "invitation.revoke",
        targetType: "invitation",
        targetId: row.id,
        details: { email: row.email, role: row.role },
      });
    }
    return (await findInvitationView(tx, scope.orgId, row.id))!;
  });
}

/** Who accepts: a signed-in user (`sessionId`: their session then acts on the organization they joined). */
export interface InvitationCaller {
  db: Db;
  userId?: string | null;
  apiKeyId?: string | null;
  sessionId?: string | null;
}

/** Only a signed-in user accepts (the invitation is for their email); an API key is refused before anything else. */
function assertInvitee(caller: InvitationCaller): string {
  if (!caller.userId || caller.apiKeyId)
    throw forbidden("Forbidden: an invitation is accepted by the signed-in user it was sent to, not by an API key");
  return caller.userId;
}

const hashOf = (token: string) => (TOKEN_PATTERN.test(token) ? hashToken(token) : null);

/** Not accepted, not revoked, not expired, and for this user's email. */
const acceptableBy = (row: InvitationRow, email: string, now: Date) =>
  !row.acceptedAt && !row.revokedAt && row.expiresAt > now && row.email === normalizeEmail(email);

export interface InvitationPreview {
  organizationName: string;
  role: MembershipRole;
  email: string;
  expiresAt: Date;
}

/** What the accept page shows the invitee before they accept; the same refusal as accepting for any other caller. */
export async function previewInvitation(caller: InvitationCaller, input: { token: string }): Promise<InvitationPreview> {
  const userId = assertInvitee(caller);
  const hash = hashOf(input.token);
  const found = hash ? await findInvitationByTokenHash(caller.db, hash) : null;
  const user = found ? await findUser(caller.db, userId) : null;
  if (!found || !user || !acceptableBy(found.invitation, user.email, new Date())) throw invalidInvitation();
  const { role, email, expiresAt } = found.invitation;
  return { organizationName: found.organizationName, role, email, expiresAt };
}

export interface AcceptedInvitation {
  organizationId: string;
  organizationName: string;
  /** The caller's role there now: the invitation's, or the one they already had. */
  role: MembershipRole;
  alreadyMember: boolean;
}

/**
 * Makes the signed-in user a member with the invitation's role and uses the token up, in one transaction. A user who
 * is already a member keeps their role (the token is used up all the same). Two accepts of one token at once: the
 * org lock queues them and the second finds the token used.
 */
export async function acceptInvitation(caller: InvitationCaller, input: { token: string }): Promise<AcceptedInvitation> {
  const userId = assertInvitee(caller);
  const hash = hashOf(input.token);
  if (!hash) throw invalidInvitation();
  return caller.db.transaction(async (tx) => {
    const found = await findInvitationByTokenHash(tx, hash);
    if (!found) throw invalidInvitation();
    const orgId = found.invitation.organizationId;
    // Membership changes lock the org first (members.ts), then the row they change: here the invitation's.
    await lockOrganization(tx, orgId);
    const invitation = await lockInvitation(tx, orgId, found.invitation.id);
    const user = await findUser(tx, userId);
    const now = new Date();
    if (!invitation || !user || !acceptableBy(invitation, user.email, now)) throw invalidInvitation();
    const existing = await lockMembership(tx, orgId, userId);
    if (!existing) await insertMembership(tx, { orgId, userId, role: invitation.role });
    await markInvitationAccepted(tx, invitation.id, userId, now);
    if (caller.sessionId) await setSessionOrganization(tx, { sessionId: caller.sessionId, userId, orgId });
    const role = existing?.role ?? invitation.role;
    const scope: Scope = { db: tx, orgId, projectId: null, actor: userId, userId, apiKeyId: null };
    await recordAudit(tx, scope, {
      action: "invitation.accept",
      targetType: "invitation",
      targetId: invitation.id,
      details: { email: invitation.email, role, userId, alreadyMember: Boolean(existing) },
    });
    return { organizationId: orgId, organizationName: found.organizationName, role, alreadyMember: Boolean(existing) };
  });
}
