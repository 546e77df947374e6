import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { describe, expect } from "vitest";
import { auditLog, memberships } from "@/db/schema";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access/users";
import { createTestOrg, userCaller } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

let ownerId: string;

const it = base.extend(
  "callerAs",
  { scope: "file" },
  async ({ org }) =>
    (userId: string, role: "owner" | "admin" | "member" | "viewer") =>
      userCaller(org, userId, role),
);

it.beforeAll(async ({ db, org }) => {
  ownerId = await ensurePasswordUser(db, { email: "owner@members.example", password: "owner-pass-1" });
  await ensureMembership(db, { orgId: org.orgId, userId: ownerId, role: "owner" });
});

describe("members", () => {
  it("an owner changes a member's role and removes them; each step is audited", async ({ db, org, callerAs }) => {
    const owner = callerAs(ownerId, "owner");
    // Joining is by invitation (test/auth/invitations.test.ts); here the membership is written directly.
    const userId = await ensurePasswordUser(db, { email: "new@members.example", password: "new-pass-123" });
    await ensureMembership(db, { orgId: org.orgId, userId, role: "viewer" });
    expect((await owner.members.list()).find((m) => m.userId === userId)).toMatchObject({
      role: "viewer",
      email: "new@members.example",
    });
    await owner.members.setRole({ userId, role: "member" });
    expect((await owner.members.list()).find((m) => m.userId === userId)?.role).toBe("member");
    await owner.members.remove({ userId });
    expect((await owner.members.list()).map((m) => m.userId)).not.toContain(userId);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, userId))).map((r) => r.action).sort();
    expect(actions).toEqual(["member.remove", "member.role"]);
  });

  it("other organizations' members answer NOT_FOUND", async ({ db, other, callerAs }) => {
    const owner = callerAs(ownerId, "owner");
    const stranger = await ensurePasswordUser(db, { email: "stranger@members.example", password: "stranger-1" });
    await ensureMembership(db, { orgId: other.orgId, userId: stranger, role: "member" });
    await expect(owner.members.setRole({ userId: stranger, role: "viewer" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.members.remove({ userId: stranger })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.members.list()).map((m) => m.userId)).not.toContain(stranger);
  });

  it("only owners touch owners, and the last owner stays", async ({ db, org, callerAs }) => {
    const adminId = await ensurePasswordUser(db, { email: "admin@members.example", password: "admin-pass-1" });
    await ensureMembership(db, { orgId: org.orgId, userId: adminId, role: "admin" });
    const admin = callerAs(adminId, "admin");
    await expect(admin.members.setRole({ userId: ownerId, role: "viewer" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.members.invite({ email: "owner2@members.example", role: "owner" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const owner = callerAs(ownerId, "owner");
    await expect(owner.members.remove({ userId: ownerId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(owner.members.setRole({ userId: ownerId, role: "admin" })).rejects.toMatchObject({ code: "CONFLICT" });
    const [row] = await db.select().from(memberships).where(eq(memberships.userId, ownerId));
    expect(row.role).toBe("owner");
    await expect(callerAs(adminId, "member").members.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(owner.members.setRole({ userId: "not-a-user-id", role: "viewer" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("userId"),
    });
  });
});

describe("members: the last owner, under concurrent changes", () => {
  // Postgres runs both transactions at once (each owner locks only their own membership row without the org lock);
  // PGlite runs them one after the other: the same rule holds either way.
  const ROUNDS = 12;

  async function orgWithTwoOwners(db: Db, round: number) {
    const fresh = await createTestOrg(db, `Owners ${round}`);
    const ids = await Promise.all(
      ["a", "b"].map(async (who) => {
        const id = await ensurePasswordUser(db, { email: `${who}${round}@owners.example`, password: "owner-pass-1" });
        await ensureMembership(db, { orgId: fresh.orgId, userId: id, role: "owner" });
        return id;
      }),
    );
    const as = (userId: string) => userCaller(fresh, userId, "owner");
    const owners = async () =>
      (await db.select().from(memberships).where(eq(memberships.organizationId, fresh.orgId))).filter((m) => m.role === "owner")
        .length;
    return { ids, as, owners };
  }

  it("two owners demoting each other at once: one succeeds, the other is refused with CONFLICT", async ({ db }) => {
    for (let round = 0; round < ROUNDS; round++) {
      const { ids, as, owners } = await orgWithTwoOwners(db, round);
      const results = await Promise.allSettled([
        as(ids[0]).members.setRole({ userId: ids[1], role: "admin" }),
        as(ids[1]).members.setRole({ userId: ids[0], role: "admin" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("at least one owner") });
      expect(await owners()).toBe(1);
    }
  });

  it("two owners removing themselves (or each other) at once: one remains an owner", async ({ db }) => {
    for (let round = 0; round < ROUNDS; round++) {
      const { ids, as, owners } = await orgWithTwoOwners(db, 100 + round);
      // Even rounds: each owner removes themselves; odd rounds: each removes the other.
      const targets = round % 2 ? [ids[1], ids[0]] : ids;
      const results = await Promise.allSettled([
        as(ids[0]).members.remove({ userId: targets[0] }),
        as(ids[1]).members.remove({ userId: targets[1] }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
      expect(await owners()).toBe(1);
    }
  });
});
