import { eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { apiKeyRoles, apiKeys, organizations, projects } from "@/db/schema";
import { createCaller } from "@/server/root";
import { authenticateApiKey, hashApiKey } from "@/server/modules/access/api-keys";
import { ensureInitResources, readInitConfig } from "@/server/modules/access/bootstrap";
import { prepareApp } from "@/server/boot";
import { parseEnv } from "@/server/env";
import { createContextFromHeaders } from "@/server/trpc";
import { snapshotTables, tableNames } from "@/test/helpers/assertions";
import { it } from "@/test/helpers/test";

const ENV = {
  RUNTOWER_INIT_ORG_ID: "org-0b00b000-0000-4000-8000-000000000001",
  RUNTOWER_INIT_ORG_NAME: "Init org",
  RUNTOWER_INIT_PROJECT_ID: "project-0b00b000-0000-4000-8000-000000000001",
  RUNTOWER_INIT_API_KEY: "rt_init_bootstrap_key_0123456789abcdef",
};

// The init resources go into the file's database with no org in it (the `org` fixture is never used).

/** How many rows of any table contain `needle` anywhere in their text form. */
async function rowsContaining(db: Db, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const table of await tableNames(db)) {
    const [row] = await queryRows<{ n: string | number }>(
      db,
      sql`select count(*) as n from ${sql.identifier(table)} t where strpos(t::text, ${needle}) > 0`,
    );
    if (Number(row.n) > 0) found[table] = Number(row.n);
  }
  return found;
}

describe("RUNTOWER_INIT_* bootstrap", () => {
  it("creates the org, the project and the key, and is idempotent", async ({ db }) => {
    const config = readInitConfig(ENV as unknown as NodeJS.ProcessEnv)!;
    expect(config).toMatchObject({
      orgId: ENV.RUNTOWER_INIT_ORG_ID,
      orgName: "Init org",
      projectId: ENV.RUNTOWER_INIT_PROJECT_ID,
      projectName: "Default project",
      apiKey: ENV.RUNTOWER_INIT_API_KEY,
    });
    await ensureInitResources(db, config);
    const first = await snapshotTables(db);
    await ensureInitResources(db, config);
    await ensureInitResources(db, { ...config, orgName: "Renamed", projectName: "Renamed" });
    expect(await snapshotTables(db)).toEqual(first);

    expect(await db.select().from(organizations).where(eq(organizations.id, config.orgId))).toMatchObject([{ name: "Init org" }]);
    expect(await db.select().from(projects).where(eq(projects.id, config.projectId))).toHaveLength(1);
    const keys = await db.select().from(apiKeys).where(eq(apiKeys.organizationId, config.orgId));
    expect(keys).toHaveLength(1);
    expect(keys[0].projectId).toBe(config.projectId);
  });

  it("stores the key hashed: no row of any table holds the clear-text token", async ({ db }) => {
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.organizationId, ENV.RUNTOWER_INIT_ORG_ID));
    expect(key.keyHash).toBe(hashApiKey(ENV.RUNTOWER_INIT_API_KEY));
    expect(key.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.displayPrefix.length).toBeLessThan(ENV.RUNTOWER_INIT_API_KEY.length / 2);
    expect(await rowsContaining(db, ENV.RUNTOWER_INIT_API_KEY)).toEqual({});
    // the hash is peppered: it is not a bare SHA-256 of the token
    const { createHash } = await import("node:crypto");
    expect(key.keyHash).not.toBe(createHash("sha256").update(ENV.RUNTOWER_INIT_API_KEY).digest("hex"));
  });

  it("authenticates the key to the init org and project; wrong, revoked and expired keys do not", async ({ db }) => {
    const principal = await authenticateApiKey(db, ENV.RUNTOWER_INIT_API_KEY);
    expect(principal).toMatchObject({ orgId: ENV.RUNTOWER_INIT_ORG_ID, projectId: ENV.RUNTOWER_INIT_PROJECT_ID });
    expect(principal!.keyId).toMatch(/^key-/);
    expect(await authenticateApiKey(db, `${ENV.RUNTOWER_INIT_API_KEY}x`)).toBeNull();
    expect(await authenticateApiKey(db, "")).toBeNull();
    expect(await authenticateApiKey(db, "x".repeat(10_000))).toBeNull();

    // last_used_at is recorded
    const [used] = await db.select().from(apiKeys).where(eq(apiKeys.id, principal!.keyId));
    expect(used.lastUsedAt).toBeInstanceOf(Date);

    await db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, principal!.keyId));
    expect(await authenticateApiKey(db, ENV.RUNTOWER_INIT_API_KEY)).toBeNull();
    await db.update(apiKeys).set({ expiresAt: null, revokedAt: new Date() }).where(eq(apiKeys.id, principal!.keyId));
    expect(await authenticateApiKey(db, ENV.RUNTOWER_INIT_API_KEY)).toBeNull();
    await db.update(apiKeys).set({ revokedAt: null }).where(eq(apiKeys.id, principal!.keyId));
    expect(await authenticateApiKey(db, ENV.RUNTOWER_INIT_API_KEY)).not.toBeNull();
  });

  it("a bearer token resolves to a caller scoped to the init org", async ({ db }) => {
    const ctx = await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${ENV.RUNTOWER_INIT_API_KEY}` }));
    expect(ctx.scope?.orgId).toBe(ENV.RUNTOWER_INIT_ORG_ID);
    const caller = createCaller(ctx);
    const agent = await caller.agents.create({ name: "init-agent" });
    expect(agent.projectId).toBe(ENV.RUNTOWER_INIT_PROJECT_ID);
    expect((await caller.agents.list({})).items.map((a) => a.id)).toEqual([agent.id]);

    const anonymous = await createContextFromHeaders(db, new Headers({ authorization: "Bearer rt_not_a_key_at_all_000" }));
    expect(anonymous.scope).toBeNull();
    await expect(createCaller(anonymous).agents.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("with a user, stores the password hashed and stays idempotent", async ({ db }) => {
    const config = readInitConfig({
      ...ENV,
      RUNTOWER_INIT_USER_EMAIL: "Init@Example.com",
      RUNTOWER_INIT_USER_PASSWORD: "init-password-123",
    } as unknown as NodeJS.ProcessEnv);
    if (!config?.user) throw new Error("readInitConfig ignored RUNTOWER_INIT_USER_*");
    await ensureInitResources(db, config);
    const once = await snapshotTables(db);
    await ensureInitResources(db, config);
    expect(await snapshotTables(db)).toEqual(once);
    expect(await rowsContaining(db, "init-password-123")).toEqual({});
    expect(Object.keys(await rowsContaining(db, "init@example.com")).length).toBeGreaterThan(0);
  });

  it("RUNTOWER_INIT_API_KEY_ROLE: member by default, admin or viewer when set, and the key acts with it", async ({ db }) => {
    expect(readInitConfig(ENV as unknown as NodeJS.ProcessEnv)?.apiKeyRole).toBe("member");
    for (const [i, role] of (["admin", "viewer"] as const).entries()) {
      const env = {
        RUNTOWER_INIT_ORG_ID: `org-0b00b000-0000-4000-8000-00000000010${i}`,
        RUNTOWER_INIT_PROJECT_ID: `project-0b00b000-0000-4000-8000-00000000010${i}`,
        RUNTOWER_INIT_API_KEY: `rt_init_${role}_key_0123456789abcdef`,
        RUNTOWER_INIT_API_KEY_ROLE: role,
      };
      const config = readInitConfig(env as unknown as NodeJS.ProcessEnv)!;
      expect(config.apiKeyRole).toBe(role);
      await ensureInitResources(db, config);
      await ensureInitResources(db, config);
      const principal = await authenticateApiKey(db, env.RUNTOWER_INIT_API_KEY);
      expect(principal?.role).toBe(role);
      expect(await db.select().from(apiKeyRoles).where(eq(apiKeyRoles.apiKeyId, principal!.keyId))).toHaveLength(1);
      const caller = createCaller(
        await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${env.RUNTOWER_INIT_API_KEY}` })),
      );
      const creating = caller.callbacks.endpoints.create({ name: `init ${role}` });
      if (role === "admin") await expect(creating).resolves.toMatchObject({ name: "init admin" });
      else await expect(creating).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("a bad RUNTOWER_INIT_API_KEY_ROLE stops the start with a message naming the variable and its values", async ({
    database,
  }) => {
    const bad = parseEnv({ ...ENV, RUNTOWER_INIT_API_KEY_ROLE: "owner", NODE_ENV: "test" });
    await expect(prepareApp(database, bad)).rejects.toThrow(
      /RUNTOWER_INIT_API_KEY_ROLE must be member \(the default\), admin or viewer \(got "owner"\)/,
    );
  });
});
