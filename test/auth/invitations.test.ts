/**
 * Members join by invitation only (issue #13 item 4). `members.add` made any registered user a member (even an
 * owner) without asking them, and its NOT_FOUND for an unknown email told the inviter who has an account.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { memberships } from "@/db/schema";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access/users";
import { createCaller } from "@/server/root";
import { scopeWithRole } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

let ownerId: string;

const it = base.extend(
  "callerAs",
  { scope: "file" },
  async ({ db, org }) =>
    (userId: string, role: "owner" | "admin" | "member" | "viewer") =>
      createCaller({ db, scope: { ...scopeWithRole(org, role), userId, actor: userId, apiKeyId: null } }),
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
});
