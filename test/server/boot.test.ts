/** Start-up (server/boot): RUNTOWER_INIT_* and the demo seed, which a production start never does by default. */
import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { apiKeys, organizations, users } from "@/db/schema";
import { DEMO_ORG_ID, DEMO_USER } from "@/db/seed";
import { parseEnv } from "@/server/env";
import { prepareApp, shouldSeedDemo } from "@/server/boot";
import { hashApiKey } from "@/server/modules/access";
import { it } from "@/test/helpers/test";

// Starts from the file's database with no org in it (the `org` fixture is never used): what a first start sees.

describe("demo data", () => {
  it("is seeded only in development or when RUNTOWER_SEED_DEMO=true", () => {
    expect(shouldSeedDemo({ NODE_ENV: "production", RUNTOWER_SEED_DEMO: undefined })).toBe(false);
    expect(shouldSeedDemo({ NODE_ENV: "test", RUNTOWER_SEED_DEMO: undefined })).toBe(false);
    expect(shouldSeedDemo({ NODE_ENV: "development", RUNTOWER_SEED_DEMO: undefined })).toBe(true);
    expect(shouldSeedDemo({ NODE_ENV: "development", RUNTOWER_SEED_DEMO: "false" })).toBe(false);
    expect(shouldSeedDemo({ NODE_ENV: "production", RUNTOWER_SEED_DEMO: "true" })).toBe(true);
  });

  it("a production start (embedded database, no RUNTOWER_SEED_DEMO) seeds no demo org, key or user", async ({ database, db }) => {
    await prepareApp({ ...database, engine: "pglite" }, parseEnv({ NODE_ENV: "production" }));
    expect(await db.select().from(organizations).where(eq(organizations.id, DEMO_ORG_ID))).toEqual([]);
    expect(await db.select().from(users).where(eq(users.email, DEMO_USER.email))).toEqual([]);
    expect(
      await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, hashApiKey("rt_demo_local_development_key"))),
    ).toEqual([]);
  });

  it("RUNTOWER_INIT_* resources are still created on a production start", async ({ database, db }) => {
    const init = {
      RUNTOWER_INIT_ORG_ID: "org-0b00b000-0000-4000-8000-00000000b007",
      RUNTOWER_INIT_PROJECT_ID: "project-0b00b000-0000-4000-8000-00000000b007",
      RUNTOWER_INIT_API_KEY: "rt_boot_test_key_0123456789abcdef",
    };
    await prepareApp(database, parseEnv({ NODE_ENV: "production", ...init }));
    expect(await db.select().from(organizations).where(eq(organizations.id, init.RUNTOWER_INIT_ORG_ID))).toHaveLength(1);
  });
});
