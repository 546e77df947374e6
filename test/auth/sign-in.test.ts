import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { accounts, memberships, sessions, users } from "@/db/schema";
import { getAuth } from "@/server/modules/access/auth";
import { getSessionScope } from "@/server/modules/access/session";
import { ensureMembership, setActiveOrganization } from "@/server/modules/access/users";
import { createCaller } from "@/server/root";
import { it } from "@/test/helpers/test";
import { headersWithCookie, signIn, signUp } from "./helpers";

describe("email + password sessions (better-auth on our Drizzle schema)", () => {
  it("signs up: the new user owns a new organization and the cookie resolves to an owner scope", async ({ db }) => {
    const { response, cookie } = await signUp(db, { email: "Ada@Example.com", password: "correct horse battery" });
    expect(response.status).toBe(200);
    expect(cookie).toMatch(/session_token=/);
    const scope = await getSessionScope(db, headersWithCookie(cookie));
    expect(scope).not.toBeNull();
    expect(scope!.role).toBe("owner");
    expect(scope!.permissions).toContain("keys:manage");
    expect(scope!.userId).toMatch(/^user-/);
    expect(scope!.actor).toBe(scope!.userId);
    const [user] = await db.select().from(users).where(eq(users.id, scope!.userId!));
    expect(user.email).toBe("ada@example.com");
    // The password is stored as a scrypt hash, never in clear.
    const [account] = await db.select().from(accounts).where(eq(accounts.userId, user.id));
    expect(account.providerId).toBe("credential");
    expect(account.password).toBeTruthy();
    expect(account.password).not.toContain("correct horse");
    const me = await createCaller({ db, scope }).me.get();
    expect(me.user?.email).toBe("ada@example.com");
    expect(me.organization.id).toBe(scope!.orgId);
    expect(me.organizations).toEqual([{ id: scope!.orgId, name: expect.any(String), role: "owner" }]);
  });

  it("signs in with the right password and refuses a wrong one", async ({ db }) => {
    await signUp(db, { email: "grace@example.com", password: "right password 1" });
    const ok = await signIn(db, { email: "grace@example.com", password: "right password 1" });
    expect(ok.response.status).toBe(200);
    expect(await getSessionScope(db, headersWithCookie(ok.cookie))).not.toBeNull();

    const wrong = await getAuth(db).api.signInEmail({
      body: { email: "grace@example.com", password: "wrong password" },
      asResponse: true,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie().some((c) => /session_token=[^;]/.test(c))).toBe(false);
    const unknown = await getAuth(db).api.signInEmail({
      body: { email: "nobody@example.com", password: "whatever123" },
      asResponse: true,
    });
    expect(unknown.status).toBe(401);
  });

  it("signs out: the session is deleted and the cookie no longer resolves", async ({ db }) => {
    const { cookie } = await signUp(db, { email: "linus@example.com", password: "pass-word-123" });
    const scope = await getSessionScope(db, headersWithCookie(cookie));
    expect(scope).not.toBeNull();
    const out = await getAuth(db).api.signOut({ headers: headersWithCookie(cookie), asResponse: true });
    expect(out.status).toBe(200);
    expect(await getSessionScope(db, headersWithCookie(cookie))).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.userId, scope!.userId!))).toEqual([]);
  });

  it("answers null without a cookie or with a forged one", async ({ db }) => {
    expect(await getSessionScope(db, new Headers())).toBeNull();
    expect(await getSessionScope(db, headersWithCookie("better-auth.session_token=forged.value"))).toBeNull();
  });

  it("a user in several organizations acts on the active one, with that org's role", async ({ db, other }) => {
    const { cookie } = await signUp(db, { email: "multi@example.com", password: "multi-org-123" });
    const first = (await getSessionScope(db, headersWithCookie(cookie)))!;
    await ensureMembership(db, { orgId: other.orgId, userId: first.userId!, role: "viewer" });
    // Still on the first (oldest) org until switched.
    expect((await getSessionScope(db, headersWithCookie(cookie)))!.orgId).toBe(first.orgId);
    const session = await getAuth(db).api.getSession({ headers: headersWithCookie(cookie) });
    await setActiveOrganization(db, { sessionId: session!.session.id, userId: first.userId!, orgId: other.orgId });
    const switched = (await getSessionScope(db, headersWithCookie(cookie)))!;
    expect(switched.orgId).toBe(other.orgId);
    expect(switched.role).toBe("viewer");
    expect(switched.permissions).toEqual([]);
    // Removed from the active org: falls back to a membership that still exists.
    await db.delete(memberships).where(eq(memberships.organizationId, other.orgId));
    expect((await getSessionScope(db, headersWithCookie(cookie)))!.orgId).toBe(first.orgId);
  });

  it("cannot switch to an organization the user does not belong to (NOT_FOUND)", async ({ db, other: stranger }) => {
    const { cookie } = await signUp(db, { email: "switch@example.com", password: "switch-123-abc" });
    const session = await getAuth(db).api.getSession({ headers: headersWithCookie(cookie) });
    await expect(
      setActiveOrganization(db, { sessionId: session!.session.id, userId: session!.user.id, orgId: stranger.orgId }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
