/**
 * Members join by invitation only (issue #13 item 4). `members.add` made any registered user a member (even an
 * owner) without asking them, and its NOT_FOUND for an unknown email told the inviter who has an account.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, invitations, memberships } from "@/db/schema";
import { hashApiKey } from "@/server/modules/access/api-keys";
import { getSessionScope } from "@/server/modules/access/session";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access/users";
import { createCaller } from "@/server/root";
import { createContextFromHeaders } from "@/server/trpc";
import { expectTrpcError } from "@/test/helpers/assertions";
import { callerWithRole, userCaller } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";
import { headersWithCookie, signIn, signUp } from "./helpers";

const GENERIC = "token: This invitation link is invalid or has expired, or was sent to another email address";
const PASSWORD = "invitee-pass-123";
let ownerId: string;
let people = 0;

const it = base.extend(
  "callerAs",
  { scope: "file" },
  async ({ org }) =>
    (userId: string, role: "owner" | "admin" | "member" | "viewer") =>
      userCaller(org, userId, role),
);

it.beforeAll(async ({ db, org }) => {
  ownerId = await ensurePasswordUser(db, { email: "owner@invitations.example", password: "owner-pass-1" });
  await ensureMembership(db, { orgId: org.orgId, userId: ownerId, role: "owner" });
});

/** Calls a procedure by path whether or not the router still has it (a removed one answers NOT_FOUND). */
function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  let target = caller as Record<string, unknown>;
  for (const part of path.split(".")) target = target[part] as Record<string, unknown>;
  return (target as unknown as (input: unknown) => Promise<unknown>)(input);
}

const outcome = (call: Promise<unknown>) =>
  call.then(
    (value) => ({ ok: true, value }),
    (error: { code?: string; message?: string }) => ({ ok: false, code: error.code, message: error.message }),
  );

/** A user who signed up through better-auth (so they own a personal org), signed in: their session's tRPC caller. */
async function newUser(db: Db, email = `invitee${++people}@invitations.example`) {
  const { cookie } = await signUp(db, { email, password: PASSWORD });
  const caller = createCaller(await createContextFromHeaders(db, headersWithCookie(cookie)));
  const scope = (await getSessionScope(db, headersWithCookie(cookie)))!;
  return { email, cookie, caller, userId: scope.userId!, personalOrgId: scope.orgId };
}

const membershipIn = async (db: Db, orgId: string, userId: string) =>
  (
    await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)))
  )[0] ?? null;

const auditOf = async (db: Db, targetId: string) =>
  (await db.select().from(auditLog).where(eq(auditLog.targetId, targetId))).map((r) => r.action).sort();

describe("members join only by invitation", () => {
  it("members.add neither adds a registered user without consent nor tells registered emails from unknown ones", async ({
    db,
    org,
    callerAs,
  }) => {
    const owner = callerAs(ownerId, "owner");
    const registeredId = await ensurePasswordUser(db, { email: "registered@invitations.example", password: "registered-1" });
    const registered = await outcome(callPath(owner, "members.add", { email: "registered@invitations.example", role: "owner" }));
    const unknown = await outcome(callPath(owner, "members.add", { email: "unknown@invitations.example", role: "owner" }));
    const rows = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, org.orgId), eq(memberships.userId, registeredId)));
    expect(rows, "a registered user was made a member without accepting anything").toEqual([]);
    expect(JSON.stringify(unknown).replaceAll("unknown", "registered")).toBe(JSON.stringify(registered));
  });

  it("members.invite answers alike for an email with an account and one without, and adds nobody", async ({
    db,
    org,
    callerAs,
  }) => {
    const owner = callerAs(ownerId, "owner");
    const registeredId = await ensurePasswordUser(db, { email: "has-account@invitations.example", password: "has-account-1" });
    const answers = await Promise.all(
      ["Has-Account@invitations.example", "no-account@invitations.example"].map((email) =>
        owner.members.invite({ email, role: "admin" }),
      ),
    );
    expect(answers[0].invitation).toMatchObject({ email: "has-account@invitations.example", role: "admin" });
    // Same fields, same kinds of value: only the email, ids, token and times differ.
    const blank = (answer: (typeof answers)[number]) =>
      JSON.stringify(answer, (key, value: unknown) =>
        typeof value === "string" && key !== "role" ? "·" : value instanceof Date ? "·" : value,
      );
    expect(blank(answers[0])).toBe(blank(answers[1]));
    for (const answer of answers) {
      expect(Object.keys(answer).sort()).toEqual(["acceptPath", "acceptUrl", "invitation", "token"]);
      expect(Object.keys(answer.invitation).sort()).toEqual(
        ["acceptedAt", "createdAt", "email", "expiresAt", "id", "invitedBy", "revokedAt", "role"].sort(),
      );
      expect(answer.invitation.id).toMatch(/^invitation-[0-9a-f-]{36}$/);
      expect(answer.token).toMatch(/^rt_inv_[A-Za-z0-9_-]{43}$/);
      expect(answer.acceptPath).toBe(`/invitations/accept?token=${answer.token}`);
      expect(answer.invitation.invitedBy).toMatchObject({ userId: ownerId, email: "owner@invitations.example" });
      // Only the peppered hash is stored, never the token.
      const [row] = await db.select().from(invitations).where(eq(invitations.id, answer.invitation.id));
      expect(row.tokenHash).toBe(hashApiKey(answer.token));
      expect(JSON.stringify(row)).not.toContain(answer.token);
      // Seven days by default (RUNTOWER_INVITATION_TTL_HOURS).
      const ttlHours = (answer.invitation.expiresAt.getTime() - answer.invitation.createdAt.getTime()) / 3_600_000;
      expect(Math.round(ttlHours)).toBe(168);
    }
    expect(await membershipIn(db, org.orgId, registeredId)).toBeNull();
    const pending = await owner.members.invitations();
    expect(pending.map((i) => i.id)).toEqual(expect.arrayContaining(answers.map((a) => a.invitation.id)));
    expect(JSON.stringify(pending)).not.toContain("rt_inv_");
  });

  it("only an owner invites an owner; members, viewers and API keys without members:manage are FORBIDDEN", async ({
    db,
    org,
    callerAs,
  }) => {
    const adminId = await ensurePasswordUser(db, { email: "admin@invitations.example", password: "admin-pass-12" });
    await ensureMembership(db, { orgId: org.orgId, userId: adminId, role: "admin" });
    const admin = callerAs(adminId, "admin");
    await expect(admin.members.invite({ email: "boss@invitations.example", role: "owner" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("only an owner"),
    });
    expect((await admin.members.invite({ email: "helper@invitations.example", role: "admin" })).invitation.role).toBe("admin");
    const ownerInvite = await callerAs(ownerId, "owner").members.invite({ email: "boss@invitations.example", role: "owner" });
    expect(ownerInvite.invitation.role).toBe("owner");
    // Revoking an owner invitation is undoing an owner: owners only.
    await expect(admin.members.revokeInvitation({ invitationId: ownerInvite.invitation.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    const { token: memberKey } = await org.caller.apiKeys.create({ name: "member key" });
    const keyCaller = createCaller(await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${memberKey}` })));
    for (const caller of [callerAs(adminId, "member"), callerAs(adminId, "viewer"), callerWithRole(org, "member"), keyCaller]) {
      const id = ownerInvite.invitation.id;
      for (const call of [
        () => caller.members.invite({ email: "sneaky@invitations.example" }),
        () => caller.members.invitations(),
        () => caller.members.revokeInvitation({ invitationId: id }),
      ])
        await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("members:manage") });
    }
    expect((await callerAs(ownerId, "owner").members.invitations()).map((i) => i.email)).not.toContain(
      "sneaky@invitations.example",
    );
  });

  it("the invitee accepts: a member with the invited role, the session on the new org, each step audited", async ({
    db,
    org,
    callerAs,
  }) => {
    const invitee = await newUser(db);
    const { invitation, token } = await callerAs(ownerId, "owner").members.invite({
      email: invitee.email.toUpperCase(),
      role: "viewer",
    });
    const accepted = await invitee.caller.members.acceptInvitation({ token });
    expect(accepted).toEqual({ organizationId: org.orgId, organizationName: "Test org", role: "viewer", alreadyMember: false });
    expect((await membershipIn(db, org.orgId, invitee.userId))?.role).toBe("viewer");
    const session = await getSessionScope(db, headersWithCookie(invitee.cookie));
    expect(session).toMatchObject({ orgId: org.orgId, role: "viewer", userId: invitee.userId });
    expect(await auditOf(db, invitation.id)).toEqual(["invitation.accept", "invitation.create"]);
    const [acceptRow] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, invitation.id), eq(auditLog.action, "invitation.accept")));
    expect(acceptRow).toMatchObject({ organizationId: org.orgId, actorType: "user", actorId: invitee.userId });
    expect((await callerAs(ownerId, "owner").members.invitations()).map((i) => i.id)).not.toContain(invitation.id);
    expect((await callerAs(ownerId, "owner").members.list()).map((m) => m.userId)).toContain(invitee.userId);

    // Single use: the same link again, even by the same user, is refused.
    const again = await expectTrpcError(invitee.caller.members.acceptInvitation({ token }), "NOT_FOUND", "token");
    expect(again.message).toBe(GENERIC);
  });

  it("two accepts of one link at once: exactly one membership, accepted once", async ({ db, org, callerAs }) => {
    for (let round = 0; round < 6; round++) {
      const invitee = await newUser(db);
      const second = createCaller(
        await createContextFromHeaders(
          db,
          headersWithCookie((await signIn(db, { email: invitee.email, password: PASSWORD })).cookie),
        ),
      );
      const { invitation, token } = await callerAs(ownerId, "owner").members.invite({ email: invitee.email, role: "member" });
      const results = await Promise.allSettled([
        invitee.caller.members.acceptInvitation({ token }),
        second.members.acceptInvitation({ token }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "NOT_FOUND", message: GENERIC });
      const rows = await db.select().from(memberships).where(eq(memberships.userId, invitee.userId));
      expect(rows.filter((m) => m.organizationId === org.orgId)).toHaveLength(1);
      expect((await auditOf(db, invitation.id)).filter((a) => a === "invitation.accept")).toHaveLength(1);
    }
  });

  it("expired, revoked, used, unknown, malformed and someone else's links get one and the same refusal", async ({
    db,
    org,
    callerAs,
  }) => {
    const owner = callerAs(ownerId, "owner");
    const invitee = await newUser(db);
    const stranger = await newUser(db);
    const expired = await owner.members.invite({ email: invitee.email, role: "member" });
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, expired.invitation.id));
    expect((await owner.members.invitations()).map((i) => i.id)).not.toContain(expired.invitation.id);

    const revoked = await owner.members.invite({ email: invitee.email, role: "member" });
    const revokedView = await owner.members.revokeInvitation({ invitationId: revoked.invitation.id });
    expect(revokedView.revokedAt).toBeInstanceOf(Date);
    // Revoking again changes nothing and is not audited twice.
    await owner.members.revokeInvitation({ invitationId: revoked.invitation.id });
    expect(await auditOf(db, revoked.invitation.id)).toEqual(["invitation.create", "invitation.revoke"]);

    const forSomeoneElse = await owner.members.invite({ email: invitee.email, role: "admin" });
    const attempts: [string, () => Promise<unknown>][] = [
      ["expired", () => invitee.caller.members.acceptInvitation({ token: expired.token })],
      ["revoked", () => invitee.caller.members.acceptInvitation({ token: revoked.token })],
      ["unknown", () => invitee.caller.members.acceptInvitation({ token: `rt_inv_${"A".repeat(43)}` })],
      ["malformed", () => invitee.caller.members.acceptInvitation({ token: "not a token" })],
      ["wrong email", () => stranger.caller.members.acceptInvitation({ token: forSomeoneElse.token })],
    ];
    for (const [label, call] of attempts) {
      const shape = await expectTrpcError(call(), "NOT_FOUND", "token");
      expect(shape.message, label).toBe(GENERIC);
    }
    expect(await membershipIn(db, org.orgId, invitee.userId)).toBeNull();
    expect(await membershipIn(db, org.orgId, stranger.userId)).toBeNull();
    // The wrong person's attempt did not use the link up: its invitee still can.
    expect((await invitee.caller.members.acceptInvitation({ token: forSomeoneElse.token })).role).toBe("admin");
  });

  it("inviting again revokes the pending invitation: one pending per email, the old link is dead", async ({ db, callerAs }) => {
    const owner = callerAs(ownerId, "owner");
    const invitee = await newUser(db);
    const first = await owner.members.invite({ email: invitee.email, role: "viewer" });
    const second = await owner.members.invite({ email: invitee.email, role: "member" });
    const pending = (await owner.members.invitations()).filter((i) => i.email === invitee.email);
    expect(pending.map((i) => i.id)).toEqual([second.invitation.id]);
    const [revokeRow] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, first.invitation.id), eq(auditLog.action, "invitation.revoke")));
    expect(revokeRow.details).toMatchObject({ replacedBy: second.invitation.id });
    await expectTrpcError(invitee.caller.members.acceptInvitation({ token: first.token }), "NOT_FOUND", "token");
    expect((await invitee.caller.members.acceptInvitation({ token: second.token })).role).toBe("member");
  });

  it("an existing member: inviting is CONFLICT; an invitation accepted after joining otherwise keeps the role", async ({
    db,
    org,
    callerAs,
  }) => {
    const owner = callerAs(ownerId, "owner");
    await expectTrpcError(owner.members.invite({ email: "owner@invitations.example" }), "CONFLICT", "email");
    const invitee = await newUser(db);
    const { token, invitation } = await owner.members.invite({ email: invitee.email, role: "admin" });
    // Joined meanwhile by another path (an operator's RUNTOWER_INIT_USER_*, say).
    await ensureMembership(db, { orgId: org.orgId, userId: invitee.userId, role: "viewer" });
    expect(await invitee.caller.members.acceptInvitation({ token })).toMatchObject({ role: "viewer", alreadyMember: true });
    expect((await membershipIn(db, org.orgId, invitee.userId))?.role).toBe("viewer");
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row.acceptedAt).toBeInstanceOf(Date);
  });

  it("an API key cannot accept an invitation (FORBIDDEN), even one for an admin key's own org", async ({ db, org, callerAs }) => {
    const { token } = await callerAs(ownerId, "owner").members.invite({ email: "for-a-key@invitations.example" });
    const { token: adminKey } = await org.caller.apiKeys.create({ name: "admin key", role: "admin" });
    const keyCaller = createCaller(await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${adminKey}` })));
    await expect(keyCaller.members.acceptInvitation({ token })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("API key"),
    });
    // An admin key may invite, though (members:manage); the invitation names no inviting user.
    expect((await keyCaller.members.invite({ email: "by-key@invitations.example" })).invitation.invitedBy).toBeNull();
  });

  it("another organization cannot list or revoke the invitations (NOT_FOUND, as a missing id)", async ({ other, callerAs }) => {
    const mine = await callerAs(ownerId, "owner").members.invite({ email: "private@invitations.example" });
    expect((await other.caller.members.invitations()).map((i) => i.id)).not.toContain(mine.invitation.id);
    const foreign = await expectTrpcError(
      other.caller.members.revokeInvitation({ invitationId: mine.invitation.id }),
      "NOT_FOUND",
      "invitationId",
    );
    const missingId = "invitation-00000000-0000-4000-8000-000000000000";
    const missing = await expectTrpcError(
      other.caller.members.revokeInvitation({ invitationId: missingId }),
      "NOT_FOUND",
      "invitationId",
    );
    expect(foreign.message.replace(mine.invitation.id, "<id>")).toBe(missing.message.replace(missingId, "<id>"));
    expect((await callerAs(ownerId, "owner").members.invitations()).map((i) => i.id)).toContain(mine.invitation.id);
  });

  it("bad input is BAD_REQUEST naming the field", async ({ callerAs }) => {
    const owner = callerAs(ownerId, "owner");
    await expectTrpcError(owner.members.invite({ email: "not-an-email" }), "BAD_REQUEST", "email");
    await expectTrpcError(owner.members.invite({ email: "a@b.example", role: "boss" as never }), "BAD_REQUEST", "role");
    await expectTrpcError(owner.members.revokeInvitation({ invitationId: "key-1" }), "BAD_REQUEST", "invitationId");
    await expectTrpcError(owner.members.acceptInvitation({ token: "" }), "BAD_REQUEST", "token");
  });
});
