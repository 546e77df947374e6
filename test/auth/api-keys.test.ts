import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { apiKeyRoles, apiKeys, auditLog } from "@/db/schema";
import { createCaller } from "@/server/root";
import { authenticateApiKey, hashApiKey } from "@/server/modules/access/api-keys";
import { createContextFromHeaders } from "@/server/trpc";
import { callerWithRole } from "@/test/helpers/fixtures";
import { it } from "@/test/helpers/test";

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

describe("API key management", () => {
  it("creates a key whose token is returned once and stored only as a peppered hash with a visible prefix", async ({
    database,
    org,
  }) => {
    const { key, token } = await org.caller.apiKeys.create({ name: "ingest", projectId: org.projectId });
    expect(token).toMatch(/^rt_[A-Za-z0-9_-]{32}$/);
    expect(key).toMatchObject({ name: "ingest", projectId: org.projectId, role: "member", revokedAt: null, lastUsedAt: null });
    expect(token.startsWith(key.displayPrefix)).toBe(true);
    expect(JSON.stringify(key)).not.toContain(token);

    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row.keyHash).toBe(hashApiKey(token));
    expect(row.keyHash).not.toContain(token.slice(3));
    expect(Object.values(row).some((v) => typeof v === "string" && v.includes(token))).toBe(false);

    const listed = await org.caller.apiKeys.list({});
    const entry = listed.find((k) => k.id === key.id)!;
    expect(entry.displayPrefix).toBe(token.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(token);

    // The key works, bound to its project, and its use is recorded.
    const principal = await authenticateApiKey(database.db, token);
    expect(principal).toMatchObject({ keyId: key.id, orgId: org.orgId, projectId: org.projectId, role: "member" });
    const used = (await org.caller.apiKeys.list({})).find((k) => k.id === key.id)!;
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });

  it("creates read-only keys", async ({ database, org }) => {
    const { key, token } = await org.caller.apiKeys.create({ name: "dashboards", role: "viewer" });
    expect(key.role).toBe("viewer");
    const [role] = await database.db.select().from(apiKeyRoles).where(eq(apiKeyRoles.apiKeyId, key.id));
    expect(role.role).toBe("viewer");
    expect((await authenticateApiKey(database.db, token))?.role).toBe("viewer");
  });

  it("revokes a key: its next request is UNAUTHORIZED; revoking again changes nothing", async ({ database, org }) => {
    const { key, token } = await org.caller.apiKeys.create({ name: "short-lived" });
    const ctx = await createContextFromHeaders(database.db, bearer(token));
    expect((await createCaller(ctx).runs.list({})).items).toEqual([]);

    const revoked = await org.caller.apiKeys.revoke({ keyId: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(database.db, token)).toBeNull();
    const after = await createContextFromHeaders(database.db, bearer(token));
    expect(after.scope).toBeNull();
    await expect(createCaller(after).runs.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const again = await org.caller.apiKeys.revoke({ keyId: key.id });
    expect(again.revokedAt?.getTime()).toBe(revoked.revokedAt?.getTime());
    const active = await org.caller.apiKeys.list({ includeRevoked: false });
    expect(active.map((k) => k.id)).not.toContain(key.id);
  });

  it("expired keys fail", async ({ database, org }) => {
    const { key, token } = await org.caller.apiKeys.create({ name: "expiring", expiresAt: new Date(Date.now() + 60_000) });
    expect(await authenticateApiKey(database.db, token)).not.toBeNull();
    await database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id));
    expect(await authenticateApiKey(database.db, token)).toBeNull();
  });

  it("another organization's key or project answers NOT_FOUND, like a missing one", async ({ database, org, other }) => {
    const { key: otherKey, token: otherToken } = await other.caller.apiKeys.create({ name: "theirs" });
    await expect(org.caller.apiKeys.revoke({ keyId: otherKey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(org.caller.apiKeys.revoke({ keyId: "key-00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await authenticateApiKey(database.db, otherToken)).not.toBeNull();
    expect((await org.caller.apiKeys.list({})).map((k) => k.id)).not.toContain(otherKey.id);
    await expect(org.caller.apiKeys.create({ name: "x", projectId: other.projectId })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("projectId"),
    });
  });

  it("bad input is BAD_REQUEST naming the field and writes nothing", async ({ database, org }) => {
    const before = (await database.db.select().from(apiKeys)).length;
    const cases: [unknown, string][] = [
      [{ name: "" }, "name"],
      [{ name: "x", role: "owner" }, "role"],
      [{ name: "x", projectId: "org-1" }, "projectId"],
      [{ name: "x", expiresAt: new Date(Date.now() - 1000) }, "expiresAt"],
    ];
    for (const [input, field] of cases) {
      const error = await org.caller.apiKeys.create(input as never).catch((e: unknown) => e);
      expect(error, field).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(field) });
    }
    await expect(org.caller.apiKeys.revoke({ keyId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await database.db.select().from(apiKeys)).length).toBe(before);
  });
});

describe("admin API keys", () => {
  it("an admin key, chosen explicitly, manages callback endpoints; a member key is FORBIDDEN", async ({ database, org }) => {
    const admin = await org.caller.apiKeys.create({ name: "ops tool", role: "admin" });
    expect(admin.key.role).toBe("admin");
    expect((await authenticateApiKey(database.db, admin.token))?.role).toBe("admin");
    const asAdmin = createCaller(await createContextFromHeaders(database.db, bearer(admin.token)));
    expect(await asAdmin.callbacks.endpoints.create({ name: "from a tool" })).toMatchObject({ name: "from a tool" });

    const member = await org.caller.apiKeys.create({ name: "ingest only" });
    expect(member.key.role).toBe("member");
    const asMember = createCaller(await createContextFromHeaders(database.db, bearer(member.token)));
    await expect(asMember.callbacks.endpoints.create({ name: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("creating an admin key needs keys:manage, and the creation is audited with its role", async ({ database, org }) => {
    for (const role of ["member", "viewer"] as const)
      await expect(callerWithRole(org, role).apiKeys.create({ name: "escalate", role: "admin" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    const { key } = await org.caller.apiKeys.create({ name: "audited admin", role: "admin" });
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.targetId, key.id));
    expect(rows).toMatchObject([
      { action: "api_key.create", targetType: "api_key", details: expect.objectContaining({ role: "admin" }) },
    ]);
  });

  it("an admin key is org-wide: binding one to a project is BAD_REQUEST naming projectId, and no key is stored", async ({
    database,
    org,
  }) => {
    const before = await database.db.select().from(auditLog).where(eq(auditLog.action, "api_key.create"));
    await expect(
      org.caller.apiKeys.create({ name: "scoped admin", role: "admin", projectId: org.projectId }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("projectId"),
    });
    const after = await database.db.select().from(auditLog).where(eq(auditLog.action, "api_key.create"));
    expect(after).toHaveLength(before.length);
  });
});
