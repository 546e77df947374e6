import { and, eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { auditLog, runs } from "@/db/schema";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access/users";
import { createCaller } from "@/server/root";
import { recordAudit } from "@/server/modules/audit";
import { callerWithRole, scopeWithRole, userCaller } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

const it = base.extend(
  "rowsFor",
  { scope: "file" },
  async ({ db }) =>
    (targetId: string) =>
      db.select().from(auditLog).where(eq(auditLog.targetId, targetId)),
);

let agentId: string;

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "audited" })).id;
});

describe("audit log", () => {
  it("records who cancelled a run, in the cancel's transaction", async ({ org, rowsFor }) => {
    const run = await org.caller.runs.create({ agentId });
    await org.caller.runs.cancel({ runId: run.id });
    const rows = await rowsFor(run.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organizationId: org.orgId,
      action: "run.cancel",
      targetType: "run",
      actorType: "api_key",
      actorId: org.scope.actor,
      details: { from: "created" },
    });
    // Cancelling an already cancelled run changes nothing and records nothing.
    await org.caller.runs.cancel({ runId: run.id });
    expect(await rowsFor(run.id)).toHaveLength(1);
  });

  it("records deletions", async ({ org, rowsFor }) => {
    const run = await org.caller.runs.create({ agentId });
    await org.caller.runs.delete({ runId: run.id });
    expect((await rowsFor(run.id)).map((r) => r.action)).toEqual(["run.delete"]);
  });

  it("a failed action writes no audit row (demoting the organization's only owner)", async ({ db, org, rowsFor }) => {
    // (A bulk cancel with an unknown id no longer fails: the unknown id is reported `not_found`, the rest cancelled.)
    const userId = await ensurePasswordUser(db, { email: "owner@audit.example", password: "owner-password-1" });
    await ensureMembership(db, { orgId: org.orgId, userId, role: "owner" });
    const owner = userCaller(org, userId, "owner");
    await expect(owner.members.setRole({ userId, role: "admin" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await rowsFor(userId)).toEqual([]);
  });

  it("a bulk cancel with one unknown run cancels and audits only the known one", async ({ db, org, rowsFor }) => {
    const run = await org.caller.runs.create({ agentId });
    const missing = "run-00000000-0000-4000-8000-000000000000";
    const receipt = await org.caller.runs.cancel({ runIds: [run.id, missing] });
    expect(receipt.results.find((r) => r.runId === missing)?.outcome).toBe("not_found");
    expect((await rowsFor(run.id)).map((r) => r.action)).toEqual(["run.cancel"]);
    expect(await rowsFor(missing)).toEqual([]);
    const [row] = await db.select().from(runs).where(eq(runs.id, run.id));
    expect(row.status).toBe("cancelled");
  });

  it("an audit row written in a transaction that rolls back is gone with it", async ({ db, org, rowsFor }) => {
    const targetId = "run-11111111-0000-4000-8000-000000000000";
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, org.scope, { action: "run.cancel", targetType: "run", targetId });
        expect(await tx.select().from(auditLog).where(eq(auditLog.targetId, targetId))).toHaveLength(1);
        throw new Error("the action failed after auditing");
      }),
    ).rejects.toThrow("the action failed");
    expect(await rowsFor(targetId)).toEqual([]);
  });

  it("records API key creation and revocation by the signed-in user", async ({ db, org }) => {
    const userId = await ensurePasswordUser(db, { email: "admin@audit.example", password: "admin-password-1" });
    await ensureMembership(db, { orgId: org.orgId, userId, role: "admin" });
    const userScope = { ...scopeWithRole(org, "admin"), userId, actor: userId, apiKeyId: null };
    const admin = createCaller({ db, scope: userScope });
    const { key } = await admin.apiKeys.create({ name: "audited key", role: "viewer" });
    await admin.apiKeys.revoke({ keyId: key.id });
    await admin.apiKeys.revoke({ keyId: key.id });
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, key.id)))
      .orderBy(auditLog.createdAt);
    expect(rows.map((r) => [r.action, r.actorType, r.actorId])).toEqual([
      ["api_key.create", "user", userScope.userId],
      ["api_key.revoke", "user", userScope.userId],
    ]);
    expect(rows[0].details).toMatchObject({ name: "audited key", role: "viewer" });
    const listed = await admin.audit.list({ targetId: key.id });
    expect(listed.items.map((e) => e.actorLabel)).toEqual(["admin@audit.example", "admin@audit.example"]);
  });

  it("is append-only: UPDATE and DELETE are refused by the database", async ({ db, org, rowsFor }) => {
    const run = await org.caller.runs.create({ agentId });
    await org.caller.runs.cancel({ runId: run.id });
    await expect(db.update(auditLog).set({ action: "x" }).where(eq(auditLog.targetId, run.id))).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.targetId, run.id))).rejects.toThrow();
    expect(await rowsFor(run.id)).toHaveLength(1);
  });

  it("audit.list: newest first, paginated, this organization only, owners and admins only", async ({ db, org, other }) => {
    const runIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await org.caller.runs.create({ agentId });
      await org.caller.runs.cancel({ runId: run.id });
      runIds.push(run.id);
    }
    const otherAgent = await other.caller.agents.create({ name: "theirs" });
    const otherRun = await other.caller.runs.create({ agentId: otherAgent.id });
    await other.caller.runs.cancel({ runId: otherRun.id });

    const first = await org.caller.audit.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.items[0].targetId).toBe(runIds[2]);
    expect(first.items[0].actorLabel).toContain("test key");
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await org.caller.audit.list({ limit: 2, after: cursor });
      all.push(...page.items.map((e) => e.targetId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual(expect.arrayContaining(runIds));
    expect(all).not.toContain(otherRun.id);
    const total = await db.execute(sql`select count(*) from audit_log where organization_id = ${org.orgId}`);
    expect(all.length).toBe(Number((total as unknown as { rows: { count: string }[] }).rows[0].count));
    await expect(callerWithRole(org, "member").audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(org.caller.audit.list({ after: "audit-nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Another organization's entry is an unknown cursor here.
    const theirs = await other.caller.audit.list({ limit: 1 });
    await expect(org.caller.audit.list({ after: theirs.items[0].id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("after"),
    });
  });
});
