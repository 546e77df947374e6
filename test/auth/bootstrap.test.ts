import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { accounts, memberships, users } from "@/db/schema";
import { DEMO_ORG_ID, DEMO_USER } from "@/db/seed";
import { ensureDemoUser } from "@/server/boot";
import { getSessionScope } from "@/server/modules/access/session";
import { ensureInitResources, readInitConfig } from "@/server/modules/access/bootstrap";
import { it } from "@/test/helpers/test";
import { headersWithCookie, signIn } from "./helpers";

const asEnv = (env: Record<string, string>) => env as unknown as NodeJS.ProcessEnv;
const ENV = {
  RUNTOWER_INIT_ORG_ID: "org-1a1a1a1a-0000-4000-8000-000000000001",
  RUNTOWER_INIT_PROJECT_ID: "project-1a1a1a1a-0000-4000-8000-000000000001",
  RUNTOWER_INIT_API_KEY: "rt_init_key_for_bootstrap_tests",
  RUNTOWER_INIT_USER_EMAIL: "Root@Example.com",
  RUNTOWER_INIT_USER_PASSWORD: "init-password-123",
};

describe("headless init user (RUNTOWER_INIT_USER_*)", () => {
  it("creates the init user as owner of the init org, idempotently, and the password signs in", async ({ db }) => {
    const config = readInitConfig(asEnv(ENV))!;
    expect(config.user).toEqual({ email: "Root@Example.com", password: "init-password-123", name: undefined });
    await ensureInitResources(db, config);
    await ensureInitResources(db, config);
    // A restart with a different password leaves the existing account alone.
    await ensureInitResources(db, { ...config, user: { ...config.user!, password: "another-password" } });
    const found = await db.select().from(users).where(eq(users.email, "root@example.com"));
    expect(found).toHaveLength(1);
    expect(await db.select().from(accounts).where(eq(accounts.userId, found[0].id))).toHaveLength(1);
    expect(await db.select().from(memberships).where(eq(memberships.userId, found[0].id))).toEqual([
      expect.objectContaining({ organizationId: ENV.RUNTOWER_INIT_ORG_ID, role: "owner" }),
    ]);
    const { response, cookie } = await signIn(db, { email: "root@example.com", password: "init-password-123" });
    expect(response.status).toBe(200);
    const scope = await getSessionScope(db, headersWithCookie(cookie));
    expect(scope).toMatchObject({ orgId: ENV.RUNTOWER_INIT_ORG_ID, role: "owner", userId: found[0].id });
  });

  it("validates the init user settings", () => {
    expect(() => readInitConfig(asEnv({ ...ENV, RUNTOWER_INIT_USER_PASSWORD: "" }))).toThrow(/set together/);
    expect(() => readInitConfig(asEnv({ ...ENV, RUNTOWER_INIT_USER_PASSWORD: "short" }))).toThrow(/at least 8/);
    expect(() => readInitConfig(asEnv({ ...ENV, RUNTOWER_INIT_USER_EMAIL: "not-an-email" }))).toThrow(/email/);
    const { RUNTOWER_INIT_USER_EMAIL: _e, RUNTOWER_INIT_USER_PASSWORD: _p, ...withoutUser } = ENV;
    expect(readInitConfig(asEnv(withoutUser))?.user).toBeNull();
  });

  it("the demo user owns the demo org once it exists (idempotent)", async ({ db }) => {
    expect(await ensureDemoUser(db)).toBe(false);
    const { organizations } = await import("@/db/schema");
    await db.insert(organizations).values({ id: DEMO_ORG_ID, name: "Demo organization" });
    expect(await ensureDemoUser(db)).toBe(true);
    expect(await ensureDemoUser(db)).toBe(true);
    const rows = await db.select().from(users).where(eq(users.email, DEMO_USER.email));
    expect(rows).toHaveLength(1);
    const { response } = await signIn(db, { email: DEMO_USER.email, password: DEMO_USER.password });
    expect(response.status).toBe(200);
  });
});
